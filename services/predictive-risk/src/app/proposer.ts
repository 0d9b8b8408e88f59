// Turns drafts into proposals without repeating them: a draft whose need is still open (within the
// cooldown) is suppressed, unless it is a replenishment draft, which was already sized for what is
// open and so only exists when the need has grown. A proposal goes to the group's working set as
// an outbox event, and its need is opened (or grown) there, for the group's later records to see.
import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@governor/nest';
import { activeNeed, afterProposal, type OpenNeed } from '../domain/proposals/open-needs';
import { type ProposalDraft, proposalEvent } from '../domain/proposals/proposal';
import { type WorkingSet } from '../infra/working-set';
import { type PredictiveRiskConfig } from '../config';
import { RiskMetrics } from './risk-metrics';

export type NeedMode = 'once-per-cooldown' | 'grows-with-need';

@Injectable()
export class Proposer {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PredictiveRiskConfig,
    @Inject(RiskMetrics) private readonly metrics: RiskMetrics,
  ) {}

  /** The need as far as repeats go: undefined when absent or past its cooldown. */
  active(need: OpenNeed | undefined, now: Date): OpenNeed | undefined {
    return activeNeed(need, now, this.config.proposalCooldownSeconds);
  }

  /** True when proposed; false when suppressed because the need is still open. */
  submit(
    state: WorkingSet,
    draft: ProposalDraft,
    active: OpenNeed | undefined,
    now: Date,
    mode: NeedMode,
  ): boolean {
    if (mode === 'once-per-cooldown' && active) {
      this.metrics.suppressed.inc({ action_type: draft.actionType });
      return false;
    }
    const event = proposalEvent(draft, now.toISOString());
    state.propose(event);
    state.openNeed(
      afterProposal(
        mode === 'grows-with-need' ? active : undefined,
        draft.need.key,
        draft.actionType,
        event.data.actionId,
        draft.need.quantity,
        now,
      ),
    );
    this.metrics.proposals.inc({ action_type: draft.actionType });
    return true;
  }
}
