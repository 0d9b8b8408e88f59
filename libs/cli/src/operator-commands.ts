// The commands of daily operation: the approval queue (policy-enforcement), domain modes and
// overrides (circuit-breaker) and executions and their compensation (execution-adapters). The
// short forms from before the subcommands (`governor approve ID`, `governor override D MODE`,
// `governor domains D`) still work: the README, the demo's report and people's habits use them.
import { Argument, Option, type Command } from 'commander';
import { positiveInteger } from './cli-args';
import { fetchList, type CommandContext } from './command-context';
import { listTable, recordTable, type Column } from './tables';

/** Acting on a task needs the approver role and the task's own: planner or credit-controller. */
const APPROVER_ROLES = ['approver', 'planner', 'credit-controller'];
const OPERATOR_ROLES = ['operator'];
const MODES = ['manual-fallback', 'automated', 'clear'];

interface TaskView {
  taskId: string;
  status: string;
  domain: string;
  actionType: string;
  action: { parameters?: { amount?: unknown } };
  requiredRole: string;
  requiredApprovers: number;
  approvals: unknown[];
  requestedAt: string;
  escalatesAt: string;
  escalated: boolean;
}

const TASK_COLUMNS: Column<TaskView>[] = [
  { head: 'task', value: (t) => t.taskId },
  { head: 'status', value: (t) => t.status },
  { head: 'domain', value: (t) => t.domain },
  { head: 'action', value: (t) => t.actionType },
  { head: 'amount', value: (t) => t.action?.parameters?.amount },
  { head: 'role', value: (t) => t.requiredRole },
  { head: 'approvals', value: (t) => `${t.approvals.length}/${t.requiredApprovers}` },
  { head: 'requested', value: (t) => t.requestedAt },
  { head: 'escalates', value: (t) => (t.escalated ? 'escalated' : t.escalatesAt) },
];
const TASK_FIELDS = ['taskId', 'status', 'domain', 'actionType', 'actionId', 'requiredRole', 'requiredApprovers', 'approvals', 'rejectedBy', 'resolutionComment', 'resolvedAt'];

interface DomainView {
  domain: string;
  mode: string;
  since: string;
  health: { value: number; staleFeeds: string[] } | null;
  override: { mode: string; userId: string; reason: string } | null;
  history?: { since: string; previousMode: string; mode: string; triggeredBy: string; reason: string }[];
}

const DOMAIN_COLUMNS: Column<DomainView>[] = [
  { head: 'domain', value: (d) => d.domain },
  { head: 'mode', value: (d) => d.mode },
  { head: 'since', value: (d) => d.since },
  { head: 'health', value: (d) => d.health?.value },
  { head: 'stale feeds', value: (d) => d.health?.staleFeeds },
  { head: 'override', value: (d) => overrideText(d) },
];

function overrideText(view: DomainView): string | null {
  return view.override && `${view.override.mode} by ${view.override.userId}: ${view.override.reason}`;
}

interface ExecutionView {
  actionId: string;
  actionType: string;
  domain: string;
  state: string;
  attempts: number;
  externalReference: string | null;
  error: string | null;
  updatedAt: string;
}

const EXECUTION_COLUMNS: Column<ExecutionView>[] = [
  { head: 'action', value: (e) => e.actionId },
  { head: 'type', value: (e) => e.actionType },
  { head: 'domain', value: (e) => e.domain },
  { head: 'state', value: (e) => e.state },
  { head: 'attempts', value: (e) => e.attempts },
  { head: 'reference', value: (e) => e.externalReference },
  { head: 'error', value: (e) => e.error },
  { head: 'updated', value: (e) => e.updatedAt },
];

export function addOperatorCommands(program: Command, ctx: CommandContext): void {
  addApprovalCommands(program, ctx);
  addDomainCommands(program, ctx);
  addExecutionCommands(program, ctx);
}

function addApprovalCommands(program: Command, ctx: CommandContext): void {
  const approvals = program.command('approvals').description('the human review queue: list, approve, reject');
  approvals
    .command('list', { isDefault: true })
    .description('the review queue (pending tasks unless --status)')
    .option('--status <status>', 'pending, approved, rejected, expired or all', 'pending')
    .option('--domain <domain>', "only this domain's tasks")
    .addOption(new Option('--sort <order>', 'oldest first, largest amount first, or riskiest first').choices(['age', 'amount', 'risk']))
    .option('--action-id <id>', "only this action's tasks")
    .option('--limit <n>', 'one page of at most N tasks (default: every page)', positiveInteger)
    .action(async (o: { status: string; domain?: string; sort?: string; actionId?: string; limit?: string }) => {
      const tasks = await fetchList<TaskView>(ctx.api(['approver']), 'policy-enforcement', '/approvals', { status: o.status, domain: o.domain, sort: o.sort, actionId: o.actionId }, o.limit);
      ctx.answer(tasks, (t) => listTable(t, TASK_COLUMNS, `no ${o.status === 'all' ? '' : `${o.status} `}approval tasks`));
    });
  for (const parent of [approvals, program]) {
    for (const verdict of ['approve', 'reject'] as const) {
      const command = parent
        .command(verdict)
        .description(`${verdict} a task (as GOVERNOR_USER)`)
        .argument('<task-id>', 'the task, as `approvals` lists it')
        .option('--comment <text>', 'why, kept with the decision and in the audit log')
        .action(async (taskId: string, o: { comment?: string }) => {
          const task = await ctx.api(APPROVER_ROLES).call<TaskView>('policy-enforcement', 'POST', `/approvals/${encodeURIComponent(taskId)}/${verdict}`, o.comment === undefined ? {} : { comment: o.comment });
          ctx.answer(task, (t) => recordTable(t, TASK_FIELDS));
        });
      if (parent === program) command.helpGroup('Short forms:');
    }
  }
}

