// The auditor's commands: `governor audit ...` (the audit log's entries, its verification,
// evidence packs exported from it, and `verify-pack`, which checks a pack offline, with no service
// and no token, by the same hashing the service writes the log with, @governor/signing) and
// `governor lineage`.
import { readFileSync, writeFileSync } from 'node:fs';
import { checkEvidencePack, type EvidencePack, type PackCheckOptions } from '@governor/signing';
import { Option, type Command } from 'commander';
import { positiveInteger, query } from './cli-args';
import { fetchList, type CommandContext } from './command-context';
import { listTable, recordTable, type Column } from './tables';

/** A pack that does not hold: the CLI says why and exits non-zero. */
export class PackRejectedError extends Error {}

const AUDITOR_ROLES = ['auditor'];

interface AuditEntryView {
  seq: number;
  at: string;
  kind: string;
  subject: string;
  actor: string;
}

const ENTRY_COLUMNS: Column<AuditEntryView>[] = [
  { head: 'seq', value: (e) => e.seq },
  { head: 'at', value: (e) => e.at },
  { head: 'kind', value: (e) => e.kind },
  { head: 'subject', value: (e) => e.subject },
  { head: 'actor', value: (e) => e.actor },
];

/** `governor audit ...` and `governor lineage`: what an auditor reads. */
export function addAuditCommands(program: Command, ctx: CommandContext): void {
  const api = () => ctx.api(AUDITOR_ROLES);
  const audit = program.command('audit').description('the audit log: verify, list, export, verify-pack');
  // `governor audit` alone verified the chain before there were subcommands.
  audit
    .command('verify', { isDefault: true })
    .description("check the audit log's hash chain")
    .action(async () => {
      const answer = await api().call<object>('policy-enforcement', 'GET', '/audit/verify');
      ctx.answer(answer, (a) => recordTable(a));
    });
  audit
    .command('list')
    .description('audit entries written in [from, to), oldest first')
    .option('--subject <subject>', 'only entries about this subject (an action id, agent:ID, ...)')
    .option('--kind <kind>', 'only entries of this kind (decision.made, approval.approved, ...)')
    .option('--from <time>', 'written at or after (RFC 3339)')
    .option('--to <time>', 'written before (RFC 3339)')
    .option('--limit <n>', 'one page of at most N entries (default: every page)', positiveInteger)
    .action(async (o: { subject?: string; kind?: string; from?: string; to?: string; limit?: string }) => {
      const entries = await fetchList<AuditEntryView>(api(), 'policy-enforcement', '/audit', { subject: o.subject, kind: o.kind, from: o.from, to: o.to }, o.limit);
      ctx.answer(entries, (e) => listTable(e, ENTRY_COLUMNS, 'no audit entries'));
    });
  audit
    .command('export')
    .description('an evidence pack of the entries written in [from, to)')
    .addOption(new Option('--from <time>', 'start of the range (RFC 3339)').makeOptionMandatory())
    .addOption(new Option('--to <time>', 'end of the range (RFC 3339)').makeOptionMandatory())
    .option('--out <file>', 'write the pack to this file (default: print it)')
    .action(async (o: { from: string; to: string; out?: string }) => {
      const pack = await api().call<EvidencePack>('policy-enforcement', 'GET', `/audit/export${query({ from: o.from, to: o.to })}`);
      if (!o.out) return ctx.answer(pack);
      writeFileSync(o.out, `${JSON.stringify(pack, null, 2)}\n`);
      const seqs = pack.chain.firstSeq === null ? 'no entries' : `entries ${pack.chain.firstSeq} to ${pack.chain.lastSeq}`;
      ctx.answer(`wrote the evidence pack of ${pack.range.from} to ${pack.range.to} (${seqs}, ${count(pack.checkpoints.length, 'signed checkpoint')}) to ${o.out}`);
    });
  // Offline: no service, so no token either.
  audit
    .command('verify-pack')
    .description('check an evidence pack offline (exit 0 when it holds)')
    .argument('<file>')
    .option('--jwks <file>', 'the key set you trust (default: the keys in the pack)')
    .action(async (file: string, o: { jwks?: string }) => ctx.answer(await verifyPackFile(file, o.jwks)));
  program
    .command('lineage')
    .description('the whole story of one action (as JSON: source events, scores, decision, approvals, execution)')
    .argument('<action-id>')
    .action(async (actionId: string) => ctx.answer(await api().call<object>('policy-enforcement', 'GET', `/lineage/${encodeURIComponent(actionId)}`)));
}

/**
 * `audit verify-pack FILE [--jwks FILE]`: a line saying what was checked when the pack holds;
 * otherwise throws PackRejectedError naming the first entry that does not and why.
 */
export async function verifyPackFile(file: string, jwksFile: string | undefined): Promise<string> {
  const pack = readJson(file, 'the evidence pack');
  const trustedKeys = jwksFile ? (readJson(jwksFile, 'the key set') as PackCheckOptions['trustedKeys']) : undefined;
  const checked = await checkEvidencePack(pack, { trustedKeys });
  if (!checked.ok) {
    throw new PackRejectedError(`${file}: evidence pack rejected${checked.seq === undefined ? '' : ` at entry ${checked.seq}`}: ${checked.problem}`);
  }
  const seqs = checked.firstSeq === null ? 'no entries' : `entries ${checked.firstSeq} to ${checked.lastSeq}`;
  const keys = checked.keysFrom === 'trusted'
    ? `the keys of ${jwksFile}`
    : "the keys in the pack (compare them with the service's /.well-known/jwks.json, or pass --jwks FILE)";
  const signed = checked.signedThrough === null
    ? 'no signed checkpoint falls in it: the entries hold by their hash chain alone'
    : `${count(checked.checkpoints, 'signed checkpoint')} verified with ${keys}; they vouch for the entries up to ${checked.signedThrough}` +
      (checked.signedThrough < (checked.lastSeq ?? 0) ? `, entries ${checked.signedThrough + 1} to ${checked.lastSeq} hold by the chain alone` : '');
  const records = pack as EvidencePack;
  return [
    `${file}: evidence pack ok: ${seqs} (${checked.entries}) hash-chained`,
    `  ${signed}`,
    `  holds ${count(records.decisions.length, 'decision')}, ${count(records.approvals.length, 'approval task')}, ${count(records.executions.length, 'execution')}, policy versions ${records.policyVersions.map((p) => p.version).join(', ') || 'none'}`,
  ].join('\n');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PackRejectedError(`${file}: ${what} is not JSON: ${(error as Error).message}`);
  }
}
