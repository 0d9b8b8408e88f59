// `governor audit ...`: the audit log's entries, its verification, evidence packs exported from
// it, and `verify-pack`, which checks a pack offline, with no service and no token, by the same
// hashing the service writes the log with (@governor/signing).
import { readFileSync, writeFileSync } from 'node:fs';
import { checkEvidencePack, type EvidencePack, type PackCheckOptions } from '@governor/signing';
import type { ApiClient } from './api-client';
import { option, query } from './cli-args';

export const AUDIT_USAGE = `  audit verify                                  check the audit log's hash chain
  audit list [--subject S] [--kind K] [--from T] [--to T] [--limit N]
                                                audit entries, oldest first (one page)
  audit export --from T --to T [--out FILE]     an evidence pack of the entries written in [from, to)
  audit verify-pack FILE [--jwks FILE]          check an evidence pack offline (exit 0 when it holds)`;

/** A pack that does not hold: the CLI says why and exits non-zero. */
export class PackRejectedError extends Error {}

/** The audit subcommands that call the service. */
export async function auditCommand(api: ApiClient, args: string[]): Promise<unknown> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined: // `governor audit` alone verified the chain before there were subcommands
    case 'verify':
      return api.call('policy-enforcement', 'GET', '/audit/verify');
    case 'list':
      return api.call(
        'policy-enforcement',
        'GET',
        `/audit${query({ subject: option(rest, 'subject'), kind: option(rest, 'kind'), from: option(rest, 'from'), to: option(rest, 'to'), limit: option(rest, 'limit') })}`,
      );
    case 'export': {
      const from = option(rest, 'from');
      const to = option(rest, 'to');
      if (!from || !to) throw new Error('audit export needs --from and --to (RFC 3339)');
      const pack = await api.call<EvidencePack>('policy-enforcement', 'GET', `/audit/export${query({ from, to })}`);
      const out = option(rest, 'out');
      if (!out) return pack;
      writeFileSync(out, `${JSON.stringify(pack, null, 2)}\n`);
      const seqs = pack.chain.firstSeq === null ? 'no entries' : `entries ${pack.chain.firstSeq} to ${pack.chain.lastSeq}`;
      return `wrote the evidence pack of ${pack.range.from} to ${pack.range.to} (${seqs}, ${count(pack.checkpoints.length, 'signed checkpoint')}) to ${out}`;
    }
    default:
      throw new Error(`usage: governor audit verify|list|export|verify-pack\n${AUDIT_USAGE}`);
  }
}

/**
 * `audit verify-pack FILE [--jwks FILE]`: a line saying what was checked when the pack holds;
 * otherwise throws PackRejectedError naming the first entry that does not and why.
 */
export async function verifyPackFile(args: string[]): Promise<string> {
  const file = args[0];
  if (!file || file.startsWith('--')) throw new Error('audit verify-pack needs a file');
  const jwksFile = option(args, 'jwks');
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
