// Policy versions and the active ones. Versions are numbered 1, 2, ... across every policy set
// (domain/policy-sets.ts) and their text never changes once stored; activation moves the set's
// pointer that every instance polls (the central set's one-row active_policy, a domain set's row of
// active_policy_sets), and notes on the version who activated it last.
import type { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';
import { CENTRAL, type PolicySetName } from '../../domain/policy-sets';

export interface PolicyVersion {
  version: number;
  policySet: PolicySetName;
  description: string;
  policies: string;
  createdBy: string;
  createdAt: Date;
  /** Who last activated it and when; null for a version never activated. */
  activatedBy: string | null;
  activatedAt: Date | null;
}

export interface ActivePolicy {
  version: number;
  activatedBy: string;
  activatedAt: Date;
}

interface VersionRow {
  version: number;
  policy_set: PolicySetName;
  description: string;
  policies: string;
  created_by: string;
  created_at: Date;
  activated_by: string | null;
  activated_at: Date | null;
}

const VERSION_COLUMNS = 'version, policy_set, description, policies, created_by, created_at, activated_by, activated_at';

type Queryable = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

export class PolicyStore {
  private readonly s: string;

  constructor(schema: string) {
    this.s = assertSchemaName(schema);
  }

  /** Serialises version numbering (and the first-start seeding) across instances. */
  async lock(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.s}.policy_versions`]);
  }

  /** Stores the next version; call after lock() in the same transaction. */
  async insert(
    manager: EntityManager,
    policies: string,
    description: string,
    createdBy: string,
    policySet: PolicySetName = CENTRAL,
  ): Promise<PolicyVersion> {
    const rows: VersionRow[] = await manager.query(
      `INSERT INTO "${this.s}".policy_versions (version, description, policies, created_by, policy_set)
       SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4 FROM "${this.s}".policy_versions
       RETURNING ${VERSION_COLUMNS}`,
      [description, policies, createdBy, policySet],
    );
    return toVersion(rows[0]);
  }

  async get(db: Queryable, version: number): Promise<PolicyVersion | undefined> {
    const rows: VersionRow[] = await db.query(
      `SELECT ${VERSION_COLUMNS} FROM "${this.s}".policy_versions WHERE version = $1`,
      [version],
    );
    return rows[0] ? toVersion(rows[0]) : undefined;
  }

  /** Up to `limit` versions of a set in order, after version `after` when given (keyset paging on the key). */
  async list(db: Queryable, after: number | undefined, limit: number, policySet: PolicySetName = CENTRAL): Promise<Omit<PolicyVersion, 'policies'>[]> {
    const rows: Omit<VersionRow, 'policies'>[] = await db.query(
      `SELECT version, policy_set, description, created_by, created_at, activated_by, activated_at
       FROM "${this.s}".policy_versions
       WHERE policy_set = $3 AND ($1::int IS NULL OR version > $1) ORDER BY version LIMIT $2`,
      [after ?? null, limit, policySet],
    );
    return rows.map((row) => ({
      version: row.version,
      policySet: row.policy_set,
      description: row.description,
      createdBy: row.created_by,
      createdAt: row.created_at,
      activatedBy: row.activated_by,
      activatedAt: row.activated_at,
    }));
  }

  async count(db: Queryable): Promise<number> {
    const rows: { n: string }[] = await db.query(`SELECT count(*) AS n FROM "${this.s}".policy_versions`);
    return Number(rows[0].n);
  }

  async active(db: Queryable): Promise<ActivePolicy | undefined> {
    const rows: { version: number; activated_by: string; activated_at: Date }[] = await db.query(
      `SELECT version, activated_by, activated_at FROM "${this.s}".active_policy`,
    );
    return rows[0]
      ? { version: rows[0].version, activatedBy: rows[0].activated_by, activatedAt: rows[0].activated_at }
      : undefined;
  }

  /** The active version of every domain set that has one. */
  async activeDomainSets(db: Queryable): Promise<(ActivePolicy & { policySet: PolicySetName })[]> {
    const rows: { policy_set: PolicySetName; version: number; activated_by: string; activated_at: Date }[] = await db.query(
      `SELECT policy_set, version, activated_by, activated_at FROM "${this.s}".active_policy_sets ORDER BY policy_set`,
    );
    return rows.map((r) => ({ policySet: r.policy_set, version: r.version, activatedBy: r.activated_by, activatedAt: r.activated_at }));
  }

  /** Makes `version` the active one of its domain set; returns the version active before, if any. */
  async activateDomainSet(manager: EntityManager, policySet: PolicySetName, version: number, activatedBy: string, at: Date): Promise<number | undefined> {
    const before: { version: number }[] = await manager.query(
      `SELECT version FROM "${this.s}".active_policy_sets WHERE policy_set = $1 FOR UPDATE`,
      [policySet],
    );
    await manager.query(
      `INSERT INTO "${this.s}".active_policy_sets (policy_set, version, activated_by, activated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (policy_set) DO UPDATE SET version = excluded.version, activated_by = excluded.activated_by,
         activated_at = excluded.activated_at`,
      [policySet, version, activatedBy, at],
    );
    await manager.query(`UPDATE "${this.s}".policy_versions SET activated_by = $2, activated_at = $3 WHERE version = $1`, [version, activatedBy, at]);
    return before[0]?.version;
  }

  /** Makes `version` active, noting who did on the version too; returns the version that was active before, if any. */
  async activate(
    manager: EntityManager,
    version: number,
    activatedBy: string,
    at: Date,
  ): Promise<number | undefined> {
    const before: { version: number }[] = await manager.query(
      `SELECT version FROM "${this.s}".active_policy FOR UPDATE`,
    );
    await manager.query(
      `INSERT INTO "${this.s}".active_policy (singleton, version, activated_by, activated_at) VALUES (true, $1, $2, $3)
       ON CONFLICT (singleton) DO UPDATE SET version = excluded.version, activated_by = excluded.activated_by,
         activated_at = excluded.activated_at`,
      [version, activatedBy, at],
    );
    await manager.query(
      `UPDATE "${this.s}".policy_versions SET activated_by = $2, activated_at = $3 WHERE version = $1`,
      [version, activatedBy, at],
    );
    return before[0]?.version;
  }
}

function toVersion(row: VersionRow): PolicyVersion {
  return {
    version: row.version,
    policySet: row.policy_set,
    description: row.description,
    policies: row.policies,
    createdBy: row.created_by,
    createdAt: row.created_at,
    activatedBy: row.activated_by,
    activatedAt: row.activated_at,
  };
}
