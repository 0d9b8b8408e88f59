// The health figure of one business domain, in [0, 1]: 1 minus the penalties of the signals that
// lowered it, each with its reason (DomainHealthReportedV1.reasons). The reasons' penalties add up
// to 1 - health (unless they exceed 1, when health is 0). Every threshold and penalty is
// configuration (HealthPolicy); the signals are what the repository measured over the window.

/** The names of the signals a reason can carry. */
export const HealthSignals = {
  FeedStale: 'feed-stale',
  FeedHealthSilent: 'feed-health-silent',
  DataQuality: 'data-quality',
  InvalidRecords: 'invalid-records',
  ModelDrift: 'model-drift',
  ForecastBias: 'forecast-bias',
  ExecutionFailures: 'execution-failures',
  HumanRejections: 'human-rejections',
} as const;
export type HealthSignal = (typeof HealthSignals)[keyof typeof HealthSignals];

/** A penalty of `slope` per unit beyond `limit`, capped at `maxPenalty`, once `minSamples` are seen. */
export interface RateRule {
  limit: number;
  slope: number;
  maxPenalty: number;
  minSamples: number;
}

export interface HealthPolicy {
  /** A feed whose latest feed-health report is older than this counts as stale: data-quality went silent. */
  feedReportMaxAgeSeconds: number;
  /** Taken once when any feed of the domain is stale, shared among the stale feeds' reasons. */
  staleFeedPenalty: number;
  /** Mean data-quality score below `limit` costs `slope` per unit below it. */
  quality: Omit<RateRule, 'minSamples'>;
  invalidRatio: Omit<RateRule, 'minSamples'>;
  drift: { warningPsi: number; majorPsi: number; warningPenalty: number; majorPenalty: number };
  /** |forecast bias| above `limit` (in the model's units) costs `penalty`. */
  bias: { limit: number; minSamples: number; penalty: number };
  failureRate: RateRule;
  rejectionRate: RateRule;
}

export interface FeedStatus {
  /** `feedSource|topic`, the subject of its feed-health reports. */
  feed: string;
  stale: boolean;
  /** When its latest report was made (epoch ms). */
  reportedAt: number;
  secondsSinceLastEvent: number | null;
}

export interface ModelStatus {
  modelId: string;
  modelVersion: string;
  psi: number | null;
  forecastBias: number | null;
  biasSampleSize: number;
}

export interface DomainSignals {
  /** The latest report of every feed of the domain ever seen (staleness is not windowed). */
  feeds: FeedStatus[];
  /** Events the window's feed reports newly cover, and of those the invalid and scored ones. */
  quality: { events: number; invalid: number; scoredEvents: number; scoreSum: number };
  /** The latest report of each of the domain's models within the window. */
  models: ModelStatus[];
  executions: { executed: number; failed: number };
  /** Approval tasks people resolved within the window. */
  approvals: { approved: number; rejected: number };
}

export interface HealthReason {
  signal: HealthSignal;
  value: number | null;
  penalty: number;
  message: string;
}

export interface DomainHealth {
  health: number;
  staleFeeds: string[];
  reasons: HealthReason[];
}

export function emptySignals(): DomainSignals {
  return {
    feeds: [],
    quality: { events: 0, invalid: 0, scoredEvents: 0, scoreSum: 0 },
    models: [],
    executions: { executed: 0, failed: 0 },
    approvals: { approved: 0, rejected: 0 },
  };
}

export function computeHealth(signals: DomainSignals, policy: HealthPolicy, now: number): DomainHealth {
  const stale = staleFeedReasons(signals.feeds, policy, now);
  const reasons: HealthReason[] = [
    ...stale.reasons,
    ...qualityReasons(signals.quality, policy),
    ...modelReasons(signals.models, policy),
    ...rateReason(
      HealthSignals.ExecutionFailures,
      signals.executions.failed,
      signals.executions.executed + signals.executions.failed,
      policy.failureRate,
      'of executions failed',
    ),
    ...rateReason(
      HealthSignals.HumanRejections,
      signals.approvals.rejected,
      signals.approvals.approved + signals.approvals.rejected,
      policy.rejectionRate,
      'of the proposals people decided were rejected',
    ),
  ];
  const lost = reasons.reduce((sum, r) => sum + r.penalty, 0);
  return { health: round(Math.max(0, 1 - lost)), staleFeeds: stale.feeds, reasons };
}

