// The commands of `governor` (governor.ts is the executable). commander parses the command line:
// each command declares its arguments and options, so an unknown option, a missing argument or a
// missing required option fails with the command's usage, and options may come before or after
// the arguments. Each command asks for a client with only the roles it needs, so that a
// development token carries those roles and no more. Answers are drawn as tables for people, or
// printed as the API's JSON with --json.
import { Command, CommanderError } from 'commander';
import { ApiClient } from './api-client';
import { addAuditCommands } from './audit-commands';
import { commaList, query } from './cli-args';
import { CliCredentialsError, cliCredentials, DEFAULT_CLI_USER } from './cli-credentials';
import type { CommandContext, CommandIo, Render } from './command-context';
import { addGovernanceCommands } from './governance-commands';
import { addKafkaUser, kafkaUserRequest } from './kafka-user';
import { addModelCommands } from './model-commands';
import { addOperatorCommands } from './operator-commands';
import { publishFile } from './publish-file';
import { addSourceCommands } from './source-commands';
import { forecastAccuracyTable, scorecardOutcomesTable, shadowVsChampionTable, type ScorecardAnswer, type ScorecardFigures } from './scorecard';
import { cell, listTable } from './tables';

export type { CommandIo } from './command-context';

/** The command line does not fit the command; the message ends with the command's usage. */
export class UsageError extends Error {}

const ALL_ROLES = 'operator,auditor,governance,approver,planner,credit-controller';

const ENVIRONMENT_HELP = `
Environment: GOVERNOR_TOKEN (sent as the bearer token when set), GOVERNOR_USER, GOVERNOR_JWT_SECRET,
PORT_<SERVICE>, GOVERNOR_HOST, KAFKA_BROKERS. Without GOVERNOR_TOKEN the CLI mints a development
token, and only where the services use the local development secret.`;

/**
 * Runs one command line. Resolves to the command's answer (the API's JSON, or a line of text) after
 * printing it to `io.print` (a table, or the JSON with --json); rejects with a UsageError when the
 * line does not fit, and with the API's or the command's own error otherwise.
 */
export async function runCommand(args: string[], io: CommandIo): Promise<unknown> {
  let answered: { value: unknown; render?: Render<never> } | undefined;
  const context: CommandContext = {
    io,
    api(roles) {
      const credentials = cliCredentials(io.env, roles);
      if (credentials.kind === 'development') io.notice(credentials.notice);
      return ApiClient.forCredentials(credentials, io.env);
    },
    answer(value, render) {
      answered = { value, render: render as Render<never> | undefined };
    },
  };
  const written = { out: '', err: '' };
  const program = governorProgram(context, written);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode !== 0) throw new UsageError(written.err.trimEnd());
    // --help, or `help COMMAND`: the help is the answer.
    const help = written.out.trimEnd();
    io.print?.(help);
    return help;
  }
  if (answered === undefined) throw new Error(`governor ${args.join(' ')} answered nothing`);
  const { value, render } = answered;
  const json = (program.opts() as { json?: boolean }).json === true;
  io.print?.(typeof value === 'string' ? value : !json && render ? render(value as never) : JSON.stringify(value, null, 2));
  return value;
}

function governorProgram(ctx: CommandContext, written: { out: string; err: string }): Command {
  // Settings first: every subcommand copies them when it is created.
  const program = new Command('governor')
    .description("the operator's command line of a running Governor")
    .option('--json', "print the API's JSON answer instead of a table")
    .exitOverride()
    .configureOutput({ writeOut: (text) => (written.out += text), writeErr: (text) => (written.err += text) })
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', ENVIRONMENT_HELP);
  addOperatorCommands(program, ctx);
  addGovernanceCommands(program, ctx);
  addAuditCommands(program, ctx);
  addSourceCommands(program, ctx);
  addModelCommands(program, ctx);
  program
    .command('scorecard')
    .description('the governance scorecard')
    .option('--window <window>', 'how far back, e.g. 24h or 7d (default: 24h)')
    .action(async (o: { window?: string }) => {
      const scorecard = await ctx.api([]).call<ScorecardAnswer>('resilience-monitor', 'GET', `/scorecard${query({ window: o.window })}`);
      ctx.answer(scorecard, scorecardTable);
    });
  addToolCommands(program, ctx);
  return program;
}

