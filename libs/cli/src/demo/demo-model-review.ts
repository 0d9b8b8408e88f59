// The governance officer's look at the model registry (predictive-risk, GET /models/{id}): demand
// sensing's refit of the day, started by the drift of a competitor's promotion week, is promoted once its
// validation and its shadow comparison are in (with a reason when it did worse than the champion,
// as POST /models/{id}/versions/{version}/promote demands: a candidate that backtested worse never
// goes into shadow, so its validation is all there will be). A refit that was promoted already (by
// a policy that promotes refits beating their champion, or by someone else) she only reviews.
import { ApiCallError, type ApiClient } from '../api-client';

/** The model the day's demand shift makes drift and refit. */
export const REFIT_MODEL = 'demand-sensing';

interface Accuracy {
  n: number;
  series: number;
  wape: number | null;
}

interface RegistryVersion {
  version: string;
  status: string;
  registeredAt: string;
  validation: {
    comparedWith: string | null;
    backtest?: { candidate: Accuracy; champion: Accuracy; wapeDelta: number | null };
    trigger?: { reason: string; psi: number | null; liveWape: number | null };
  } | null;
  shadow: { since: string; champion: string; shadow: Accuracy; championAccuracy: Accuracy; wapeDelta: number | null } | null;
  promotion: { by: string; at: string; replaced: string | null; worseThanChampion: boolean; reason: string | null } | null;
}

/** What the officer found: nothing to act on yet, or the refit she promoted, or one promoted already. */
export type ModelReview = { kind: 'wait'; why: string } | { kind: 'promoted' | 'reviewed'; version: string; detail: string };

/** Looks at the day's refit and promotes it when it is ready; `reason` goes with a promotion that needs one. */
export async function reviewRefit(officer: ApiClient, since: Date, reason: string): Promise<ModelReview> {
  const refit = await todaysRefit(officer, since);
  if (!refit) return { kind: 'wait', why: `no refit of ${REFIT_MODEL} registered today yet` };
  if (refit.promotion) return reviewed(refit);
  const worse = isWorse(refit);
  if (refit.status === 'shadow' && refit.shadow === null) return { kind: 'wait', why: `${refit.version} is in shadow; its comparison is not in yet` };
  if (refit.status !== 'shadow' && !(refit.status === 'candidate' && worse)) return { kind: 'wait', why: `${refit.version} is ${refit.status}` };
  const promote = (body: object) => officer.call<RegistryVersion>('predictive-risk', 'POST', `/models/${REFIT_MODEL}/versions/${encodeURIComponent(refit.version)}/promote`, body);
  let promoted: RegistryVersion;
  try {
    promoted = await promote(worse ? { reason } : {});
  } catch (error) {
    if (!(error instanceof ApiCallError)) throw error;
    // Promoted meanwhile (by policy): reviewed. Worse since she looked (its shadow): with the reason.
    if (error.code === 'already-champion') return reviewed((await todaysRefit(officer, since)) ?? refit);
    if (error.code !== 'worse-than-champion') throw error;
    promoted = await promote({ reason });
  }
  const why = promoted.promotion?.reason ? ` (reason: ${promoted.promotion.reason})` : '';
  return { kind: 'promoted', version: promoted.version, detail: `${describe(promoted)}; promoted by her${why}` };
}

async function todaysRefit(officer: ApiClient, since: Date): Promise<RegistryVersion | undefined> {
  const model = await officer.call<{ versions: RegistryVersion[] }>('predictive-risk', 'GET', `/models/${REFIT_MODEL}`);
  return model.versions.find((v) => v.validation?.trigger !== undefined && Date.parse(v.registeredAt) >= since.getTime());
}

function reviewed(refit: RegistryVersion): ModelReview {
  const promotion = refit.promotion;
  const by = promotion ? `promoted by ${promotion.by} at ${promotion.at}${promotion.reason ? ` (reason: ${promotion.reason})` : ''}` : `now ${refit.status}`;
  return { kind: 'reviewed', version: refit.version, detail: `${describe(refit)}; ${by}: reviewed, nothing to do` };
}

/** Whether the refit did worse than the champion in its backtest or in shadow (as the registry judges it). */
function isWorse(refit: RegistryVersion): boolean {
  const worse = (delta: number | null | undefined) => typeof delta === 'number' && delta > 0;
  return worse(refit.validation?.backtest?.wapeDelta) || worse(refit.shadow?.wapeDelta);
}

/** The refit and its comparison with the champion, in a line. */
function describe(refit: RegistryVersion): string {
  const v = refit.validation;
  const trigger = v?.trigger ? `refit on ${v.trigger.reason}${v.trigger.psi === null ? '' : `, PSI ${v.trigger.psi.toFixed(2)}`}` : 'refit';
  const b = v?.backtest;
  const backtest = b
    ? `backtest WAPE ${fmt(b.candidate.wape)} against ${fmt(b.champion.wape)} (${signed(b.wapeDelta)}) over ${b.candidate.n} forecasts of ${b.candidate.series} series`
    : 'no backtest';
  const s = refit.shadow;
  const shadow = !s
    ? 'no shadow comparison'
    : s.shadow.n > 0
      ? `shadow since ${s.since}: WAPE ${fmt(s.shadow.wape)} against ${fmt(s.championAccuracy.wape)} (${signed(s.wapeDelta)}) on ${s.shadow.n} live forecasts`
      : `shadow since ${s.since}: no live day closed since (the next actuals come with the next daily batch)`;
  return `${REFIT_MODEL} ${refit.version} (${trigger}) against champion ${v?.comparedWith ?? '-'}: ${backtest}; ${shadow}`;
}

function fmt(value: number | null): string {
  return value === null ? '-' : value.toFixed(3);
}

function signed(value: number | null): string {
  return value === null ? 'delta -' : `delta ${value > 0 ? '+' : ''}${value.toFixed(3)}`;
}
