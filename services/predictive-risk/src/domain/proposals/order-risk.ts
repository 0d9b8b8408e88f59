// Proposals about one sales order: at fulfilment risk, a standard order is moved up to expedite
// (a planner is told when it is already expedite); on credit, an order that would take its
// customer's risk to the hold threshold is held, and a held order is released once the risk it
// would bring falls below the release threshold.
import {
  ActionTypes,
  NotificationSeverities,
  type OrderPriority,
  OrderPriorities,
} from '@governor/contracts';
import { type CreditRisk, type CreditRiskParameters } from '../models/credit-risk';
import { type ModelDefinition } from '../models/model-catalog';
import { type FulfilmentRisk, type OrderFulfilmentParameters } from '../models/order-fulfilment';
import { NeedKeys } from './open-needs';
import { type Evidence, type ProposalDraft, round } from './proposal';

export interface OrderFacts {
  readonly orderId: string;
  readonly customerId: string;
  readonly location: string;
  readonly priority: OrderPriority;
  readonly amount: number;
  readonly daysToShip: number;
}

export function fulfilmentProposal(
  order: OrderFacts,
  risk: FulfilmentRisk,
  evidence: readonly Evidence[],
  trigger: Evidence['ref'],
  model: ModelDefinition<OrderFulfilmentParameters>,
): ProposalDraft | null {
  if (!risk.atRisk) return null;
  const why =
    `${risk.calibrated ? 'calibrated P(late)' : 'fulfilment risk'} ${round(risk.risk, 3)} (shortage ${round(risk.shortageRatio, 3)} of ${risk.orderedUnits} units at ` +
    `${order.location}, ${order.daysToShip} days to the requested ship date${risk.delayed ? ', a shipment reported delayed' : ''})`;
  const common = {
    confidence: risk.risk,
    features: {
      shortageRatio: round(risk.shortageRatio),
      orderedUnits: risk.orderedUnits,
      coveredUnits: risk.coveredUnits,
      daysToShip: order.daysToShip,
      urgency: round(risk.urgency),
      shipmentDelayed: risk.delayed,
      unknownSkus: risk.unknownSkus.length,
      risk: round(risk.risk),
      formulaRisk: round(risk.formulaRisk),
      calibrated: risk.calibrated,
      riskThreshold: model.parameters.riskThreshold,
    },
    evidence,
    model: { id: model.id, version: model.version },
    subject: order.orderId,
    trigger,
    need: { key: NeedKeys.orderAtRisk(order.orderId), quantity: 0 },
  };
  if (order.priority === OrderPriorities.Standard) {
    return {
      ...common,
      actionType: ActionTypes.ReprioritizeOrder,
      parameters: { orderId: order.orderId, priority: OrderPriorities.Expedite, reason: `At risk: ${why}.` },
      rationale: `Order ${order.orderId} is at risk: ${why} >= ${model.parameters.riskThreshold}.`,
    };
  }
  return {
    ...common,
    actionType: ActionTypes.NotifyPlanner,
    parameters: {
      severity: NotificationSeverities.Warning,
      message: `Expedite order ${order.orderId} is still at risk: ${why}.`,
    },
    rationale: `Order ${order.orderId} is already expedite and at risk: ${why}.`,
  };
}

function creditFeatures(risk: CreditRisk, order: OrderFacts, params: CreditRiskParameters) {
  return {
    utilisationWithOrder: round(risk.utilisation),
    utilisationRisk: round(risk.utilisationRisk),
    overdueRisk: round(risk.overdueRisk),
    risk: round(risk.risk),
    formulaRisk: round(risk.formulaRisk),
    calibrated: risk.calibrated,
    orderAmount: order.amount,
    holdThreshold: params.holdThreshold,
    releaseThreshold: params.releaseThreshold,
  };
}

export function creditHoldProposal(
  order: OrderFacts,
  riskWithOrder: CreditRisk,
  daysPastDue: number,
  evidence: readonly Evidence[],
  trigger: Evidence['ref'],
  model: ModelDefinition<CreditRiskParameters>,
): ProposalDraft<typeof ActionTypes.PlaceOrderHold> {
  const reason =
    `${riskWithOrder.calibrated ? 'calibrated P(seriously past due)' : 'credit risk'} ${round(riskWithOrder.risk, 3)} with this order: utilisation ${round(riskWithOrder.utilisation * 100, 1)}% ` +
    `of the limit, ${daysPastDue} days past due`;
  return {
    actionType: ActionTypes.PlaceOrderHold,
    parameters: { orderId: order.orderId, customerId: order.customerId, amount: order.amount, reason },
    confidence: riskWithOrder.risk,
    rationale: `Hold ${order.orderId}: ${reason} (hold at ${model.parameters.holdThreshold}).`,
    features: { ...creditFeatures(riskWithOrder, order, model.parameters), daysPastDue },
    evidence,
    model: { id: model.id, version: model.version },
    subject: order.orderId,
    trigger,
    need: { key: NeedKeys.creditHold(order.orderId), quantity: 0 },
  };
}

export function creditReleaseProposal(
  order: OrderFacts,
  riskWithOrder: CreditRisk,
  daysPastDue: number,
  evidence: readonly Evidence[],
  trigger: Evidence['ref'],
  model: ModelDefinition<CreditRiskParameters>,
): ProposalDraft<typeof ActionTypes.ReleaseOrderHold> {
  return {
    actionType: ActionTypes.ReleaseOrderHold,
    parameters: { orderId: order.orderId, customerId: order.customerId, amount: order.amount },
    confidence: 1 - riskWithOrder.risk,
    rationale:
      `Release ${order.orderId}: credit risk with the order fell to ${round(riskWithOrder.risk, 3)}, below the release ` +
      `threshold ${model.parameters.releaseThreshold}.`,
    features: { ...creditFeatures(riskWithOrder, order, model.parameters), daysPastDue },
    evidence,
    model: { id: model.id, version: model.version },
    subject: order.orderId,
    trigger,
    need: { key: NeedKeys.creditRelease(order.orderId), quantity: 0 },
  };
}
