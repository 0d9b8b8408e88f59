// The rules a refit of a model goes through after it is registered (app/model-retraining.service.ts
// applies them on each model health tick): a refit that backtests worse than its champion, that a
// newer refit supersedes, or whose champion was replaced, retires, so no refit ever blocks the next
// one; one no worse goes into shadow; once its shadow run has scored enough live forecasts, its
// promotion is proposed, for policy to decide (domain/proposals/model-promotion.ts).
import { type RetirementReason, RetirementReasons } from '@governor/contracts';
import { type ShadowComparison } from './demand-refit';
import { type ModelStatus, ModelStatuses } from './model-cards';
import { isWorse, type Validation } from './model-lifecycle';

/** A registered refit as these rules see it. */
export interface RefitVersion {
  readonly version: string;
  readonly status: ModelStatus;
  readonly validation: Validation | null;
  readonly shadow: ShadowComparison | null;
  /** Set once its promotion was proposed. */
  readonly proposal: PromotionProposal | null;
}

export interface PromotionProposal {
  readonly actionId: string;
  readonly proposedAt: string;
  readonly beatsChampion: boolean;
}

/** A version refitted (by drift or decaying accuracy) rather than deployed. */
export function isRefit(version: { readonly validation: Validation | null }): boolean {
  return version.validation?.trigger !== undefined;
}

/** Why a pending refit must retire now (given the current champion), or undefined. */
export function retirementOf(refit: RefitVersion, champion: string): RetirementReason | undefined {
  if (!isRefit(refit)) return undefined;
  if (refit.status !== ModelStatuses.Candidate && refit.status !== ModelStatuses.Shadow) return undefined;
  if (refit.validation?.comparedWith !== champion) return RetirementReasons.ChampionReplaced;
  if (refit.status === ModelStatuses.Candidate && isWorse(refit.validation)) {
    return RetirementReasons.WorseThanChampion;
  }
  return undefined;
}

/**
 * Whether a refit did better than the champion: no worse in its backtest or in shadow (each counted
 * only against that champion), and better in at least one of them.
 */
export function beatsChampion(refit: RefitVersion, champion: string): boolean {
  const backtest = refit.validation?.comparedWith === champion ? refit.validation.backtest?.wapeDelta : null;
  const shadow = refit.shadow?.champion === champion ? refit.shadow.wapeDelta : null;
  const deltas = [backtest, shadow].filter((d): d is number => d !== null && d !== undefined);
  return deltas.length > 0 && deltas.every((d) => d <= 0) && deltas.some((d) => d < 0);
}

/** A shadow run of this champion with at least `minForecasts` live forecasts, not yet proposed. */
export function readyToPropose(refit: RefitVersion, champion: string, minForecasts: number): boolean {
  return (
    isRefit(refit) &&
    refit.status === ModelStatuses.Shadow &&
    refit.proposal === null &&
    refit.shadow?.champion === champion &&
    refit.shadow.shadow.n >= minForecasts
  );
}

/**
 * Whether a new refit of `champion` may start: none of its refits still on its way (a candidate, a
 * shadow not yet proposed, or one proposed less than `proposalWaitMs` ago, whose decision may still
 * come), and recorded demand newer than any refit of it was fitted on, so the same window is never
 * refitted twice (a retired refit is not refitted again on the same days; a proposal left waiting
 * past `proposalWaitMs`, its approval task expired or rejected, is superseded by a refit on newer days).
 */
export function mayRefit(
  refitsOfChampion: readonly RefitVersion[],
  newestRecordedDay: string | undefined,
  now: Date,
  proposalWaitMs: number,
): boolean {
  const waiting = (r: RefitVersion) =>
    r.proposal === null || Date.parse(r.proposal.proposedAt) + proposalWaitMs > now.getTime();
  const onItsWay = refitsOfChampion.some(
    (r) => r.status === ModelStatuses.Candidate || (r.status === ModelStatuses.Shadow && waiting(r)),
  );
  if (onItsWay || newestRecordedDay === undefined) return false;
  const fittedTo = refitsOfChampion
    .map((r) => r.validation?.history?.to ?? null)
    .filter((to): to is string => to !== null)
    .sort()
    .pop();
  return fittedTo === undefined || newestRecordedDay > fittedTo;
}
