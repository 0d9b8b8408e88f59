// Scores one source event: the five content dimensions and their combination, scaled by the two
// governance dimensions. The content score is the weighted mean of the five, capped at
// `worstDimensionMargin` above the worst one; the overall score is that times trust times master
// data, so an untrusted source or an unknown SKU lowers even a flawless record.
import { scoreCompleteness } from './completeness';
import { scoreConsistency } from './consistency';
import { clampUnit, DimensionScore, round4 } from './dimension';
import { MasterDataView, scoreMasterData } from './master-data';
import { DIMENSIONS, GOVERNANCE_DIMENSIONS, type Dimension, type GovernanceDimension, type ScoringConfig } from './scoring-config';
import { scoreTrust, SourceRegistry } from './source-registry';
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
  /** The trusted sources; none given: every source is trusted. */
  sources?: SourceRegistry;
  /** The master data the event's entities are checked against; none given: nothing is checked. */
  masterData?: MasterDataView;
}

export interface QualityScore {
  score: number;
  dimensions: Record<Dimension | GovernanceDimension, DimensionScore>;
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
  const governance: Record<GovernanceDimension, DimensionScore> = {
    trust: scoreTrust(event, input.sources ?? SourceRegistry.EMPTY, config.untrustedSourceScore),
    masterData: scoreMasterData(event, input.masterData ?? MasterDataView.EMPTY, config),
  };
  const all = { ...raw, ...governance };
  const names = [...DIMENSIONS, ...GOVERNANCE_DIMENSIONS];
  const dimensions = Object.fromEntries(
    names.map((d) => [d, { score: round4(all[d].score), issues: all[d].issues }]),
  ) as QualityScore['dimensions'];
  return {
    score: round4(combine(raw, config) * governance.trust.score * governance.masterData.score),
    dimensions,
    issues: names.flatMap((d) => all[d].issues),
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
