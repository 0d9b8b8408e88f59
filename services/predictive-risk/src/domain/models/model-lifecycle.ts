// A model version's way to champion. Registering the configured version of a model (a deployment)
// promotes it: with no champion it simply becomes champion; replacing a champion, it is first
// validated against it (demand sensing: a rolling-origin backtest on the recorded daily history).
// A person promotes a registered version (a refit, after its shadow run) the same way. Either way a
// version that does worse than the champion, in its backtest or in shadow, is refused unless a
// reason is given, which is recorded with the promotion.
import {
  type ContractEvent,
  envelope,
  EventTypes,
  type RetirementReason,
  type SourceDomain,
} from '@governor/contracts';
import { PROPOSER_SOURCE } from '../proposals/proposal';
import { type BacktestComparison } from './demand-backtest';
import { type ShadowComparison } from './demand-refit';
import { type ModelStatus, ModelStatuses } from './model-cards';
import { codeVersionOf } from './model-catalog';

export type { ShadowComparison } from './demand-refit';

export interface RegisteredVersion {
  readonly modelId: string;
  readonly version: string;
  readonly status: ModelStatus;
}

export interface Validation {
  /** 'held-out outcomes': a risk model fitted on recorded outcomes (outcome-calibration.ts). */
  readonly method: 'rolling-origin backtest' | 'held-out outcomes' | 'none';
  /** The champion it was compared with, if any. */
  readonly comparedWith: string | null;
  readonly note: string;
  readonly backtest?: BacktestComparison & { readonly firstOrigin: number };
  readonly history?: { readonly series: number; readonly from: string | null; readonly to: string | null };
  /** A refit: what started it. */
  readonly trigger?: {
    readonly reason: 'drift' | 'accuracy';
    readonly psi: number | null;
    readonly liveWape: number | null;
  };
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

export function isWorse(validation: Validation | null, shadow: ShadowComparison | null = null): boolean {
  const worse = (delta: number | null | undefined) => delta !== undefined && delta !== null && delta > 0;
  return worse(validation?.backtest?.wapeDelta) || worse(shadow?.wapeDelta);
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
  // New code cannot be refused: this build no longer runs the champion's. It is promoted, flagged.
  const from = champion ? codeVersionOf(champion.version) : null;
  const newCode = from !== null && from !== codeVersionOf(version);
  const reason =
    acceptWorseReason ??
    (newCode ? `new code ${codeVersionOf(version)}: this build no longer runs ${from}` : undefined);
  if (worse && !reason) {
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
      reason: worse ? (reason ?? null) : null,
    },
  };
}

export type PromotionDecision =
  | { readonly kind: 'promote'; readonly promotion: Promotion }
  | {
      readonly kind: 'refuse';
      readonly code: 'already-champion' | 'worse-than-champion';
      readonly message: string;
    };

/**
 * A person promotes a registered version. Its evidence counts only against the champion it was
 * compared with: a backtest or shadow run against an older champion is no evidence either way.
 */
export function decidePromotion(
  candidate: RegisteredVersion & {
    readonly validation: Validation | null;
    readonly shadow: ShadowComparison | null;
  },
  champion: RegisteredVersion | undefined,
  by: string,
  reason: string | undefined,
  now: Date,
): PromotionDecision {
  if (candidate.status === ModelStatuses.Champion) {
    return {
      kind: 'refuse',
      code: 'already-champion',
      message: `${candidate.version} is already the champion`,
    };
  }
  const against = champion?.version;
  const validation = candidate.validation?.comparedWith === against ? candidate.validation : null;
  const shadow = candidate.shadow?.champion === against ? candidate.shadow : null;
  const worse = isWorse(validation, shadow);
  if (worse && !reason) {
    return {
      kind: 'refuse',
      code: 'worse-than-champion',
      message:
        `${candidate.version} did worse than champion ${against ?? '-'} ` +
        `(backtest WAPE delta ${validation?.backtest?.wapeDelta?.toFixed(4) ?? '-'}, shadow ${shadow?.wapeDelta?.toFixed(4) ?? '-'}): ` +
        'give a reason to promote it anyway',
    };
  }
  return {
    kind: 'promote',
    promotion: {
      by,
      at: now.toISOString(),
      replaced: against ?? null,
      worseThanChampion: worse,
      reason: reason ?? null,
    },
  };
}

