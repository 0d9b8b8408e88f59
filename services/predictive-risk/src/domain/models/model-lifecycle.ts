// What registering the configured version of a model does to the registry. The configured version
// is what this process runs, so registering it is its promotion: with no champion it simply becomes
// champion; replacing a champion, it is first validated against it (demand sensing: a rolling-origin
// backtest on the recorded daily history), and a version that does worse is refused unless the
// deployment gives a reason, which is recorded with the promotion.
import { type BacktestComparison } from './demand-backtest';
import { type ModelStatus, ModelStatuses } from './model-cards';

export interface RegisteredVersion {
  readonly modelId: string;
  readonly version: string;
  readonly status: ModelStatus;
}

export interface Validation {
  readonly method: 'rolling-origin backtest' | 'none';
  /** The champion it was compared with, if any. */
  readonly comparedWith: string | null;
  readonly note: string;
  readonly backtest?: BacktestComparison & { readonly firstOrigin: number };
  readonly history?: { readonly series: number; readonly from: string | null; readonly to: string | null };
}

export interface Promotion {
  readonly by: string;
  readonly at: string;
  readonly replaced: string | null;
  readonly worseThanChampion: boolean;
  readonly reason: string | null;
}

export type RegistrationDecision =
  | { readonly kind: 'already-champion' }
  | { readonly kind: 'promote'; readonly validation: Validation; readonly promotion: Promotion }
  | { readonly kind: 'refuse'; readonly validation: Validation; readonly message: string };

export function isWorse(validation: Validation): boolean {
  const delta = validation.backtest?.wapeDelta;
  return delta !== undefined && delta !== null && delta > 0;
}

export function decideRegistration(
  version: string,
  champion: RegisteredVersion | undefined,
  validation: Validation,
  acceptWorseReason: string | undefined,
  now: Date,
): RegistrationDecision {
  if (champion?.version === version && champion.status === ModelStatuses.Champion)
    return { kind: 'already-champion' };
  const worse = isWorse(validation);
  if (worse && !acceptWorseReason) {
    const b = validation.backtest;
    return {
      kind: 'refuse',
      validation,
      message:
        `${champion?.modelId ?? 'model'} ${version} backtests worse than champion ${champion?.version ?? '-'} ` +
        `(WAPE ${b?.candidate.wape?.toFixed(4)} against ${b?.champion.wape?.toFixed(4)})`,
    };
  }
  return {
    kind: 'promote',
    validation,
    promotion: {
      by: 'deployment',
      at: now.toISOString(),
      replaced: champion?.version ?? null,
      worseThanChampion: worse,
      reason: worse ? (acceptWorseReason ?? null) : null,
    },
  };
}
