// The model registry (each model version with its parameters, lifecycle status, validation,
// promotion and frozen reference window) and the data models are measured on: model input
// observations, and demand forecasts with their actuals (the recorded daily history backtests use).
import { type EntityManager } from 'typeorm';
import { type RecordedDay, type RecordedSeries } from '../domain/models/demand-refit';
import { type JudgedOutcome, type OutcomeCalibration } from '../domain/models/outcome-calibration';
import { type FulfilmentJudgement } from './state-changes';
import { type ForecastPoint } from '../domain/models/forecast-accuracy';
import { type ModelStatus, ModelStatuses } from '../domain/models/model-cards';
import { type ModelDefinition, type ModelRef } from '../domain/models/model-catalog';
import { type InputReference } from '../domain/models/model-drift';
import { type PromotionProposal } from '../domain/models/refit-review';
import {
  type Promotion,
  type RegisteredVersion,
  type ShadowComparison,
  type Validation,
} from '../domain/models/model-lifecycle';
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

/** A registered version as the registry API shows it. */
export interface VersionRecord extends RegisteredVersion {
  readonly domain: string;
  readonly parameters: Record<string, unknown>;
  readonly statusChangedAt: string;
  readonly registeredAt: string;
  readonly statusHistory: readonly { readonly status: ModelStatus; readonly at: string }[];
  readonly validation: Validation | null;
  readonly promotion: Promotion | null;
  readonly shadow: ShadowComparison | null;
  /** Order fulfilment and credit risk: how the risk held against recorded outcomes. */
  readonly calibration: OutcomeCalibration | null;
  /** A refit: its promotion proposal, once made. */
  readonly proposal: PromotionProposal | null;
}

interface VersionRow {
  model_id: string;
  version: string;
  domain: string;
  status: ModelStatus;
  parameters: Record<string, unknown>;
  status_changed_at: Date;
  created_at: Date;
  status_history: { status: ModelStatus; at: string }[];
  validation: Validation | null;
  promotion: Promotion | null;
  shadow: ShadowComparison | null;
  calibration: OutcomeCalibration | null;
  proposal: PromotionProposal | null;
}

const VERSION_COLUMNS =
  'model_id, version, domain, status, parameters, status_changed_at, created_at, status_history, validation, promotion, shadow, ' +
  'calibration, proposal';

/** SET clause of a status change: the status, since when, and one more entry in its history. */
const STATUS_CHANGE = `status = $3, status_changed_at = now(),
  status_history = status_history || jsonb_build_array(jsonb_build_object('status', $3::text, 'at', now()))`;

