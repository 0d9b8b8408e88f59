// The signed checkpoints of the audit chain's head (table audit_checkpoints, append-only), and the
// head itself as the audit log holds it now. A checkpoint is keyed by the seq it covers: two
// instances that checkpoint the same head at once store it once.
import type { DataSource, EntityManager } from 'typeorm';
import { assertSchemaName } from '@governor/messaging';

export interface StoredCheckpoint {
  seq: number;
  hash: string;
  /** RFC 3339 with milliseconds: exactly what was signed. */
  at: string;
  kid: string;
  signature: string;
}

interface CheckpointRow {
  seq: string;
  hash: string;
  at: Date;
  kid: string;
  signature: string;
}

export class AuditCheckpointStore {
  private readonly checkpoints: string;
  private readonly log: string;

  constructor(schema: string) {
    const s = assertSchemaName(schema);
    this.checkpoints = `"${s}".audit_checkpoints`;
    this.log = `"${s}".audit_log`;
  }

  /** The newest audit entry's seq and hash; undefined while the log is empty. */
  async head(manager: EntityManager | DataSource): Promise<{ seq: number; hash: string } | undefined> {
    const rows: { seq: string; hash: string }[] = await manager.query(`SELECT seq, hash FROM ${this.log} ORDER BY seq DESC LIMIT 1`);
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
  }

  /** The hash of the entry `seq`; undefined when there is none. */
  async hashAt(manager: EntityManager | DataSource, seq: number): Promise<string | undefined> {
    const rows: { hash: string }[] = await manager.query(`SELECT hash FROM ${this.log} WHERE seq = $1`, [seq]);
    return rows[0]?.hash;
  }

  /** Stores a checkpoint; false when one for that seq is stored already. */
  async insert(manager: EntityManager, checkpoint: StoredCheckpoint): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.checkpoints} (seq, hash, at, kid, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (seq) DO NOTHING RETURNING seq`,
      [checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.kid, checkpoint.signature],
    );
    return rows.length === 1;
  }

  /** Checkpoints newest first (highest seq), `limit` of them from below `beforeSeq`. */
  async newestFirst(db: EntityManager | DataSource, limit: number, beforeSeq?: number): Promise<StoredCheckpoint[]> {
    const rows: CheckpointRow[] = await db.query(
      `SELECT seq, hash, at, kid, signature FROM ${this.checkpoints}
       WHERE $1::bigint IS NULL OR seq < $1 ORDER BY seq DESC LIMIT $2`,
      [beforeSeq ?? null, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, at: r.at.toISOString(), kid: r.kid, signature: r.signature }));
  }
}
