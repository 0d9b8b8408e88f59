// The governance officer's commands (role governance, policy-enforcement): the central policy
// bundle's versions (list, show, diff, simulate, activate) and the registry of AI agents.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { commaList, positiveInteger } from './cli-args';
import { fetchList, type CommandContext } from './command-context';
import { cell, listTable, recordTable, type Column } from './tables';

const GOVERNANCE_ROLES = ['governance'];

interface PolicyVersionView {
  version: string;
  description: string;
  active: boolean;
  createdBy: string;
  createdAt: string;
  activatedBy: string | null;
  activatedAt: string | null;
  policies?: string;
}

const POLICY_COLUMNS: Column<PolicyVersionView>[] = [
  { head: 'version', value: (p) => p.version },
  { head: 'active', value: (p) => p.active },
  { head: 'description', value: (p) => p.description },
  { head: 'stored by', value: (p) => p.createdBy },
  { head: 'stored', value: (p) => p.createdAt },
  { head: 'last activated by', value: (p) => p.activatedBy },
  { head: 'activated', value: (p) => p.activatedAt },
];
const POLICY_FIELDS = ['version', 'active', 'description', 'createdBy', 'createdAt', 'activatedBy', 'activatedAt'];

type OutcomeCounts = Record<string, number>;
interface SimulationView {
  version: string;
  from: string;
  to: string;
  decisions: number;
  recorded: OutcomeCounts;
  simulated: OutcomeCounts;
  changed: { actionId: string; actionType: string; domain: string; recorded: { outcome: string }; simulated: { outcome: string } }[];
}

interface AgentView {
  agentId: string;
  owner: string;
  scope: string[];
  description: string;
  publicKey: { kty?: string; crv?: string; kid?: string } | null;
  updatedBy: string;
  updatedAt: string;
}

const AGENT_COLUMNS: Column<AgentView>[] = [
  { head: 'agent', value: (a) => a.agentId },
  { head: 'owner', value: (a) => a.owner },
  { head: 'scope', value: (a) => a.scope },
  { head: 'key', value: (a) => a.publicKey && [a.publicKey.kty, a.publicKey.crv].filter(Boolean).join(' ') },
  { head: 'description', value: (a) => a.description },
  { head: 'updated', value: (a) => `${cell(a.updatedAt)} by ${a.updatedBy}` },
];

export function addGovernanceCommands(program: Command, ctx: CommandContext): void {
  addPolicyCommands(program, ctx);
  addAgentCommands(program, ctx);
}

function addPolicyCommands(program: Command, ctx: CommandContext): void {
  const api = () => ctx.api(GOVERNANCE_ROLES);
  const policies = program.command('policies').description('versions of the central policy bundle: list, show, diff, simulate, activate');
  policies
    .command('list', { isDefault: true })
    .description('the stored versions, oldest first')
    .option('--limit <n>', 'one page of at most N versions (default: every page)', positiveInteger)
    .action(async (o: { limit?: string }) => {
      const versions = await fetchList<PolicyVersionView>(api(), 'policy-enforcement', '/policies', {}, o.limit);
      ctx.answer(versions, (v) => listTable(v, POLICY_COLUMNS, 'no policy versions'));
    });
  policies
    .command('show')
    .description('one version with its Cedar text')
    .argument('<version>')
    .action(async (version: string) => {
      const stored = await api().call<PolicyVersionView>('policy-enforcement', 'GET', `/policies/${encodeURIComponent(version)}`);
      ctx.answer(stored, (v) => `${recordTable(v, POLICY_FIELDS)}\n${v.policies ?? ''}`);
    });
  policies
    .command('diff')
    .description("the unified diff of version A's Cedar text to version B's")
    .argument('<a>')
    .argument('<b>')
    .action(async (a: string, b: string) => {
      const diff = await api().call<{ from: string; to: string; diff: string }>('policy-enforcement', 'GET', `/policies/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`);
      ctx.answer(diff, (d) => d.diff || `versions ${d.from} and ${d.to} hold the same policies`);
    });
  policies
    .command('simulate')
    .description('replay the decisions recorded in [from, to) against a version: what would change')
    .argument('<version>')
    .addOption(new Option('--from <time>', 'start of the window (RFC 3339)').makeOptionMandatory())
    .addOption(new Option('--to <time>', 'end of the window (RFC 3339)').makeOptionMandatory())
    .action(async (version: string, o: { from: string; to: string }) => {
      const report = await api().call<SimulationView>('policy-enforcement', 'POST', `/policies/${encodeURIComponent(version)}/simulate`, { from: o.from, to: o.to });
      ctx.answer(report, simulationReport);
    });
  policies
    .command('activate')
    .description('make a version active (by someone other than the person who stored it)')
    .argument('<version>')
    .action(async (version: string) => {
      const answer = await api().call<object>('policy-enforcement', 'POST', `/policies/${encodeURIComponent(version)}/activate`);
      ctx.answer(answer, (a) => recordTable(a));
    });
}

