// Scores one source event: the five dimensions and their combination. The overall score is the
// weighted mean of the dimensions, capped at `worstDimensionMargin` above the worst one.
import { scoreCompleteness } from './completeness';
import { scoreConsistency } from './consistency';
import { clampUnit, DimensionScore, round4 } from './dimension';
import { DIMENSIONS, type Dimension, type ScoringConfig } from './scoring-config';
import type { SourceEvent } from './source-event';
import type { LastSeen } from './subject-state';
import { scoreTimeliness } from './timeliness';
import { EventRef, scoreUniqueness } from './uniqueness';
import { scoreValidity } from './validity';

export interface ScoringInput {
  event: SourceEvent;
  /** When the event reached data-quality. */
  arrival: Date;
  /** The last state seen for the event's subject and type. */
  last: LastSeen | undefined;
  /** The event that first had this event's business key, if another did. */
  firstHolder: EventRef | undefined;
}

export interface QualityScore {
  score: number;
  dimensions: Record<Dimension, DimensionScore>;
  /** Every dimension's issues, in dimension order. */
  issues: string[];
}

export function scoreEvent(input: ScoringInput, config: ScoringConfig): QualityScore {
  const { event } = input;
  const raw: Record<Dimension, DimensionScore> = {
    completeness: scoreCompleteness(event, config.optionalFieldWeight),
    validity: scoreValidity(event, config),
    timeliness: scoreTimeliness(event, input.arrival, config),
    consistency: scoreConsistency(event, input.last, config),
    uniqueness: scoreUniqueness(event, input.firstHolder, config.duplicateKeyScore),
  };
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [d, { score: round4(raw[d].score), issues: raw[d].issues }]),
  ) as Record<Dimension, DimensionScore>;
  return {
    score: round4(combine(raw, config)),
    dimensions,
    issues: DIMENSIONS.flatMap((d) => raw[d].issues),
  };
}

export function combine(dimensions: Record<Dimension, DimensionScore>, config: Pick<ScoringConfig, 'weights' | 'worstDimensionMargin'>): number {
  let weighted = 0;
  let totalWeight = 0;
  let worst = 1;
  for (const d of DIMENSIONS) {
    weighted += config.weights[d] * dimensions[d].score;
    totalWeight += config.weights[d];
    worst = Math.min(worst, dimensions[d].score);
  }
  const mean = totalWeight > 0 ? weighted / totalWeight : worst;
  return clampUnit(Math.min(mean, worst + config.worstDimensionMargin));
}
