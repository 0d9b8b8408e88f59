// The commands of `governor` (governor.ts is the executable): each names the service, the call and
// the roles it needs, so that a development token carries those roles and no more.
import { ApiClient } from './api-client';
import { AUDIT_USAGE, auditCommand, verifyPackFile } from './audit-commands';
import { option, query } from './cli-args';
import { CliCredentialsError, cliCredentials, DEFAULT_CLI_USER } from './cli-credentials';
import { addKafkaUser } from './kafka-user';
import { publishFile } from './publish-file';

export const USAGE = `usage: governor <command>
  approvals [--status pending] [--domain D]     the human review queue
  approve TASK_ID [--comment TEXT]              approve a task (as GOVERNOR_USER)
  reject TASK_ID [--comment TEXT]               reject a task
  domains [DOMAIN]                              each domain's mode, health and history
  override DOMAIN manual-fallback|automated|clear --reason TEXT
  lineage ACTION_ID                             the whole story of one action
${AUDIT_USAGE}
  agents                                        the registry of AI agents
  scorecard [--window 24h]                      the governance scorecard
  publish FILE [--topic TOPIC]                  publish a file of CloudEvents
  kafka-user add NAME --produce TOPIC... --consume TOPIC...
                                                provision a Kafka principal (local secured broker)
  token [--user U] [--roles a,b]                print a development token for curl
env: GOVERNOR_TOKEN (sent as the bearer token when set), GOVERNOR_USER, GOVERNOR_JWT_SECRET,
     PORT_<SERVICE>, KAFKA_BROKERS. Without GOVERNOR_TOKEN the CLI mints a development token, and
     only where the services use the local development secret.`;

/** The roles each API command needs (an approval also needs its domain's role: planner or credit-controller). */
export const COMMAND_ROLES: Record<string, readonly string[]> = {
  approvals: ['approver'],
  approve: ['approver', 'planner', 'credit-controller'],
  reject: ['approver', 'planner', 'credit-controller'],
  domains: ['operator'],
  override: ['operator'],
  lineage: ['auditor'],
  audit: ['auditor'],
  agents: ['governance'],
  scorecard: [],
};

const ALL_ROLES = 'operator,auditor,governance,approver,planner,credit-controller';

export interface CommandIo {
  env: NodeJS.ProcessEnv;
  /** Where the CLI says which token it uses. */
  notice(message: string): void;
}

export async function runCommand(args: string[], io: CommandIo): Promise<unknown> {
  const [command, ...rest] = args;
  if (command === 'kafka-user') return addKafkaUser(rest, io.env);
  // Offline: no service, so no token either.
  if (command === 'audit' && rest[0] === 'verify-pack') return verifyPackFile(rest.slice(1));
  if (command === 'publish') {
    if (!rest[0]) throw new Error('publish needs a file');
    return { published: await publishFile(rest[0], option(rest, 'topic')) };
  }
  if (command === 'token') {
    const roles = (option(rest, 'roles') ?? ALL_ROLES).split(',');
    const credentials = cliCredentials({ ...io.env, GOVERNOR_TOKEN: undefined, GOVERNOR_USER: option(rest, 'user') ?? io.env.GOVERNOR_USER ?? DEFAULT_CLI_USER }, roles);
    if (credentials.kind !== 'development') throw new CliCredentialsError('token prints development tokens only');
    io.notice(credentials.notice);
    return ApiClient.forCredentials(credentials, io.env).token();
  }
  const roles = command === undefined ? undefined : COMMAND_ROLES[command];
  if (roles === undefined) throw new Error(USAGE);
  const credentials = cliCredentials(io.env, roles);
  if (credentials.kind === 'development') io.notice(credentials.notice);
  const api = ApiClient.forCredentials(credentials, io.env);
  switch (command) {
    case 'approvals':
      return api.call('policy-enforcement', 'GET', `/approvals${query({ status: option(rest, 'status') ?? 'pending', domain: option(rest, 'domain') })}`);
    case 'approve':
    case 'reject':
      if (!rest[0]) throw new Error(`${command} needs a task id`);
      return api.call('policy-enforcement', 'POST', `/approvals/${encodeURIComponent(rest[0])}/${command}`, { comment: option(rest, 'comment') ?? '' });
    case 'domains':
      return api.call('circuit-breaker', 'GET', rest[0] ? `/domains/${encodeURIComponent(rest[0])}` : '/domains');
    case 'override':
      if (!rest[0] || !rest[1]) throw new Error('override needs a domain and a mode');
      return api.call('circuit-breaker', 'POST', `/domains/${encodeURIComponent(rest[0])}/override`, { mode: rest[1], reason: option(rest, 'reason') ?? 'operator override' });
    case 'lineage':
      if (!rest[0]) throw new Error('lineage needs an action id');
      return api.call('policy-enforcement', 'GET', `/lineage/${encodeURIComponent(rest[0])}`);
    case 'audit':
      return auditCommand(api, rest);
    case 'agents':
      return api.call('policy-enforcement', 'GET', '/agents');
    case 'scorecard':
      return api.call('resilience-monitor', 'GET', `/scorecard${query({ window: option(rest, 'window') })}`);
    default:
      throw new Error(USAGE);
  }
}
