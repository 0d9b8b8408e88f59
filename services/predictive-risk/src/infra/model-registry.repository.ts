// The model registry (each model version with its parameters and its frozen reference window) and
// the data drift is measured on: model input observations and resolved demand forecasts.
import { type EntityManager } from 'typeorm';
import { type ModelDefinition } from '../domain/models/model-catalog';
import { type InputReference } from '../domain/models/model-drift';
import { assertSchemaName, json, type TableSpec, upsertRows } from '@governor/messaging';

/** What model_registry.reference_window holds once inputs have their reference. */
export interface ReferenceWindow {
  readonly kind?: 'first-observations';
  readonly inputs?: Record<string, StoredInputReference>;
}

export interface StoredInputReference extends InputReference {
  /** Observation ids the reference was taken from, inclusive. */
  readonly fromObservationId: string;
  readonly toObservationId: string;
  readonly frozenAt: string;
}

const REGISTRY: TableSpec<ModelDefinition> = {
  table: 'model_registry',
  columns: [
    { name: 'model_id', type: 'text', value: (m) => m.id },
    { name: 'version', type: 'text', value: (m) => m.version },
    { name: 'domain', type: 'text', value: (m) => m.domain },
    { name: 'parameters', type: 'jsonb', value: (m) => json(m.parameters) },
  ],
  key: ['model_id', 'version'],
  keepExisting: true,
};

export class ModelRegistryRepository {
  private readonly s: string;

  constructor(schema: string) {
    this.s = `"${assertSchemaName(schema)}"`;
  }

  /** Idempotent: a version already registered keeps its row and its reference window. */
  async register(manager: EntityManager, models: readonly ModelDefinition[]): Promise<void> {
    await upsertRows(manager, this.s, REGISTRY, models, new Date());
  }

  async referenceWindow(
    manager: EntityManager,
    model: ModelDefinition,
  ): Promise<ReferenceWindow | undefined> {
    const rows: { reference_window: ReferenceWindow }[] = await manager.query(
      `SELECT reference_window FROM ${this.s}.model_registry WHERE model_id = $1 AND version = $2 FOR UPDATE`,
      [model.id, model.version],
    );
    return rows[0]?.reference_window;
  }

  async saveReferenceWindow(
    manager: EntityManager,
    model: ModelDefinition,
    window: ReferenceWindow,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.s}.model_registry SET reference_window = $3 WHERE model_id = $1 AND version = $2`,
      [model.id, model.version, json(window)],
    );
  }

  /** The first `limit` observations of an input, oldest first. */
  async firstObservations(
    manager: EntityManager,
    model: ModelDefinition,
    input: string,
    limit: number,
  ): Promise<{ id: string; value: number }[]> {
    return manager.query(
      `SELECT o.id::text AS id, o.value FROM ${this.s}.model_observations o
        WHERE o.model_id = $1 AND o.model_version = $2 AND o.input = $3 ORDER BY o.id LIMIT $4`,
      [model.id, model.version, input, limit],
    );
  }

  /** The most recent `limit` observations after the reference, newest first. */
  async recentObservations(
    manager: EntityManager,
    model: ModelDefinition,
    input: string,
    afterId: string,
    limit: number,
  ): Promise<{ id: string; value: number }[]> {
    // o.id, not the text alias: ids must sort as numbers.
    return manager.query(
      `SELECT o.id::text AS id, o.value FROM ${this.s}.model_observations o
        WHERE o.model_id = $1 AND o.model_version = $2 AND o.input = $3 AND o.id > $4::bigint ORDER BY o.id DESC LIMIT $5`,
      [model.id, model.version, input, afterId, limit],
    );
  }

  /** Drops what drift no longer needs: the frozen reference rows and anything older than `keepFromId`. */
  async pruneObservations(
    manager: EntityManager,
    model: ModelDefinition,
    input: string,
    keepFromId: string,
  ): Promise<void> {
    await manager.query(
      `DELETE FROM ${this.s}.model_observations
        WHERE model_id = $1 AND model_version = $2 AND input = $3 AND id < $4::bigint`,
      [model.id, model.version, input, keepFromId],
    );
  }

  /** The most recently resolved forecasts of a demand-sensing version; older resolved ones are dropped. */
  async recentResolvedForecasts(
    manager: EntityManager,
    modelVersion: string,
    limit: number,
  ): Promise<{ forecast: number; actual: number }[]> {
    const rows: { forecast: number; actual: number; resolved_at: Date }[] = await manager.query(
      `SELECT forecast, actual, resolved_at FROM ${this.s}.demand_forecasts
        WHERE model_version = $1 AND actual IS NOT NULL ORDER BY resolved_at DESC, target_date DESC LIMIT $2`,
      [modelVersion, limit],
    );
    if (rows.length === limit) {
      await manager.query(
        `DELETE FROM ${this.s}.demand_forecasts WHERE model_version = $1 AND actual IS NOT NULL AND resolved_at < $2`,
        [modelVersion, rows[rows.length - 1].resolved_at],
      );
    }
    return rows.map((r) => ({ forecast: r.forecast, actual: r.actual }));
  }
}
