// Supplier terms and deliveries: terms are kept per supplier and SKU (latest by event time) for
// replenishment to choose from; each delivery's lateness advances the supplier's Welford history,
// which the stockout model plans with, and a partial delivery from a supplier likely to be late
// is chased with an expedite proposal.
import { Inject, Injectable } from '@nestjs/common';
import type { ContractEvent, EventTypes } from '@governor/contracts';
import { type ModelCatalog, ModelInputs } from '../domain/models/model-catalog';
import { latenessDays, recordLateness } from '../domain/models/supplier-lead-time';
import { expediteProposal } from '../domain/proposals/expedite';
import { NeedKeys } from '../domain/proposals/open-needs';
import { type ReadKeys } from '../infra/read-keys';
import { Proposer } from './proposer';
import { type RecordContext } from './record-context';
import { MODEL_CATALOG } from './tokens';

@Injectable()
export class ProcurementUseCase {
  constructor(
    @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog,
    @Inject(Proposer) private readonly proposer: Proposer,
  ) {}

  onSupplierTerms(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.ProcurementSupplierTermsUpdatedV1>,
  ): void {
    const d = event.data;
    ctx.state.putTerms({
      supplierId: d.supplierId,
      sku: d.sku,
      unitCost: d.unitCost,
      minOrderQuantity: d.minOrderQuantity,
      quotedLeadTimeDays: d.quotedLeadTimeDays,
      effectiveAt: event.time,
      evidence: ctx.evidence,
    });
  }

  /** A delivery advances its supplier's lateness for the SKU and may chase its purchase order. */
  deliveryReads(
    event: ContractEvent<typeof EventTypes.ProcurementSupplierDeliveryRecordedV1>,
    keys: ReadKeys,
  ): void {
    keys.lateness.add(event.data.supplierId, event.data.sku);
    keys.needs.add(NeedKeys.expedite(event.data.purchaseOrderId));
  }

  onDeliveryRecorded(
    ctx: RecordContext,
    event: ContractEvent<typeof EventTypes.ProcurementSupplierDeliveryRecordedV1>,
  ): void {
    const d = event.data;
    const model = this.catalog.supplierLeadTime;
    const lateness = latenessDays(d.promisedDate, d.receivedDate);
    const stats = recordLateness(ctx.state.supplierLateness(d.supplierId, d.sku), lateness);
    ctx.state.putLateness({ supplierId: d.supplierId, sku: d.sku, stats });
    ctx.state.observe(model.id, model.version, ModelInputs.LatenessDays, lateness);
    const draft = expediteProposal({ ...d, latenessDays: lateness }, stats, ctx.evidence, model);
    if (!draft) return;
    this.proposer.submit(
      ctx.state,
      draft,
      this.proposer.active(ctx.state.need(draft.need.key), ctx.now),
      ctx.now,
      'once-per-cooldown',
    );
  }
}