function simulationReport(report: SimulationView): string {
  const outcomes = Object.keys(report.recorded);
  const counts = listTable(
    outcomes,
    [
      { head: 'outcome', value: (o) => o },
      { head: 'recorded', value: (o) => report.recorded[o] },
      { head: `with version ${report.version}`, value: (o) => report.simulated[o] },
    ],
    '',
  );
  const changed = listTable(
    report.changed,
    [
      { head: 'action', value: (c) => c.actionId },
      { head: 'type', value: (c) => c.actionType },
      { head: 'domain', value: (c) => c.domain },
      { head: 'recorded', value: (c) => c.recorded.outcome },
      { head: 'would be', value: (c) => c.simulated.outcome },
    ],
    'no decision would change',
  );
  return `${report.decisions} decisions from ${report.from} to ${report.to}\n${counts}\n${changed}`;
}

function addAgentCommands(program: Command, ctx: CommandContext): void {
  const agents = program.command('agents').description('the registry of AI agents: list, register');
  agents
    .command('list', { isDefault: true })
    .description('the registered agents, by id')
    .option('--limit <n>', 'one page of at most N agents (default: every page)', positiveInteger)
    .action(async (o: { limit?: string }) => {
      const rows = await fetchList<AgentView>(ctx.api(GOVERNANCE_ROLES), 'policy-enforcement', '/agents', {}, o.limit);
      ctx.answer(rows, (r) => listTable(r, AGENT_COLUMNS, 'no agents registered'));
    });
  agents
    .command('register')
    .description('register an agent, or change its owner, scope, description or key')
    .argument('<agent-id>')
    .addOption(new Option('--owner <user>', 'the person accountable for it (may not approve its proposals)').makeOptionMandatory())
    .addOption(new Option('--scope <types>', 'the action types it may propose, comma-separated').argParser(commaList).makeOptionMandatory())
    .option('--description <text>', 'what it is for')
    // The service refuses an agent without a key: its proposals are signed with it.
    .addOption(new Option('--public-key <file>', 'its public JWK (Ed25519 or P-256), a JSON file').makeOptionMandatory())
    .action(async (agentId: string, o: { owner: string; scope: string[]; description?: string; publicKey: string }) => {
      const body = { owner: o.owner, scope: o.scope, description: o.description, publicKey: readJwk(o.publicKey) };
      const agent = await ctx.api(GOVERNANCE_ROLES).call<AgentView>('policy-enforcement', 'PUT', `/agents/${encodeURIComponent(agentId)}`, body);
      ctx.answer(agent, (a) => recordTable(a, ['agentId', 'owner', 'scope', 'description', 'publicKey', 'updatedBy', 'updatedAt']));
    });
}

function readJwk(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the public key ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not a JWK (JSON): ${(error as Error).message}`);
  }
}
