// Kafka: what policy-enforcement consumes. The consumer hands each handler its type's records of a
// group at once (groupHandlers, see main.ts), in order, in the group's transaction (with their inbox
// claims), so their writes, audit entries and outbox events commit with the records. Proposals are
// decided a group at a time; the rarer records are handled one by one, each in its record's span.
import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { EventTypes, TRIGGERED_BY_PATTERN } from '@governor/contracts';
import type { ContractEvent, EventType } from '@governor/contracts';
import { recordSpan, type ReceivedEvent } from '@governor/messaging';
import { SERVICE_CONFIG } from '@governor/nest';
import type { PolicyEnforcementConfig } from '../config';
import { AuditKinds, AuditLog } from '../infra/database/audit-log';
import { SignalStore } from '../infra/database/signal-store';
import { ApprovalService } from './approval.service';
import { DecisionService } from './decision.service';

const OPERATOR_PREFIX = 'operator:';
/** The audit actor of a refusal without a valid token: nobody the service could name. */
const ANONYMOUS_ACTOR = 'anonymous';

type Handle<K extends EventType> = (event: ContractEvent<K>, manager: EntityManager) => Promise<void>;

@Controller()
export class EventsController {
  private readonly log = new Logger('events');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PolicyEnforcementConfig,
    @Inject(DecisionService) private readonly decisions: DecisionService,
    @Inject(ApprovalService) private readonly approvals: ApprovalService,
    @Inject(SignalStore) private readonly signals: SignalStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @EventPattern<string>(EventTypes.RiskActionProposedV1)
  async onRiskProposals(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.decisions.decideRiskProposals(records, managerOf(records));
  }

  @EventPattern<string>(EventTypes.AgentActionProposedV1)
  async onAgentProposals(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.decisions.decideAgentProposals(records, managerOf(records));
  }

  @EventPattern<string>(EventTypes.FeedHealthReportedV1)
  async onFeedHealth(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.each<'quality.feed-health-reported.v1'>(records, (event, manager) =>
      this.signals.recordFeedHealth(manager, event.data),
    );
  }

  /** The current mode per domain; an operator's override is also appended to the audit log. */
  @EventPattern<string>(EventTypes.DomainModeChangedV1)
  async onDomainModes(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.each<'domain.mode-changed.v1'>(records, (event, manager) => this.onDomainMode(event, manager));
  }

  /**
   * A refusal reported by any service (401, 403 grouped per actor, route and minute, or an action
   * whose signature did not verify): appended to the audit log as it came, count included.
   */
  @EventPattern<string>(EventTypes.SecurityViolationRecordedV1)
  async onSecurityViolations(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.each<'security.violation-recorded.v1'>(records, async (event, manager) => {
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

  @EventPattern<string>(EventTypes.ActionExecutedV1)
  async onExecuted(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.each<'action.executed.v1'>(records, (event, manager) =>
      this.signals.recordOutcome(manager, event, event.data),
    );
  }

  @EventPattern<string>(EventTypes.ActionFailedV1)
  async onFailed(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.each<'action.failed.v1'>(records, (event, manager) =>
      this.signals.recordOutcome(manager, event, event.data),
    );
  }

  @EventPattern<string>(EventTypes.ActionCompensatedV1)
  async onCompensated(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.each<'action.compensated.v1'>(records, (event, manager) =>
      this.signals.recordOutcome(manager, event, event.data),
    );
  }

  @EventPattern<string>(EventTypes.ReviewRequestedV1)
  async onReviewRequested(@Payload() records: ReceivedEvent[]): Promise<void> {
    await this.each<'execution.review-requested.v1'>(records, (event, manager) =>
      this.approvals.openReviewTask(event, manager),
    );
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

  /** Records one by one, in order, each in its record's span (what it writes continues its trace). */
  private async each<K extends EventType>(records: readonly ReceivedEvent[], handle: Handle<K>): Promise<void> {
    const manager = managerOf(records);
    for (const record of records) {
      await recordSpan(this.config.groupId, record, () => handle(record.event as ContractEvent<K>, manager));
    }
  }
}

/** The consumer runs with the inbox, so a group's records come with its transaction. */
function managerOf(records: readonly ReceivedEvent[]): EntityManager {
  const manager = records[0]?.ctx.manager;
  if (!manager) throw new Error('policy-enforcement handlers need the inbox transaction');
  return manager;
}