function addDomainCommands(program: Command, ctx: CommandContext): void {
  const showDomain = async (domain: string) => {
    const view = await ctx.api(OPERATOR_ROLES).call<DomainView>('circuit-breaker', 'GET', `/domains/${encodeURIComponent(domain)}`);
    ctx.answer(view, domainRecord);
  };
  const listDomains = async () => {
    const { domains } = await ctx.api(OPERATOR_ROLES).call<{ domains: DomainView[] }>('circuit-breaker', 'GET', '/domains');
    ctx.answer({ domains }, (answer) => listTable(answer.domains, DOMAIN_COLUMNS, 'no domains'));
  };
  const override = async (domain: string, mode: string, reason: string) => {
    const view = await ctx.api(OPERATOR_ROLES).call<DomainView>('circuit-breaker', 'POST', `/domains/${encodeURIComponent(domain)}/override`, { mode, reason });
    ctx.answer(view, domainRecord);
  };
  const reasonOption = () => new Option('--reason <text>', 'why: kept with the override and in the audit log').makeOptionMandatory();

  const domains = program
    .command('domains')
    .description("each domain's mode, health and history: list, show, override")
    .argument('[domain]', '(short form) show this domain')
    .action((domain: string | undefined) => (domain === undefined ? listDomains() : showDomain(domain)));
  domains.command('list').description("each domain's mode and health").action(listDomains);
  domains.command('show').description('one domain with its history and overrides').argument('<domain>').action(showDomain);
  domains
    .command('override')
    .description('force a mode, or clear the override')
    .argument('<domain>')
    .addOption(new Option('--mode <mode>', 'the mode to force, or clear').choices(MODES).makeOptionMandatory())
    .addOption(reasonOption())
    .action((domain: string, o: { mode: string; reason: string }) => override(domain, o.mode, o.reason));
  program
    .command('override')
    .description('force a domain\'s mode, or clear the override (short form of "domains override")')
    .argument('<domain>')
    .addArgument(new Argument('<mode>', 'the mode to force, or clear').choices(MODES))
    .addOption(reasonOption())
    .helpGroup('Short forms:')
    .action((domain: string, mode: string, o: { reason: string }) => override(domain, mode, o.reason));
}

function domainRecord(view: DomainView): string {
  const record = recordTable(Object.fromEntries(DOMAIN_COLUMNS.map((c) => [c.head, c.value(view)])));
  if (!view.history) return record;
  const history = listTable(
    view.history,
    [
      { head: 'since', value: (h) => h.since },
      { head: 'from', value: (h) => h.previousMode },
      { head: 'to', value: (h) => h.mode },
      { head: 'by', value: (h) => h.triggeredBy },
      { head: 'reason', value: (h) => h.reason },
    ],
    'no mode changes yet',
  );
  return `${record}\nmode changes, newest first:\n${history}`;
}

function addExecutionCommands(program: Command, ctx: CommandContext): void {
  const executions = program.command('executions').description('executions of approved actions: list, compensate');
  executions
    .command('list', { isDefault: true })
    .description('executions, newest first')
    .option('--state <state>', 'only executions in this state')
    .option('--limit <n>', 'one page of at most N executions (default: every page)', positiveInteger)
    .action(async (o: { state?: string; limit?: string }) => {
      const rows = await fetchList<ExecutionView>(ctx.api(OPERATOR_ROLES), 'execution-adapters', '/executions', { state: o.state }, o.limit);
      ctx.answer(rows, (r) => listTable(r, EXECUTION_COLUMNS, 'no executions'));
    });
  executions
    .command('compensate')
    .description('undo an executed action with its inverse (action.compensated.v1)')
    .argument('<action-id>')
    .option('--reason <text>', 'why (sent with the request)')
    .action(async (actionId: string, o: { reason?: string }) => {
      const view = await ctx.api(OPERATOR_ROLES).call<{ execution: ExecutionView }>(
        'execution-adapters',
        'POST',
        `/executions/${encodeURIComponent(actionId)}/compensate`,
        o.reason === undefined ? {} : { reason: o.reason },
      );
      ctx.answer(view, (v) => recordTable(v.execution, ['actionId', 'actionType', 'domain', 'state', 'externalReference', 'compensation']));
    });
}
