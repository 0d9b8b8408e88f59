// The data-quality floor: an input scored below it is not used by any model and nothing is
// proposed from it; a planner is told instead, naming the input, its score and its issues.
import { ActionTypes, NotificationSeverities } from '@governor/contracts';
import { NeedKeys } from './open-needs';
import { type Evidence, type ProposalDraft, round } from './proposal';

export const QUALITY_FLOOR_RULE = 'quality-floor';

export function isBelowFloor(score: number, floor: number): boolean {
  return score < floor;
}

export function lowQualityNotice(
  evidence: Evidence,
  subject: string,
  floor: number,
): ProposalDraft<typeof ActionTypes.NotifyPlanner> {
  const { ref, score, issues } = evidence;
  const why = issues.length > 0 ? `; issues: ${issues.join('; ')}` : '';
  return {
    actionType: ActionTypes.NotifyPlanner,
    parameters: {
      severity: NotificationSeverities.Warning,
      message:
        `Low-quality input ignored: ${ref.type} ${ref.id} from ${ref.source} for ${subject} scored ` +
        `${round(score, 3)}, below the floor of ${floor}${why}. No model used it and nothing was proposed from it.`,
    },
    // A rule, not an estimate: the score is below the floor for certain.
    confidence: 1,
    rationale: `Data-quality score ${round(score, 3)} is below the configured floor ${floor}.`,
    features: {
      qualityScore: round(score),
      qualityFloor: floor,
      inputType: ref.type,
      issueCount: issues.length,
    },
    evidence: [evidence],
    model: null,
    rule: QUALITY_FLOOR_RULE,
    subject,
    trigger: ref,
    need: { key: NeedKeys.lowQuality(ref.type, subject), quantity: 0 },
  };
}
