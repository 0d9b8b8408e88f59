// Writes a record's StateChanges: one multi-row upsert per table that changed, one DELETE for the
// needs that closed, one INSERT for the model observations, and the proposals into the outbox, all
// on the record's transaction (EntityManager) so the change and its events commit together. The
// observations and the outbox rows, which no later record of a group reads, are written once for
// the whole group when its transaction is about to commit.
import { type EntityManager } from 'typeorm';
import { Topics } from '@governor/contracts';
import { assertSchemaName, DeferredRows, type Outbox, preparedQuery } from '@governor/messaging';
import { json, upsertRows } from './multi-row';
import { type StateChanges } from './state-changes';

type Observation = StateChanges['observations'][number];

export class StateWriter {
  private readonly s: string;
  private readonly observations = new DeferredRows<Observation>((manager, rows) =>
    this.writeObservations(manager, rows),
  );

  constructor(
    schema: string,
    private readonly outbox: Outbox,
  ) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  async flush(manager: EntityManager, changes: StateChanges): Promise<void> {
    const s = this.s;
    const now = new Date();
    await upsertRows(
      manager,
      {
        table: `${s}.inventory_positions`,
        columns: [
          'sku',
          'location',
          'on_hand',
          'allocated',
          'in_transit',
          'unit_cost',
          'as_of',
          'evidence',
          'updated_at',
        ],
        key: ['sku', 'location'],
      },
      [...changes.positions.values()].map((r) => [
        r.sku,
        r.location,
        r.levels.onHand,
        r.levels.allocated,
        r.levels.inTransit,
        r.unitCost,
        r.asOf,
        json(r.evidence),
        now,
      ]),
    );
    await upsertRows(
      manager,
      {
        table: `${s}.demand_states`,
        columns: [
          'sku',
          'location',
          'open_date',
          'open_quantity',
          'level',
          'variance',
          'days_observed',
          'evidence',
          'updated_at',
        ],
        key: ['sku', 'location'],
      },
      [...changes.demand.values()].map((r) => [
        r.sku,
        r.location,
        r.state.openDate,
        r.state.openQuantity,
        r.state.level,
        r.state.variance,
        r.state.daysObserved,
        json(r.evidence),
        now,
      ]),
    );
    await upsertRows(
      manager,
      {
        table: `${s}.demand_forecasts`,
        columns: ['sku', 'location', 'target_date', 'model_version', 'forecast', 'actual', 'resolved_at'],
        key: ['sku', 'location', 'target_date'],
      },
      [...changes.forecasts.values()].map((r) => [
        r.sku,
        r.location,
        r.targetDate,
        r.modelVersion,
        r.forecast,
        r.actual,
        r.actual === null ? null : now,
      ]),
    );
    await upsertRows(
      manager,
      {
        table: `${s}.supplier_terms`,
        columns: [
          'supplier_id',
          'sku',
          'unit_cost',
          'min_order_quantity',
          'quoted_lead_time_days',
          'effective_at',
          'evidence',
        ],
        key: ['supplier_id', 'sku'],
        // Terms that arrive out of order never overwrite newer ones.
        where: 't.effective_at <= EXCLUDED.effective_at',
      },
      [...changes.terms.values()].map((r) => [
        r.supplierId,
        r.sku,
        r.unitCost,
        r.minOrderQuantity,
        r.quotedLeadTimeDays,
        r.effectiveAt,
        json(r.evidence),
      ]),
    );
    await upsertRows(
      manager,
      {
        table: `${s}.supplier_lateness`,
        columns: ['supplier_id', 'sku', 'deliveries', 'mean_days', 'm2', 'updated_at'],
        key: ['supplier_id', 'sku'],
      },
      [...changes.lateness.values()].map((r) => [
        r.supplierId,
        r.sku,
        r.stats.count,
        r.stats.mean,
        r.stats.m2,
        now,
      ]),
    );
    await upsertRows(
      manager,
      {
        table: `${s}.sales_orders`,
        columns: [
          'order_id',
          'customer_id',
          'location',
          'requested_ship_date',
          'priority',
          'amount',
          'lines',
          'delayed',
          'hold_proposed',
          'evidence',
          'delay_evidence',
          'updated_at',
        ],
        key: ['order_id'],
      },
      [...changes.orders.values()].map((r) => [
        r.orderId,
        r.customerId,
        r.location,
        r.requestedShipDate,
        r.priority,
        r.amount,
        json(r.lines),
        r.delayed,
        r.holdProposed,
        json(r.evidence),
        r.delayEvidence === null ? null : json(r.delayEvidence),
        now,
      ]),
    );
    await upsertRows(
      manager,
      {
        table: `${s}.customer_credit`,
        columns: ['customer_id', 'credit_limit', 'exposure', 'days_past_due', 'as_of', 'evidence'],
        key: ['customer_id'],
      },
      [...changes.credit.values()].map((r) => [
        r.customerId,
        r.creditLimit,
        r.exposure,
        r.daysPastDue,
        r.asOf,
        json(r.evidence),
      ]),
    );
    await upsertRows(
      manager,
      {
        table: `${s}.open_needs`,
        columns: ['need_key', 'action_type', 'action_id', 'quantity', 'proposed_at'],
        key: ['need_key'],
      },
      [...changes.needs.values()].map((n) => [
        n.key,
        n.actionType,
        n.actionId,
        n.quantity,
        n.proposedAt.toISOString(),
      ]),
    );
    if (changes.closedNeeds.size > 0) {
      await preparedQuery(manager, `DELETE FROM ${s}.open_needs WHERE need_key = ANY($1::text[])`, [
        [...changes.closedNeeds],
      ]);
    }
    await this.insertObservations(manager, changes);
    await this.outbox.enqueue(
      manager,
      changes.proposals.map((event) => ({ topic: Topics.ActionsProposedV1, event })),
    );
  }

  /** Needs proposed before `proposedBefore` no longer suppress anything: their rows can go. */
  async dropLapsedNeeds(manager: EntityManager, proposedBefore: Date): Promise<void> {
    await preparedQuery(manager, `DELETE FROM ${this.s}.open_needs WHERE proposed_at < $1`, [proposedBefore]);
  }

  private async insertObservations(manager: EntityManager, changes: StateChanges): Promise<void> {
    const rows = changes.observations;
    if (rows.length === 0) return;
    // Read only by the model-health job, never by the next record: written with the group's.
    if (!this.observations.add(manager, rows)) await this.writeObservations(manager, rows);
  }

  private async writeObservations(manager: EntityManager, rows: readonly Observation[]): Promise<void> {
    await preparedQuery(
      manager,
      `INSERT INTO ${this.s}.model_observations (model_id, model_version, input, value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[])`,
      [
        rows.map((r) => r.modelId),
        rows.map((r) => r.modelVersion),
        rows.map((r) => r.input),
        rows.map((r) => r.value),
      ],
    );
  }
}