function toVersion(r: VersionRow): VersionRecord {
  return {
    modelId: r.model_id,
    version: r.version,
    domain: r.domain,
    status: r.status,
    parameters: r.parameters,
    statusChangedAt: r.status_changed_at.toISOString(),
    registeredAt: r.created_at.toISOString(),
    statusHistory: r.status_history,
    validation: r.validation,
    promotion: r.promotion,
    shadow: r.shadow,
    calibration: r.calibration,
    proposal: r.proposal,
  };
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

  /** The model's champion, locked until the transaction ends. */
  async champion(manager: EntityManager, modelId: string): Promise<VersionRecord | undefined> {
    const rows: VersionRow[] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM ${this.s}.model_registry WHERE model_id = $1 AND status = 'champion' FOR UPDATE`,
      [modelId],
    );
    return rows[0] ? toVersion(rows[0]) : undefined;
  }

  /** The version becomes its model's champion, the one before it retires. */
  async promote(
    manager: EntityManager,
    model: ModelRef,
    validation: Validation | null,
    promotion: Promotion,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.s}.model_registry SET ${STATUS_CHANGE}
        WHERE model_id = $1 AND version <> $2 AND status = 'champion'`,
      [model.id, model.version, ModelStatuses.Retired],
    );
    await manager.query(
      `UPDATE ${this.s}.model_registry SET ${STATUS_CHANGE}, validation = COALESCE($4, validation), promotion = $5
        WHERE model_id = $1 AND version = $2`,
      [
        model.id,
        model.version,
        ModelStatuses.Champion,
        validation ? json(validation) : null,
        json(promotion),
      ],
    );
  }

  /** A version moves to `status` (candidate, shadow or retired; champions change by promote). */
  async setStatus(manager: EntityManager, model: ModelRef, status: ModelStatus): Promise<void> {
    await manager.query(
      `UPDATE ${this.s}.model_registry SET ${STATUS_CHANGE} WHERE model_id = $1 AND version = $2`,
      [model.id, model.version, status],
    );
  }

  /** Registers a refit as a candidate with its validation (nothing when that version exists). */
  async registerCandidate(
    manager: EntityManager,
    model: ModelDefinition,
    validation: Validation,
  ): Promise<void> {
    await this.register(manager, [model]);
    await manager.query(
      `UPDATE ${this.s}.model_registry SET ${STATUS_CHANGE}, validation = $4
        WHERE model_id = $1 AND version = $2 AND status_history = '[]'::jsonb`,
      [model.id, model.version, ModelStatuses.Candidate, json(validation)],
    );
  }

  async saveProposal(manager: EntityManager, model: ModelRef, proposal: PromotionProposal): Promise<void> {
    await manager.query(
      `UPDATE ${this.s}.model_registry SET proposal = $3 WHERE model_id = $1 AND version = $2`,
      [model.id, model.version, json(proposal)],
    );
  }

  /** Every refit validated against `champion` (whatever its status now), oldest first. */
  async refitsOf(manager: EntityManager, modelId: string, champion: string): Promise<VersionRecord[]> {
    const rows: VersionRow[] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM ${this.s}.model_registry
        WHERE model_id = $1 AND validation->>'comparedWith' = $2 AND validation ? 'trigger'
        ORDER BY created_at, version`,
      [modelId, champion],
    );
    return rows.map(toVersion);
  }

  async saveShadow(manager: EntityManager, model: ModelRef, shadow: ShadowComparison): Promise<void> {
    await manager.query(
      `UPDATE ${this.s}.model_registry SET shadow = $3 WHERE model_id = $1 AND version = $2`,
      [model.id, model.version, json(shadow)],
    );
  }

  async saveCalibration(
    manager: EntityManager,
    model: ModelRef,
    calibration: OutcomeCalibration,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.s}.model_registry SET calibration = $3 WHERE model_id = $1 AND version = $2`,
      [model.id, model.version, json(calibration)],
    );
  }

  /** The most recent `limit` orders judged at placement whose outcome is known, oldest first. */
  async judgedOutcomes(manager: EntityManager, limit: number): Promise<JudgedOutcome[]> {
    const rows: { judgement: FulfilmentJudgement; outcome: 'on-time' | 'late' }[] = await manager.query(
      `SELECT judgement, outcome FROM (
         SELECT judgement, outcome, updated_at, order_id FROM ${this.s}.sales_orders
          WHERE outcome IS NOT NULL AND judgement IS NOT NULL ORDER BY updated_at DESC, order_id DESC LIMIT $1
       ) recent ORDER BY updated_at, order_id`,
      [limit],
    );
    return rows.map((r) => ({ ...r.judgement, late: r.outcome === 'late' }));
  }

  async version(
    manager: EntityManager,
    modelId: string,
    version: string,
    lock = false,
  ): Promise<VersionRecord | undefined> {
    const rows: VersionRow[] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM ${this.s}.model_registry WHERE model_id = $1 AND version = $2${lock ? ' FOR UPDATE' : ''}`,
      [modelId, version],
    );
    return rows[0] ? toVersion(rows[0]) : undefined;
  }

  /** Every version with one of these statuses, oldest first. */
  async withStatus(manager: EntityManager, statuses: readonly ModelStatus[]): Promise<VersionRecord[]> {
    const rows: VersionRow[] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM ${this.s}.model_registry WHERE status = ANY($1::text[]) ORDER BY created_at, model_id`,
      [statuses],
    );
    return rows.map(toVersion);
  }

  /** A version that did not pass validation stays registered as a candidate, with its validation. */
  async keepAsCandidate(
    manager: EntityManager,
    model: ModelDefinition,
    validation: Validation,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.s}.model_registry SET ${STATUS_CHANGE}, validation = $4
        WHERE model_id = $1 AND version = $2 AND status <> 'champion'`,
      [model.id, model.version, ModelStatuses.Candidate, json(validation)],
    );
  }

  /** Model ids after `after` (or just `only`), in order, with all their versions (newest first). */
  async models(
    manager: EntityManager,
    after: string | undefined,
    limit: number,
    only?: string,
  ): Promise<{ modelId: string; versions: VersionRecord[] }[]> {
    const rows: VersionRow[] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM ${this.s}.model_registry
        WHERE model_id IN (SELECT DISTINCT model_id FROM ${this.s}.model_registry
                            WHERE ($1::text IS NULL OR model_id > $1) AND ($3::text IS NULL OR model_id = $3)
                            ORDER BY model_id LIMIT $2)
        ORDER BY model_id, created_at DESC, version`,
      [after ?? null, limit, only ?? null],
    );
    const byModel = new Map<string, VersionRecord[]>();
    for (const row of rows) {
      const versions = byModel.get(row.model_id) ?? [];
      versions.push(toVersion(row));
      byModel.set(row.model_id, versions);
    }
    return [...byModel].map(([modelId, versions]) => ({ modelId, versions }));
  }

  /**
   * The recorded daily demand per SKU@location, oldest day first: each resolved forecast's actual,
   * with the forecast the champion of the time made for it and when the actual arrived.
   */
  async demandHistory(manager: EntityManager): Promise<RecordedSeries[]> {
    const rows: {
      key: string;
      date: string;
      quantity: number;
      forecast: number;
      version: string;
      resolved: Date;
    }[] = await manager.query(
      `SELECT sku || '@' || location AS key, target_date::text AS date, actual AS quantity, forecast,
                model_version AS version, resolved_at AS resolved
           FROM ${this.s}.demand_forecasts WHERE actual IS NOT NULL ORDER BY sku, location, target_date`,
    );
    const series = new Map<string, RecordedDay[]>();
    for (const r of rows) {
      const days = series.get(r.key) ?? [];
      const { date, quantity, forecast } = r;
      days.push({ date, quantity, forecast, modelVersion: r.version, resolvedAt: r.resolved.toISOString() });
      series.set(r.key, days);
    }
    return [...series].map(([key, days]) => ({ key, days }));
  }

  /** The newest day whose demand is recorded (its actual known), if any. */
  async newestDemandDay(manager: EntityManager): Promise<string | undefined> {
    const [row]: { newest: string | null }[] = await manager.query(
      `SELECT max(target_date)::text AS newest FROM ${this.s}.demand_forecasts WHERE actual IS NOT NULL`,
    );
    return row?.newest ?? undefined;
  }

  /** The resolved one-day-ahead forecasts a demand-sensing version made, per SKU@location. */
  async resolvedForecasts(manager: EntityManager, modelVersion: string): Promise<ForecastPoint[]> {
    return manager.query(
      `SELECT sku || '@' || location AS key, forecast, actual FROM ${this.s}.demand_forecasts
        WHERE model_version = $1 AND actual IS NOT NULL`,
      [modelVersion],
    );
  }

  /** Drops resolved forecasts more than `keepDays` before the newest recorded day. */
  async pruneDemandHistory(manager: EntityManager, keepDays: number): Promise<void> {
    await manager.query(
      `DELETE FROM ${this.s}.demand_forecasts WHERE actual IS NOT NULL
          AND target_date < (SELECT max(target_date) FROM ${this.s}.demand_forecasts) - $1::int`,
      [keepDays],
    );
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

  /** The most recently resolved forecasts of a demand-sensing version. */
  async recentResolvedForecasts(
    manager: EntityManager,
    modelVersion: string,
    limit: number,
  ): Promise<{ forecast: number; actual: number }[]> {
    return manager.query(
      `SELECT forecast, actual FROM ${this.s}.demand_forecasts
        WHERE model_version = $1 AND actual IS NOT NULL ORDER BY resolved_at DESC, target_date DESC LIMIT $2`,
      [modelVersion, limit],
    );
  }
}