/** Commands that call no service API: publishing events, provisioning Kafka users, minting tokens. */
function addToolCommands(program: Command, ctx: CommandContext): void {
  program
    .command('publish')
    .description('publish a file of CloudEvents (a JSON array, one object or JSON lines), validated first')
    .argument('<file>')
    .option('--topic <topic>', "the topic (default: the registry's topic of each event's type)")
    .action(async (file: string, o: { topic?: string }) => ctx.answer({ published: await publishFile(file, o.topic) }, (a) => `published ${a.published} events`));
  program
    .command('kafka-user')
    .description('Kafka principals on the local secured broker')
    .command('add')
    .description('create a SCRAM user with the ACLs to write and read exactly these topics')
    .argument('<name>', 'the user; its consumer groups are those whose id starts with it')
    .option('--produce <topics...>', 'topics it may write')
    .option('--consume <topics...>', 'topics it may read')
    .action(async (name: string, o: { produce?: string[]; consume?: string[] }) => ctx.answer(await addKafkaUser(kafkaUserRequest(name, o.produce, o.consume), ctx.io.env)));
  program
    .command('token')
    .description('print a development token for curl')
    .option('--user <user>', 'its subject (default: GOVERNOR_USER)')
    .option('--roles <roles>', 'its roles, comma-separated', commaList)
    .action((o: { user?: string; roles?: string[] }) => {
      const env = ctx.io.env;
      const user = o.user ?? env.GOVERNOR_USER ?? DEFAULT_CLI_USER;
      const credentials = cliCredentials({ ...env, GOVERNOR_TOKEN: undefined, GOVERNOR_USER: user }, o.roles ?? ALL_ROLES.split(','));
      if (credentials.kind !== 'development') throw new CliCredentialsError('token prints development tokens only');
      ctx.io.notice(credentials.notice);
      ctx.answer(ApiClient.forCredentials(credentials, env).token());
    });
}

function scorecardTable(scorecard: ScorecardAnswer): string {
  const rows: [string, ScorecardFigures][] = [['overall', scorecard.overall], ...Object.entries(scorecard.domains)];
  const table = listTable(
    rows,
    [
      { head: 'domain', value: ([domain]) => domain },
      { head: 'events', value: ([, f]) => f.eventsIn },
      { head: 'mean quality', value: ([, f]) => f.meanDataQuality },
      { head: 'proposals', value: ([, f]) => f.proposals },
      { head: 'automatic', value: ([, f]) => f.decisions['auto-approved'] },
      { head: 'to people', value: ([, f]) => f.decisions['approval-required'] },
      { head: 'rejected', value: ([, f]) => f.decisions.rejected },
      { head: 'automation', value: ([, f]) => f.automationRate },
      { head: 'approval p50 s', value: ([, f]) => f.approvalLatencySeconds?.p50 },
      { head: 'executed', value: ([, f]) => f.executions?.executed },
      { head: 'failed', value: ([, f]) => f.executions?.failed },
      { head: 'prevented', value: ([, f]) => f.policyViolationsPrevented },
    ],
    'no figures',
  );
  const heading = `scorecard of the last ${scorecard.window} (${cell(scorecard.from)} to ${cell(scorecard.to)})`;
  return `${heading}\n${table}\noutcomes (mixes: automatic/to people/rejected, automated share)\n${scorecardOutcomesTable(scorecard)}\n${forecastAccuracyTable(scorecard)}\nshadow vs champion (WAPE on the same live forecasts; delta = shadow - champion)\n${shadowVsChampionTable(scorecard)}`;
}
