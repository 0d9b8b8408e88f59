// Writes a group's StateChanges: one multi-row upsert per table that changed (state-tables.ts), one
// DELETE for the needs that closed, one INSERT for the model observations, one for the exposure
// updates credit risk judged (when there were any), and the proposals into
// the outbox, all in the group's transaction (EntityManager) so the change and its events commit
// together. The observations and the outbox rows are written when that transaction is about to
// commit, with any other rows the transaction defers.
import { type EntityManager } from 'typeorm';
import { Topics } from '@governor/contracts';
import { assertSchemaName, DeferredRows, type Outbox, preparedQuery, upsertRows } from '@governor/messaging';
import { type StateChanges } from './state-changes';
import { CREDIT, DEMAND, FORECASTS, LATENESS, NEEDS, ORDERS, POSITIONS, TERMS } from './state-tables';

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
    const now = new Date();
    await upsertRows(manager, this.s, POSITIONS, changes.positions.values(), now);
    await upsertRows(manager, this.s, DEMAND, changes.demand.values(), now);
    await upsertRows(manager, this.s, FORECASTS, changes.forecasts.values(), now);
    await upsertRows(manager, this.s, TERMS, changes.terms.values(), now);
    await upsertRows(manager, this.s, LATENESS, changes.lateness.values(), now);
    await upsertRows(manager, this.s, ORDERS, changes.orders.values(), now);
    await upsertRows(manager, this.s, CREDIT, changes.credit.values(), now);
    await upsertRows(manager, this.s, NEEDS, changes.needs.values(), now);
    if (changes.closedNeeds.size > 0) {
      await preparedQuery(manager, `DELETE FROM ${this.s}.open_needs WHERE need_key = ANY($1::text[])`, [
        [...changes.closedNeeds],
      ]);
    }
    await this.insertObservations(manager, changes);
    await this.insertCreditJudgements(manager, changes);
    await this.outbox.enqueue(
      manager,
      changes.proposals.map(({ event, trace }) => ({ topic: Topics.ActionsProposedV1, event, headers: trace })),
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

  /** Only when the group had exposure updates: the stock report path keeps its statement count. */
  private async insertCreditJudgements(manager: EntityManager, changes: StateChanges): Promise<void> {
    const rows = changes.creditJudgements;
    if (rows.length === 0) return;
    await preparedQuery(
      manager,
      `INSERT INTO ${this.s}.credit_history (customer_id, as_of, utilisation, days_past_due, formula_risk)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[])`,
      [
        rows.map((r) => r.customerId),
        rows.map((r) => r.asOf),
        rows.map((r) => r.utilisation),
        rows.map((r) => r.daysPastDue),
        rows.map((r) => r.formulaRisk),
      ],
    );
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
