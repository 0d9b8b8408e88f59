// Chasing a late supplier: a delivery that leaves part of a purchase order outstanding, from a
// supplier whose next delivery is likely late (the lead-time model's P(late) at or above the
// threshold), gets an expedite proposal for that purchase order. A complete delivery leaves
// nothing to chase, however late it was; its lateness still feeds the supplier's history.
import { ActionTypes } from '@governor/contracts';
import { type RunningStats } from '../math/welford';
import { type ModelDefinition } from '../models/model-catalog';
import { lateRisk, type SupplierLeadTimeParameters } from '../models/supplier-lead-time';
import { NeedKeys } from './open-needs';
import { type Evidence, type ProposalDraft, round } from './proposal';

export interface DeliveryFacts {
  readonly purchaseOrderId: string;
  readonly supplierId: string;
  readonly sku: string;
  readonly quantityOrdered: number;
  readonly quantityReceived: number;
  readonly latenessDays: number;
}

export function expediteProposal(
  delivery: DeliveryFacts,
  statsAfter: RunningStats,
  evidence: Evidence,
  model: ModelDefinition<SupplierLeadTimeParameters>,
): ProposalDraft<typeof ActionTypes.ExpediteSupplier> | null {
  const outstanding = delivery.quantityOrdered - delivery.quantityReceived;
  if (outstanding <= 0) return null;
  const risk = lateRisk(statsAfter, model.parameters);
  if (risk.probabilityLate < model.parameters.expediteThreshold) return null;
  const mean = round(risk.meanLatenessDays, 2);
  return {
    actionType: ActionTypes.ExpediteSupplier,
    parameters: {
      purchaseOrderId: delivery.purchaseOrderId,
      supplierId: delivery.supplierId,
      reason:
        `${outstanding} of ${delivery.quantityOrdered} ${delivery.sku} still outstanding; ${delivery.supplierId} is ` +
        `${mean} days late on average over ${risk.samples} deliveries (P(more than ${model.parameters.lateToleranceDays} ` +
        `days late) = ${round(risk.probabilityLate, 3)}).`,
    },
    confidence: risk.probabilityLate * risk.evidence,
    rationale:
      `Partial delivery of ${delivery.purchaseOrderId} (${delivery.latenessDays} days late) from a supplier likely to be ` +
      `late again: P(late) ${round(risk.probabilityLate, 3)} >= ${model.parameters.expediteThreshold}.`,
    features: {
      latenessDays: delivery.latenessDays,
      meanLatenessDays: mean,
      // Unknown below two deliveries: left out rather than given a made-up value.
      ...(risk.sdLatenessDays === null ? {} : { sdLatenessDays: round(risk.sdLatenessDays) }),
      deliveries: risk.samples,
      probabilityLate: round(risk.probabilityLate),
      lateToleranceDays: model.parameters.lateToleranceDays,
      outstandingQuantity: outstanding,
      evidenceFactor: round(risk.evidence),
    },
    evidence: [evidence],
    model: { id: model.id, version: model.version },
    subject: delivery.purchaseOrderId,
    trigger: evidence.ref,
    need: { key: NeedKeys.expedite(delivery.purchaseOrderId), quantity: outstanding },
  };
}
