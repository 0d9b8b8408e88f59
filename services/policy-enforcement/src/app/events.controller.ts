// Kafka: what policy-enforcement consumes. Each handler gets its types' records of a group, in
// order, with the group's transaction (and their inbox claims), so their writes, audit entries and
// outbox events commit with the records. Proposals are decided a group at a time; the rarer records
// are handled one by one, each in its record's span.
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { EventTypes, TRIGGERED_BY_PATTERN } from '@governor/contracts';
import type { ContractEvent } from '@governor/contracts';
import { eachRecord, type ReceivedEvent } from '@governor/messaging';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { SignalStore } from '../infra/database/signal-store';
import { ApprovalService } from './approval.service';
import { DecisionService } from './decision.service';

const OPERATOR_PREFIX = 'operator:';
/** The audit actor of a refusal without a valid token: nobody the service could name. */
const ANONYMOUS_ACTOR = 'anonymous';

type Outcome = typeof EventTypes.ActionExecutedV1 | typeof EventTypes.ActionFailedV1 | typeof EventTypes.ActionCompensatedV1;

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
  onRiskProposals(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.RiskActionProposedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return this.decisions.decideRiskProposals(records, manager);
  }

  @EventPattern<string>(EventTypes.AgentActionProposedV1)
  onAgentProposals(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.AgentActionProposedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return this.decisions.decideAgentProposals(records, manager);
  }

  @EventPattern<string>(EventTypes.FeedHealthReportedV1)
  onFeedHealth(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.FeedHealthReportedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return eachRecord(records, manager, ({ event }) => this.signals.recordFeedHealth(manager, event.data));
  }

  /** The current mode per domain; an operator's override is also appended to the audit log. */
  @EventPattern<string>(EventTypes.DomainModeChangedV1)
  onDomainModes(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.DomainModeChangedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return eachRecord(records, manager, ({ event }) => this.onDomainMode(event, manager));
  }

  /**
   * A refusal reported by any service (401, 403 grouped per actor, route and minute, or an action
   * whose signature did not verify): appended to the audit log as it came, count included.
   */
  @EventPattern<string>(EventTypes.SecurityViolationRecordedV1)
  onSecurityViolations(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.SecurityViolationRecordedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return eachRecord(records, manager, async ({ event }) => {
      const violation = event.data;
      await this.audit.append(manager, [
        {
          kind: AuditKinds.SecurityViolation,
          actor: violation.actor ?? ANONYMOUS_ACTOR,
          subject: violation.actionId ?? `service:${violation.service}`,
          payload: { ...violation, event: { source: event.source, id: event.id } },
        },
      ]);
    });
  }

  /**
   * An audit entry another service asked for (a source registered, a store pruned): appended as it
   * came, with the service and the event's (source, id).
   */
  @EventPattern<string>(EventTypes.AuditEntryRequestedV1)
  onAuditEntries(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.AuditEntryRequestedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return this.audit.append(
      manager,
      records.map(({ event }) => ({
        kind: event.data.kind,
        actor: event.data.actor,
        subject: event.data.subject,
        payload: { ...event.data.payload, service: event.data.service, event: { source: event.source, id: event.id } },
      })),
    );
  }

  /**
   * A model version promoted in predictive-risk's registry, by a deployment or a person: appended
   * to the audit log with who, what it replaced, its evidence and the reason.
   */
  @EventPattern<string>(EventTypes.ModelPromotedV1)
  onModelPromotions(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.ModelPromotedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return eachRecord(records, manager, async ({ event }) => {
      const promotion = event.data;
      await this.audit.append(manager, [
        {
          kind: AuditKinds.ModelPromoted,
          actor: promotion.by,
          subject: `model:${promotion.modelId}`,
          payload: { ...promotion, event: { source: event.source, id: event.id } },
        },
      ]);
    });
  }

  /** A refit retired in predictive-risk's registry without becoming champion, and why. */
  @EventPattern<string>(EventTypes.ModelRetiredV1)
  onModelRetirements(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.ModelRetiredV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return eachRecord(records, manager, async ({ event }) => {
      await this.audit.append(manager, [
        {
          kind: AuditKinds.ModelRetired,
          actor: 'predictive-risk',
          subject: `model:${event.data.modelId}`,
          payload: { ...event.data, event: { source: event.source, id: event.id } },
        },
      ]);
    });
  }

  /** Executions, failures and compensations, one handler for the three. */
  @EventPattern<string[]>([EventTypes.ActionExecutedV1, EventTypes.ActionFailedV1, EventTypes.ActionCompensatedV1])
  onOutcomes(@Payload() records: readonly ReceivedEvent<Outcome>[], @Ctx() manager: EntityManager): Promise<void> {
    return eachRecord(records, manager, ({ event }) => this.signals.recordOutcome(manager, event, event.data));
  }

  @EventPattern<string>(EventTypes.ReviewRequestedV1)
  onReviewRequested(
    @Payload() records: readonly ReceivedEvent<typeof EventTypes.ReviewRequestedV1>[],
    @Ctx() manager: EntityManager,
  ): Promise<void> {
    return eachRecord(records, manager, ({ event }) => this.approvals.openReviewTask(event, manager));
  }

  private async onDomainMode(event: ContractEvent<'domain.mode-changed.v1'>, manager: EntityManager): Promise<void> {
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
}
