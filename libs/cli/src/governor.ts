#!/usr/bin/env node
// `governor`: the operator's command line for daily work against a running Governor (local use:
// it mints its own token from GOVERNOR_JWT_SECRET, default the local dev secret).
import { ApiCallError, ApiClient } from './api-client';
import { addKafkaUser } from './kafka-user';
import { publishFile } from './publish-file';

const USAGE = `usage: governor <command>
  approvals [--status pending] [--domain D]     the human review queue
  approve TASK_ID [--comment TEXT]              approve a task (as GOVERNOR_USER)
  reject TASK_ID [--comment TEXT]               reject a task
  domains [DOMAIN]                              each domain's mode, health and history
  override DOMAIN manual-fallback|automated|clear --reason TEXT
  lineage ACTION_ID                             the whole story of one action
  audit verify                                  check the audit log's hash chain
  agents                                        the registry of AI agents
  scorecard [--window 24h]                      the governance scorecard
  publish FILE [--topic TOPIC]                  publish a file of CloudEvents
  kafka-user add NAME --produce TOPIC... --consume TOPIC...
                                                provision a Kafka principal (local secured broker)
  token [--user U] [--roles a,b]                print a token for curl
env: GOVERNOR_USER, GOVERNOR_ROLES, GOVERNOR_JWT_SECRET, PORT_<SERVICE>, KAFKA_BROKERS`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

async function run(args: string[]): Promise<unknown> {
  const api = ApiClient.fromEnv();
  const [command, ...rest] = args;
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
      return api.call('policy-enforcement', 'GET', '/audit/verify');
    case 'agents':
      return api.call('policy-enforcement', 'GET', '/agents');
    case 'scorecard':
      return api.call('resilience-monitor', 'GET', `/scorecard${query({ window: option(rest, 'window') })}`);
    case 'publish': {
      if (!rest[0]) throw new Error('publish needs a file');
      const count = await publishFile(rest[0], option(rest, 'topic'));
      return { published: count };
    }
    case 'kafka-user':
      return addKafkaUser(rest);
    case 'token':
      return api.as(option(rest, 'user') ?? process.env.GOVERNOR_USER ?? 'u-local-operator', (option(rest, 'roles') ?? 'operator,auditor,governance,approver,planner,credit-controller').split(',')).token();
    default:
      throw new Error(USAGE);
  }
}

run(process.argv.slice(2)).then(
  (result) => {
    process.stdout.write(typeof result === 'string' ? `${result}\n` : `${JSON.stringify(result, null, 2)}\n`);
  },
  (error: unknown) => {
    const message = error instanceof ApiCallError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(error instanceof ApiCallError && error.status < 500 ? 2 : 1);
  },
);
