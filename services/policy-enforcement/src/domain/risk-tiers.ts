// docs/design.md's risk classes by action type (and, for reprioritising, by the target priority). The
// tier is part of every Cedar request's context, so bundles can write rules per tier; the default
// bundle names the resource types itself, so that its .cedar files read like docs/design.md.
import { ActionTypes, MODEL_RISK_TIER_VALUES, OrderPriorities, type ActionType } from '@governor/contracts';

export const RiskTiers = { Low: 'low', Medium: 'medium', High: 'high' } as const;
export type RiskTier = (typeof RiskTiers)[keyof typeof RiskTiers];

export function riskTierOf(actionType: ActionType, parameters: Record<string, unknown>): RiskTier {
  switch (actionType) {
    case ActionTypes.NotifyPlanner:
      return RiskTiers.Low;
    case ActionTypes.ReprioritizeOrder:
      return parameters.priority === OrderPriorities.Standard ? RiskTiers.Low : RiskTiers.Medium;
    case ActionTypes.ExpediteSupplier:
      return RiskTiers.Medium;
    case ActionTypes.PromoteModelVersion:
      // As risky as the model's mistakes can be: the tier its owner gave it (high when unknown).
      return (MODEL_RISK_TIER_VALUES as readonly unknown[]).includes(parameters.modelRiskTier)
        ? (parameters.modelRiskTier as RiskTier)
        : RiskTiers.High;
    case ActionTypes.CreatePurchaseOrder:
    case ActionTypes.TransferStock:
    case ActionTypes.ReleaseOrderHold:
    case ActionTypes.PlaceOrderHold:
      return RiskTiers.High;
  }
}