function staleFeedReasons(feeds: readonly FeedStatus[], policy: HealthPolicy, now: number) {
  const found: { feed: string; signal: HealthSignal; value: number | null; message: string }[] = [];
  for (const feed of [...feeds].sort((a, b) => a.feed.localeCompare(b.feed))) {
    const reportAge = (now - feed.reportedAt) / 1000;
    if (reportAge > policy.feedReportMaxAgeSeconds) {
      found.push({
        feed: feed.feed,
        signal: HealthSignals.FeedHealthSilent,
        value: round(reportAge),
        message: `no feed health for ${feed.feed} in ${Math.round(reportAge)} s (over ${policy.feedReportMaxAgeSeconds} s)`,
      });
    } else if (feed.stale) {
      const silent = feed.secondsSinceLastEvent === null ? 'never seen' : `silent for ${Math.round(feed.secondsSinceLastEvent)} s`;
      found.push({ feed: feed.feed, signal: HealthSignals.FeedStale, value: feed.secondsSinceLastEvent, message: `${feed.feed} is stale: ${silent}` });
    }
  }
  const share = found.length > 0 ? round(policy.staleFeedPenalty / found.length) : 0;
  return {
    feeds: found.map((f) => f.feed),
    reasons: found.map(({ signal, value, message }) => ({ signal, value, penalty: share, message })),
  };
}

function qualityReasons(quality: DomainSignals['quality'], policy: HealthPolicy): HealthReason[] {
  const reasons: HealthReason[] = [];
  if (quality.scoredEvents > 0) {
    const mean = quality.scoreSum / quality.scoredEvents;
    const penalty = linear(policy.quality.limit - mean, policy.quality);
    if (penalty > 0) {
      reasons.push({
        signal: HealthSignals.DataQuality,
        value: round(mean),
        penalty,
        message: `mean data-quality score ${mean.toFixed(2)} below ${policy.quality.limit}`,
      });
    }
  }
  if (quality.events > 0) {
    const ratio = quality.invalid / quality.events;
    const penalty = linear(ratio - policy.invalidRatio.limit, policy.invalidRatio);
    if (penalty > 0) {
      reasons.push({
        signal: HealthSignals.InvalidRecords,
        value: round(ratio),
        penalty,
        message: `${percent(ratio)} of records invalid (limit ${percent(policy.invalidRatio.limit)})`,
      });
    }
  }
  return reasons;
}

/** The worst-drifting model and the most biased one each cost the domain once. */
function modelReasons(models: readonly ModelStatus[], policy: HealthPolicy): HealthReason[] {
  const reasons: HealthReason[] = [];
  const drifting = models
    .filter((m): m is ModelStatus & { psi: number } => m.psi !== null && m.psi > policy.drift.warningPsi)
    .sort((a, b) => b.psi - a.psi)[0];
  if (drifting) {
    const major = drifting.psi > policy.drift.majorPsi;
    reasons.push({
      signal: HealthSignals.ModelDrift,
      value: round(drifting.psi),
      penalty: major ? policy.drift.majorPenalty : policy.drift.warningPenalty,
      message: `${major ? 'major' : 'moderate'} drift of ${drifting.modelId}@${drifting.modelVersion}: PSI ${drifting.psi.toFixed(3)} over ${major ? policy.drift.majorPsi : policy.drift.warningPsi}`,
    });
  }
  const biased = models
    .filter(
      (m): m is ModelStatus & { forecastBias: number } =>
        m.forecastBias !== null && m.biasSampleSize >= policy.bias.minSamples && Math.abs(m.forecastBias) > policy.bias.limit,
    )
    .sort((a, b) => Math.abs(b.forecastBias) - Math.abs(a.forecastBias))[0];
  if (biased) {
    reasons.push({
      signal: HealthSignals.ForecastBias,
      value: round(biased.forecastBias),
      penalty: policy.bias.penalty,
      message: `forecast bias of ${biased.modelId}@${biased.modelVersion} is ${biased.forecastBias.toFixed(2)} (limit ±${policy.bias.limit}, ${biased.biasSampleSize} samples)`,
    });
  }
  return reasons;
}

function rateReason(signal: HealthSignal, hits: number, total: number, rule: RateRule, what: string): HealthReason[] {
  if (total < Math.max(1, rule.minSamples)) return [];
  const rate = hits / total;
  const penalty = linear(rate - rule.limit, rule);
  if (penalty <= 0) return [];
  return [{ signal, value: round(rate), penalty, message: `${percent(rate)} ${what} (${hits} of ${total}; limit ${percent(rule.limit)})` }];
}

function linear(excess: number, rule: { slope: number; maxPenalty: number }): number {
  return excess > 0 ? round(Math.min(rule.maxPenalty, excess * rule.slope)) : 0;
}

/** Four decimals: enough for a health figure, and no 0.30000000000000004 in the reasons. */
export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
