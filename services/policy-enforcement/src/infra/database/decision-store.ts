// Decisions, one per actionId: what was decided, by which policy version and why, the lineage
// that goes with the action, and the Cedar request it was decided from (for simulation).
import type { DataSource, EntityManager } from 'typeorm';
import type { ActionLineageV1, ActionType, DecisionOutcome, Domain, DomainMode } from '@governor/contracts';
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { CedarRequest } from '../../domain/cedar-request';
import type { RecordedDecision } from '../../domain/simulation';

/** Where a proposal came from and what it said besides its parameters (for lineage). */
export interface ProposalRecord {
  origin: 'predictive-risk' | 'agent';
  event: { source: string; id: string; type: string; time: string };
  rationale: string;
  confidence: number;
  features?: Record<string, number | string | boolean>;
  /** The source events as the proposal named them, with their times when it gave them (the lineage shows them). */
  sourceEvents?: { source: string; id: string; type: string; time?: string }[];
  /** Why the parameters were refused, when they were. */
  parameterErrors?: { path: string; messages: readonly string[] }[];
  /** An agent proposal's signature check: the key that verified it, or why it did not verify. */
  signature?: { verified: true; kid: string | null } | { verified: false; code: string; reason: string };
}

export interface DecisionRecord {
  decisionId: string;
  actionId: string;
  actionType: ActionType;
  domain: Domain;
  outcome: DecisionOutcome;
  reasons: string[];
  policyVersion: number;
  /** The version of every policy set it was decided under (`{ central: "3", procurement: "7" }`). */
  policySets: Record<string, string>;
  domainMode: DomainMode;
  requiredApprovers: number;
  agentId: string | null;
  parameters: Record<string, unknown>;
  lineage: ActionLineageV1;
  proposal: ProposalRecord;
  cedarRequest: CedarRequest | null;
  decidedAt: Date;
}

interface DecisionRow {
  decision_id: string;
  action_id: string;
  action_type: ActionType;
  domain: Domain;
  outcome: DecisionOutcome;
  reasons: string[];
  policy_version: number;
  /** Null for decisions made before policy sets: their central version was the whole policy. */
  policy_sets: Record<string, string> | null;
  domain_mode: DomainMode;
  required_approvers: number;
  agent_id: string | null;
  parameters: Record<string, unknown>;
  lineage: ActionLineageV1;
  proposal: ProposalRecord;
  cedar_request: CedarRequest | null;
  decided_at: Date;
}

const PAGE = 500;

export class DecisionStore {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".decisions`;
  }

  /**
   * Inserts a group's decisions in one statement, in order; returns the decisionIds inserted. A
   * decision whose actionId is decided already (a replayed proposal), in the table or earlier in
   * the group, is not inserted.
   */
  async insertAll(manager: EntityManager, decisions: readonly DecisionRecord[]): Promise<Set<string>> {
    if (decisions.length === 0) return new Set();
    const column = <T>(value: (d: DecisionRecord) => T): T[] => decisions.map(value);
    const rows: { decision_id: string }[] = await preparedQuery(
      manager,
      `INSERT INTO ${this.table} (decision_id, action_id, action_type, domain, outcome, reasons, policy_version,
         domain_mode, required_approvers, agent_id, parameters, lineage, proposal, cedar_request, decided_at, policy_sets)
       SELECT decision_id, action_id, action_type, domain, outcome, reasons, policy_version,
         domain_mode, required_approvers, agent_id, parameters, lineage, proposal, cedar_request, decided_at, policy_sets
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::text[],
         $9::int[], $10::text[], $11::jsonb[], $12::jsonb[], $13::jsonb[], $14::jsonb[], $15::timestamptz[], $16::jsonb[])
         WITH ORDINALITY AS d(decision_id, action_id, action_type, domain, outcome, reasons, policy_version,
           domain_mode, required_approvers, agent_id, parameters, lineage, proposal, cedar_request, decided_at, policy_sets, n)
       ORDER BY n
       ON CONFLICT (action_id) DO NOTHING RETURNING decision_id`,
      [
        column((d) => d.decisionId),
        column((d) => d.actionId),
        column((d) => d.actionType),
        column((d) => d.domain),
        column((d) => d.outcome),
        column((d) => JSON.stringify(d.reasons)),
        column((d) => d.policyVersion),
        column((d) => d.domainMode),
        column((d) => d.requiredApprovers),
        column((d) => d.agentId),
        column((d) => JSON.stringify(d.parameters)),
        column((d) => JSON.stringify(d.lineage)),
        column((d) => JSON.stringify(d.proposal)),
        column((d) => (d.cedarRequest === null ? null : JSON.stringify(d.cedarRequest))),
        column((d) => d.decidedAt),
        column((d) => JSON.stringify(d.policySets)),
      ],
    );
    return new Set(rows.map((r) => r.decision_id));
  }

  async byActionId(
    db: Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>,
    actionId: string,
  ): Promise<DecisionRecord | undefined> {
    const rows: DecisionRow[] = await db.query(`SELECT * FROM ${this.table} WHERE action_id = $1`, [
      actionId,
    ]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** The decisions of these actions, in one statement (an action has at most one). */
  async byActionIds(db: Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>, actionIds: readonly string[]): Promise<DecisionRecord[]> {
    if (actionIds.length === 0) return [];
    const rows: DecisionRow[] = await db.query(`SELECT * FROM ${this.table} WHERE action_id = ANY($1::text[])`, [actionIds]);
    return rows.map(toRecord);
  }

  /** Decisions made in [from, to), oldest first, a page at a time. */
  async *inWindow(dataSource: DataSource, from: Date, to: Date): AsyncGenerator<RecordedDecision> {
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const rows: DecisionRow[] = await dataSource.query(
        `SELECT * FROM ${this.table}
         WHERE decided_at >= $1 AND decided_at < $2
           AND ($3::timestamptz IS NULL OR (decided_at, decision_id) > ($3::timestamptz, $4::uuid))
         ORDER BY decided_at, decision_id LIMIT $5`,
        [from, to, after?.at ?? null, after?.id ?? null, PAGE],
      );
      for (const row of rows) {
        yield {
          decisionId: row.decision_id,
          actionId: row.action_id,
          actionType: row.action_type,
          domain: row.domain,
          outcome: row.outcome,
          reasons: row.reasons,
          policyVersion: String(row.policy_version),
          request: row.cedar_request,
        };
      }
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { at: last.decided_at, id: last.decision_id };
    }
  }
}

function toRecord(row: DecisionRow): DecisionRecord {
  return {
    decisionId: row.decision_id,
    actionId: row.action_id,
    actionType: row.action_type,
    domain: row.domain,
    outcome: row.outcome,
    reasons: row.reasons,
    policyVersion: row.policy_version,
    policySets: row.policy_sets ?? { central: String(row.policy_version) },
    domainMode: row.domain_mode,
    requiredApprovers: row.required_approvers,
    agentId: row.agent_id,
    parameters: row.parameters,
    lineage: row.lineage,
    proposal: row.proposal,
    cedarRequest: row.cedar_request,
    decidedAt: row.decided_at,
  };
}
