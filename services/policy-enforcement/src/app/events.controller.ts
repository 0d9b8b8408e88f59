// Kafka: what policy-enforcement consumes. Each handler runs in the consumer's transaction (with
// the inbox claim), so its writes, audit entries and outbox events commit with the record.
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { EventTypes, TRIGGERED_BY_PATTERN } from '@governor/contracts';
import type { ContractEvent } from '@governor/contracts';
import type { HandlerContext } from '@governor/messaging';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { SignalStore } from '../infra/database/signal-store';
import { ApprovalService } from './approval.service';
import { DecisionService } from './decision.service';

const OPERATOR_PREFIX = 'operator:';
/** The audit actor of a refusal without a valid token: nobody the service could name. */
const ANONYMOUS_ACTOR = 'anonymous';

@Controller()
export class EventsController {
  private readonly log = new Logger('events');

  constructor(
    @Inject(DecisionService) private readonly decisions: DecisionService,
    @Inject(ApprovalService) private readonly approvals: ApprovalService,
    @Inject(SignalStore) private readonly signals: SignalStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @EventPattern<string>(EventTypes.RiskActionProposedV1)
  async onRiskProposal(
    @Payload() event: ContractEvent<'risk.action-proposed.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.decisions.decideRiskProposal(event, managerOf(ctx));
  }

  @EventPattern<string>(EventTypes.AgentActionProposedV1)
  async onAgentProposal(
    @Payload() event: ContractEvent<'agent.action-proposed.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.decisions.decideAgentProposal(event, managerOf(ctx));
  }

  @EventPattern<string>(EventTypes.FeedHealthReportedV1)
  async onFeedHealth(
    @Payload() event: ContractEvent<'quality.feed-health-reported.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.signals.recordFeedHealth(managerOf(ctx), event.data);
  }

  /** The current mode per domain; an operator's override is also appended to the audit log. */
  @EventPattern<string>(EventTypes.DomainModeChangedV1)
  async onDomainMode(
    @Payload() event: ContractEvent<'domain.mode-changed.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    const manager = managerOf(ctx);
    const change = event.data;
    await this.signals.recordDomainMode(manager, change);
    this.log.log(`domain ${change.domain} is ${change.mode} (${change.triggeredBy}: ${change.reason})`);
    if (TRIGGERED_BY_PATTERN.test(change.triggeredBy) && change.triggeredBy.startsWith(OPERATOR_PREFIX)) {
      await this.audit.append(manager, [
        {
          kind: AuditKinds.DomainModeOverridden,
          actor: change.triggeredBy.slice(OPERATOR_PREFIX.length),
          subject: `domain:${change.domain}`,
          payload: {
            domain: change.domain,
            mode: change.mode,
            previousMode: change.previousMode,
            reason: change.reason,
            since: change.since,
            event: { source: event.source, id: event.id },
          },
        },
      ]);
    }
  }

  /**
   * A refusal reported by any service (401, 403 grouped per actor, route and minute, or an action
   * whose signature did not verify): appended to the audit log as it came, count included.
   */
  @EventPattern<string>(EventTypes.SecurityViolationRecordedV1)
  async onSecurityViolation(
    @Payload() event: ContractEvent<'security.violation-recorded.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    const violation = event.data;
    await this.audit.append(managerOf(ctx), [
      {
        kind: AuditKinds.SecurityViolation,
        actor: violation.actor ?? ANONYMOUS_ACTOR,
        subject: violation.actionId ?? `service:${violation.service}`,
        payload: { ...violation, event: { source: event.source, id: event.id } },
      },
    ]);
  }

  @EventPattern<string>(EventTypes.ActionExecutedV1)
  async onExecuted(
    @Payload() event: ContractEvent<'action.executed.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.signals.recordOutcome(managerOf(ctx), event, event.data);
  }

  @EventPattern<string>(EventTypes.ActionFailedV1)
  async onFailed(
    @Payload() event: ContractEvent<'action.failed.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.signals.recordOutcome(managerOf(ctx), event, event.data);
  }

  @EventPattern<string>(EventTypes.ActionCompensatedV1)
  async onCompensated(
    @Payload() event: ContractEvent<'action.compensated.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.signals.recordOutcome(managerOf(ctx), event, event.data);
  }

  @EventPattern<string>(EventTypes.ReviewRequestedV1)
  async onReviewRequested(
    @Payload() event: ContractEvent<'execution.review-requested.v1'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.approvals.openReviewTask(event, managerOf(ctx));
  }
}

/** The consumer runs with the inbox, so every record comes with its transaction. */
function managerOf(ctx: HandlerContext): EntityManager {
  if (!ctx.manager) throw new Error('policy-enforcement handlers need the inbox transaction');
  return ctx.manager;
}