/** An approved planning.promote-model-version, as execution hands it to the promotion. */
export interface PromotionApproval {
  readonly actionId: string;
  readonly mode: 'automatic' | 'human';
  readonly approvers: readonly string[];
  readonly decisionId: string;
  readonly policyVersion: string;
  /** The champion its evidence was against. */
  readonly champion: string;
}

/**
 * Who promoted, and the reason recorded, when an approved action promotes: `policy` for an
 * automatic approval, else the people who approved; the reason names the action, the approval and
 * its decision (a reason the caller gives comes first).
 */
export function approvedBy(
  approval: PromotionApproval,
  reason: string | undefined,
): { readonly by: string; readonly reason: string } {
  const automatic = approval.mode === 'automatic';
  const by = automatic ? 'policy' : approval.approvers.join(', ');
  const how = automatic
    ? `automatically by policy version ${approval.policyVersion}`
    : `by ${by} (policy version ${approval.policyVersion})`;
  const approved = `action ${approval.actionId} approved ${how}, decision ${approval.decisionId}`;
  return { by: by || 'policy', reason: reason ? `${reason}; ${approved}` : approved };
}

/** What the audit chain records of a promotion (policy-enforcement appends it to the audit log). */
export function promotedEvent(
  model: { readonly id: string; readonly version: string; readonly domain: SourceDomain },
  evidence: { readonly validation: Validation | null; readonly shadow: ShadowComparison | null },
  promotion: Promotion,
): ContractEvent<typeof EventTypes.ModelPromotedV1> {
  const against = (compared: string | null | undefined) =>
    compared === promotion.replaced && compared !== null;
  return envelope(EventTypes.ModelPromotedV1, {
    source: PROPOSER_SOURCE,
    subject: model.id,
    time: promotion.at,
    data: {
      modelId: model.id,
      version: model.version,
      domain: model.domain,
      replaced: promotion.replaced,
      by: promotion.by,
      worseThanChampion: promotion.worseThanChampion,
      reason: promotion.reason,
      backtestWapeDelta: against(evidence.validation?.comparedWith)
        ? (evidence.validation?.backtest?.wapeDelta ?? null)
        : null,
      shadowWapeDelta: against(evidence.shadow?.champion) ? (evidence.shadow?.wapeDelta ?? null) : null,
      promotedAt: promotion.at,
    },
  });
}

/** What the audit chain records of a refit retired without becoming champion. */
export function retiredEvent(
  model: { readonly id: string; readonly version: string; readonly domain: SourceDomain },
  evidence: { readonly validation: Validation | null; readonly shadow: ShadowComparison | null },
  reason: RetirementReason,
  supersededBy: string | null,
  at: Date,
): ContractEvent<typeof EventTypes.ModelRetiredV1> {
  const champion = evidence.validation?.comparedWith ?? null;
  return envelope(EventTypes.ModelRetiredV1, {
    source: PROPOSER_SOURCE,
    subject: model.id,
    time: at.toISOString(),
    data: {
      modelId: model.id,
      version: model.version,
      domain: model.domain,
      reason,
      champion,
      supersededBy,
      backtestWapeDelta: evidence.validation?.backtest?.wapeDelta ?? null,
      shadowWapeDelta:
        evidence.shadow && evidence.shadow.champion === champion ? evidence.shadow.wapeDelta : null,
      retiredAt: at.toISOString(),
    },
  });
}

export type RefitTrigger = NonNullable<Validation['trigger']>;

/**
 * Whether demand sensing's champion should be refitted: its inputs' PSI past `psiThreshold`, or its
 * live WAPE above the WAPE it was validated with by more than `wapeMargin` (a champion validated
 * without a backtest has no WAPE to decay from). Never sooner than `cooldownMs` after it took over.
 */
export function refitTrigger(
  figures: {
    readonly psi: number | null;
    readonly liveWape: number | null;
    readonly validatedWape: number | null;
  },
  reignedForMs: number,
  settings: { readonly psiThreshold: number; readonly wapeMargin: number; readonly cooldownMs: number },
): RefitTrigger | undefined {
  if (reignedForMs < settings.cooldownMs) return undefined;
  const { psi, liveWape, validatedWape } = figures;
  if (psi !== null && psi > settings.psiThreshold) return { reason: 'drift', psi, liveWape };
  if (liveWape !== null && validatedWape !== null && liveWape > validatedWape + settings.wapeMargin) {
    return { reason: 'accuracy', psi, liveWape };
  }
  return undefined;
}
