// The registry of AI agents: who is accountable for each (separation of duties), which action
// types it may propose (its scope), and the public key its proposals are signed with. An agent not
// in it is unregistered, and its proposals rejected.
import type { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName, preparedQuery } from '@governor/messaging';
import type { AgentPublicKey } from '../../domain/agent-public-key';

export interface Agent {
  agentId: string;
  owner: string;
  scope: string[];
  description: string;
  /** Null only for an agent registered before version 1.1 and not since: nothing it sends verifies. */
  publicKey: AgentPublicKey | null;
  updatedBy: string;
  updatedAt: Date;
}

interface AgentRow {
  agent_id: string;
  owner: string;
  scope: string[];
  description: string;
  public_key: AgentPublicKey | null;
  updated_by: string;
  updated_at: Date;
}

type Queryable = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

export class AgentRegistry {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `"${assertSchemaName(schema)}".agents`;
  }

  async get(db: Queryable, agentId: string): Promise<Agent | undefined> {
    const rows: AgentRow[] = await db.query(`SELECT * FROM ${this.table} WHERE agent_id = $1`, [agentId]);
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  /** The registered agents among `agentIds`, by id, in one statement. */
  async getAll(manager: EntityManager, agentIds: readonly string[]): Promise<Map<string, Agent>> {
    const rows: AgentRow[] = await preparedQuery(manager, `SELECT * FROM ${this.table} WHERE agent_id = ANY($1::text[])`, [
      [...new Set(agentIds)],
    ]);
    return new Map(rows.map((row) => [row.agent_id, toAgent(row)]));
  }

  /** Up to `limit` agents by id, after `afterId` when given (keyset paging on the primary key). */
  async list(db: Queryable, afterId: string | undefined, limit: number): Promise<Agent[]> {
    const rows: AgentRow[] = await db.query(
      `SELECT * FROM ${this.table} WHERE ($1::text IS NULL OR agent_id > $1) ORDER BY agent_id LIMIT $2`,
      [afterId ?? null, limit],
    );
    return rows.map(toAgent);
  }

  /** Registers or updates an agent; returns what it was before, if anything. */
  async put(manager: EntityManager, agent: Agent): Promise<Agent | undefined> {
    const before: AgentRow[] = await manager.query(
      `SELECT * FROM ${this.table} WHERE agent_id = $1 FOR UPDATE`,
      [agent.agentId],
    );
    await manager.query(
      `INSERT INTO ${this.table} (agent_id, owner, scope, description, public_key, updated_by, updated_at)
       VALUES ($1, $2, $3::text[], $4, $5::jsonb, $6, $7)
       ON CONFLICT (agent_id) DO UPDATE SET owner = excluded.owner, scope = excluded.scope,
         description = excluded.description, public_key = excluded.public_key,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [
        agent.agentId,
        agent.owner,
        agent.scope,
        agent.description,
        agent.publicKey === null ? null : JSON.stringify(agent.publicKey),
        agent.updatedBy,
        agent.updatedAt,
      ],
    );
    return before[0] ? toAgent(before[0]) : undefined;
  }
}

function toAgent(row: AgentRow): Agent {
  return {
    agentId: row.agent_id,
    owner: row.owner,
    scope: row.scope,
    description: row.description,
    publicKey: row.public_key,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
