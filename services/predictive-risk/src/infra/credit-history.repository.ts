// The exposure updates credit risk judged (credit_history), read back for its calibration: the
// most recent ones in arrival order, and the older ones dropped once no calibration reads them.
import { type EntityManager } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import { type CreditJudgement } from '../domain/models/credit-outcomes';

export class CreditHistoryRepository {
  private readonly s: string;

  constructor(schema: string) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  /** The most recent `limit` judgements, oldest first. */
  async recent(manager: EntityManager, limit: number): Promise<CreditJudgement[]> {
    const rows: {
      customer_id: string;
      utilisation: number;
      days_past_due: number;
      formula_risk: number;
    }[] = await manager.query(
      `SELECT customer_id, utilisation, days_past_due, formula_risk FROM (
         SELECT * FROM ${this.s}.credit_history ORDER BY id DESC LIMIT $1
       ) recent ORDER BY id`,
      [limit],
    );
    return rows.map((r) => ({
      customerId: r.customer_id,
      utilisation: r.utilisation,
      daysPastDue: r.days_past_due,
      formulaRisk: r.formula_risk,
    }));
  }

  /** Keeps the newest `keep` rows. */
  async prune(manager: EntityManager, keep: number): Promise<void> {
    await manager.query(
      `DELETE FROM ${this.s}.credit_history
        WHERE id < (SELECT min(id) FROM (SELECT id FROM ${this.s}.credit_history ORDER BY id DESC LIMIT $1) kept)`,
      [keep],
    );
  }
}
