// The registry of AI agents: who is accountable for each (separation of duties) and which action
// types it may propose (its scope). An agent not in it is unregistered, and its proposals rejected.
import type { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';

export interface Agent {
  agentId: string;
  owner: string;
  scope: string[];
  description: string;
  updatedBy: string;
  updatedAt: Date;
}

interface AgentRow {
  agent_id: string;
  owner: string;
  scope: string[];
  description: string;
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

  async list(db: Queryable): Promise<Agent[]> {
    const rows: AgentRow[] = await db.query(`SELECT * FROM ${this.table} ORDER BY agent_id`);
    return rows.map(toAgent);
  }

  /** Registers or updates an agent; returns what it was before, if anything. */
  async put(manager: EntityManager, agent: Agent): Promise<Agent | undefined> {
    const before: AgentRow[] = await manager.query(
      `SELECT * FROM ${this.table} WHERE agent_id = $1 FOR UPDATE`,
      [agent.agentId],
    );
    await manager.query(
      `INSERT INTO ${this.table} (agent_id, owner, scope, description, updated_by, updated_at)
       VALUES ($1, $2, $3::text[], $4, $5, $6)
       ON CONFLICT (agent_id) DO UPDATE SET owner = excluded.owner, scope = excluded.scope,
         description = excluded.description, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [agent.agentId, agent.owner, agent.scope, agent.description, agent.updatedBy, agent.updatedAt],
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
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
