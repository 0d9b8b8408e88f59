// The model registry's commands (predictive-risk): `governor models` lists each model with its
// champion and versions and `governor models show ID` shows its versions with their validation,
// shadow run and promotion, and the champion's model card (any role); `governor models promote ID
// VERSION [--reason R]` makes a version champion (role governance).
import { type Command } from 'commander';
import { positiveInteger } from './cli-args';
import { fetchList, type CommandContext } from './command-context';
import { listTable, recordTable } from './tables';

interface ModelSummary {
  modelId: string;
  domain: string;
  champion: string | null;
  purpose: string;
  versions: { version: string; status: string; statusChangedAt: string }[];
}

interface Accuracy {
  n: number;
  wape: number | null;
  relativeBias: number | null;
}

interface ModelVersion {
  version: string;
  status: string;
  statusChangedAt: string;
  validation: {
    method: string;
    comparedWith: string | null;
    note: string;
    backtest?: { candidate: Accuracy; champion: Accuracy; wapeDelta: number | null };
  } | null;
  promotion: {
    by: string;
    at: string;
    replaced: string | null;
    worseThanChampion: boolean;
    reason: string | null;
  } | null;
  shadow: { champion: string; shadow: Accuracy; championAccuracy: Accuracy } | null;
  cardPath: string;
  card: {
    purpose: string;
    inputs: string[];
    assumptions: string[];
    limitations: string[];
    owner: string;
    trainingWindow: string;
    liveAccuracy?: Accuracy;
    calibration?: Calibration;
  };
}

interface Calibration {
  outcomes: number;
  /** Which the version runs: its formula, or a logistic regression fitted on recorded outcomes. */
  inUse?: 'formula' | 'fitted';
  running?: { brier: number | null };
  formula: { brier: number | null };
  logistic: { brier: number | null; formulaBrier: number | null; testedOn: number } | null;
  note: string;
}

/** Order fulfilment's or credit risk's risk against recorded outcomes, in a line. */
function calibrationCell(c: Calibration | undefined): string | undefined {
  if (!c) return undefined;
  const brier = (x: number | null) => (x === null ? '-' : x.toFixed(4));
  const fit = c.logistic
    ? `; logistic ${brier(c.logistic.brier)} vs formula ${brier(c.logistic.formulaBrier)} on the newest ${c.logistic.testedOn}`
    : '';
  const fitted =
    c.inUse === 'fitted' ? `fitted model in use, Brier ${brier(c.running?.brier ?? null)}; ` : '';
  return `${c.outcomes} outcomes, ${fitted}formula Brier ${brier(c.formula.brier)}${fit} (${c.note})`;
}

interface ModelDetail extends Omit<ModelSummary, 'versions'> {
  versions: ModelVersion[];
}

const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? null : `${(x * 100).toFixed(1)}%`;

function backtestCell(v: ModelVersion): string | null {
  const b = v.validation?.backtest;
  if (!b) return v.validation?.method ?? null;
  return `WAPE ${percent(b.candidate.wape)} vs ${percent(b.champion.wape)} (${v.validation?.comparedWith})`;
}

export function modelTable(model: ModelDetail): string {
  const versions = listTable(
    model.versions,
    [
      { head: 'version', value: (v) => v.version },
      { head: 'status', value: (v) => v.status },
      { head: 'since', value: (v) => v.statusChangedAt },
      { head: 'validation', value: backtestCell },
      {
        head: 'shadow',
        value: (v) =>
          v.shadow &&
          `WAPE ${percent(v.shadow.shadow.wape)} vs ${percent(v.shadow.championAccuracy.wape)} (${v.shadow.shadow.n} days)`,
      },
      { head: 'live WAPE', value: (v) => percent(v.card.liveAccuracy?.wape) },
      { head: 'live bias', value: (v) => percent(v.card.liveAccuracy?.relativeBias) },
      {
        head: 'promotion',
        value: (v) => v.promotion && [v.promotion.by, v.promotion.reason].filter(Boolean).join(': '),
      },
    ],
    'no versions registered',
  );
  const champion = model.versions.find((v) => v.status === 'champion') ?? model.versions[0];
  const card = champion
    ? recordTable(
        {
          card: champion.cardPath,
          ...champion.card,
          calibration: calibrationCell(champion.card.calibration),
        },
        [
          'card',
          'purpose',
          'inputs',
          'assumptions',
          'limitations',
          'owner',
          'trainingWindow',
          ...(champion.card.calibration ? ['calibration'] : []),
        ],
      )
    : '';
  return `${model.modelId} (${model.domain}): ${model.purpose}\n${versions}\n${card}`;
}

export function addModelCommands(program: Command, ctx: CommandContext): void {
  const models = program.command('models').description('the model registry: list, show, promote');
  models
    .command('list', { isDefault: true })
    .description('each model with its champion and versions')
    .option('--limit <n>', 'one page of at most N models (default: every page)', positiveInteger)
    .action(async (o: { limit?: string }) => {
      const rows = await fetchList<ModelSummary>(ctx.api([]), 'predictive-risk', '/models', {}, o.limit);
      ctx.answer(rows, (r) =>
        listTable(
          r,
          [
            { head: 'model', value: (m) => m.modelId },
            { head: 'domain', value: (m) => m.domain },
            { head: 'champion', value: (m) => m.champion },
            { head: 'versions', value: (m) => m.versions.map((v) => `${v.version} ${v.status}`) },
          ],
          'no models registered',
        ),
      );
    });
  models
    .command('show')
    .description("one model's versions with their validation and promotion, and its champion's card")
    .argument('<model-id>')
    .action(async (modelId: string) => {
      const model = await ctx
        .api([])
        .call<ModelDetail>('predictive-risk', 'GET', `/models/${encodeURIComponent(modelId)}`);
      ctx.answer(model, modelTable);
    });
  models
    .command('promote')
    .description("make a version its model's champion; one that did worse than the champion needs --reason")
    .argument('<model-id>')
    .argument('<version>')
    .option('--reason <text>', 'why (recorded with the promotion)')
    .action(async (modelId: string, version: string, o: { reason?: string }) => {
      const path = `/models/${encodeURIComponent(modelId)}/versions/${encodeURIComponent(version)}/promote`;
      const promoted = await ctx
        .api(['governance'])
        .call<ModelVersion>('predictive-risk', 'POST', path, { reason: o.reason });
      ctx.answer(promoted, (v) =>
        recordTable({ ...v, ...v.promotion }, ['version', 'status', 'by', 'at', 'replaced', 'reason']),
      );
    });
}
