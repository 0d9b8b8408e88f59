// Stock levels and demand records for a SKU at a location: the demand-sensing model's state is
// advanced by each demand record, the latest stock level is kept, and either change re-plans the
// SKU-location's replenishment (purchase order, transfer, or a planner notice without supplier
// terms), proposing only for a need that is new or has grown.
import { Inject, Injectable } from '@nestjs/common';
import type { ContractEvent, EventTypes } from '@governor/contracts';
import { recordDemand } from '../domain/models/demand-sensing';
import { type ModelCatalog, ModelInputs } from '../domain/models/model-catalog';
import { stockPosition } from '../domain/models/stockout-risk';
import { NeedKeys } from '../domain/proposals/open-needs';
import { daysOfCover, planLocation } from '../domain/proposals/replenishment';
import { type ReadKeys } from '../infra/read-keys';
import { type DemandRow, type PositionRow } from '../infra/state-changes';
import { demandInputOf, inventoryInputOf } from '../infra/working-set';
import { Proposer } from './proposer';
import { type RecordContext } from './record-context';
import { RiskMetrics } from './risk-metrics';
import { MODEL_CATALOG } from './tokens';

@Injectable()
export class InventoryUseCase {
  constructor(
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(Proposer) private readonly proposer: Proposer,
    @Inject(RiskMetrics) private readonly metrics: RiskMetrics,
  ) {}

  /** A stock report replaces its SKU@location's level and re-plans it. */
  levelReads(event: ContractEvent<typeof EventTypes.InventoryLevelReportedV1>, keys: ReadKeys): void {
    keys.stockLevels.add(event.data.sku, event.data.location);
    this.replanReads(event.data.sku, event.data.location, keys);
  }

  /** A demand record advances its SKU@location's demand state and may re-plan it. */
  demandReads(event: ContractEvent<typeof EventTypes.InventoryDemandRecordedV1>, keys: ReadKeys): void {
    keys.demandStates.add(event.data.sku, event.data.location);
    this.replanReads(event.data.sku, event.data.location, keys);
  }

  onLevelReported(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.InventoryLevelReportedV1>,
  ): void {
    const d = event.data;
    const current = ctx.state.position(d.sku, d.location);
    if (current && Date.parse(current.asOf) > Date.parse(d.asOf)) {
      this.metrics.ignored.inc({ reason: 'older-stock-level' });
      return;
    }
    const position: PositionRow = {
      sku: d.sku,
      location: d.location,
      levels: { onHand: d.onHand, allocated: d.allocated, inTransit: d.inTransit },
      unitCost: d.unitCost,
      asOf: d.asOf,
      evidence: ctx.evidence,
    };
    ctx.state.putPosition(position);
    this.replan(ctx, position, ctx.state.demandState(d.sku, d.location));
  }

  onDemandRecorded(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.InventoryDemandRecordedV1>,
  ): void {
    const { sku, location, date, quantity } = event.data;
    const model = this.catalog.demandSensing;
    const current = ctx.state.demandState(sku, location);
    const update = recordDemand(current?.state, date, quantity, model.parameters);
    if (update.kind === 'late') {
      this.metrics.ignored.inc({ reason: 'demand-for-closed-day' });
      return;
    }
    const row: DemandRow = { sku, location, state: update.state, evidence: ctx.evidence };
    ctx.state.putDemand(row);
    for (const day of update.closedDays) {
      ctx.state.observe(model.id, model.version, ModelInputs.DailyDemand, day.quantity);
      if (day.forecast !== null) {
        ctx.state.putForecast({
          sku,
          location,
          targetDate: day.date,
          modelVersion: model.version,
          forecast: day.forecast,
          actual: day.quantity,
        });
      }
    }
    if (update.forecast) {
      const { date: targetDate, value } = update.forecast;
      ctx.state.putForecast({
        sku,
        location,
        targetDate,
        modelVersion: model.version,
        forecast: value,
        actual: null,
      });
    }
    // Records within the open day move no model input; a closed day moves the level.
    if (update.closedDays.length === 0) return;
    const position = ctx.state.position(sku, location);
    if (position) this.replan(ctx, position, row);
  }

  private replanReads(sku: string, location: string, keys: ReadKeys): void {
    keys.replanSkus.add(sku);
    keys.needs.add(NeedKeys.replenish(sku, location));
    keys.needs.add(NeedKeys.noSupplierTerms(sku, location));
  }

  private replan(ctx: RecordContext, position: PositionRow, demandRow: DemandRow | undefined): void {
    const demand = demandInputOf(demandRow);
    if (!demand) return;
    const { sku, location } = position;
    const stockout = this.catalog.stockoutRisk;
    const cover = daysOfCover(stockPosition(position.levels), demand.rate.mean);
    if (cover !== null) ctx.state.observe(stockout.id, stockout.version, ModelInputs.DaysOfCover, cover);

    const replenishKey = NeedKeys.replenish(sku, location);
    const noTermsKey = NeedKeys.noSupplierTerms(sku, location);
    const replenishNeed = ctx.state.need(replenishKey);
    const open = this.proposer.active(replenishNeed, ctx.now);
    const outcome = planLocation(
      {
        sku,
        location,
        today: ctx.today,
        inventory: inventoryInputOf(position),
        demand,
        suppliers: ctx.state.suppliers(sku),
        otherLocations: ctx.state.otherLocations(sku, location),
        openQuantity: open?.quantity ?? 0,
        trigger: ctx.evidence.ref,
      },
      { stockout, demand: this.catalog.demandSensing, leadTime: this.catalog.supplierLeadTime.parameters },
    );
    switch (outcome.kind) {
      case 'covered':
        if (outcome.resolved && replenishNeed) ctx.state.closeNeed(replenishKey);
        return;
      case 'propose':
        this.proposer.submit(ctx.state, outcome.draft, open, ctx.now, 'grows-with-need');
        return;
      case 'no-supplier':
        if (outcome.draft) {
          this.proposer.submit(
            ctx.state,
            outcome.draft,
            this.proposer.active(ctx.state.need(noTermsKey), ctx.now),
            ctx.now,
            'once-per-cooldown',
          );
        }
        return;
    }
  }
}
