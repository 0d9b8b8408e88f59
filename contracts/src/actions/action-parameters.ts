// Which parameters class belongs to which action type, and a validator for a proposal's parameters.
// An agent proposal's envelope only promises `parameters` is an object (docs/contract.md section 2);
// whether an invalid one is dead-lettered or rejected by policy is the consuming service's choice.
import { type ClassValidation, validateAs } from '../validation/validate-class';
import { ActionTypes, type ActionType } from './action-types';
import { CreatePurchaseOrderParameters } from './create-purchase-order.parameters';
import { ExpediteSupplierParameters } from './expedite-supplier.parameters';
import { NotifyPlannerParameters } from './notify-planner.parameters';
import { PlaceOrderHoldParameters } from './place-order-hold.parameters';
import { PromoteModelVersionParameters } from './promote-model-version.parameters';
import { ReleaseOrderHoldParameters } from './release-order-hold.parameters';
import { ReprioritizeOrderParameters } from './reprioritize-order.parameters';
import { TransferStockParameters } from './transfer-stock.parameters';

export const ACTION_PARAMETER_CLASSES = {
  [ActionTypes.CreatePurchaseOrder]: CreatePurchaseOrderParameters,
  [ActionTypes.ExpediteSupplier]: ExpediteSupplierParameters,
  [ActionTypes.TransferStock]: TransferStockParameters,
  [ActionTypes.ReprioritizeOrder]: ReprioritizeOrderParameters,
  [ActionTypes.ReleaseOrderHold]: ReleaseOrderHoldParameters,
  [ActionTypes.PlaceOrderHold]: PlaceOrderHoldParameters,
  [ActionTypes.NotifyPlanner]: NotifyPlannerParameters,
  [ActionTypes.PromoteModelVersion]: PromoteModelVersionParameters,
} as const satisfies { readonly [A in ActionType]: new () => object };

/** `ActionParametersMap['inventory.transfer-stock']` is TransferStockParameters. */
export type ActionParametersMap = {
  [A in ActionType]: InstanceType<(typeof ACTION_PARAMETER_CLASSES)[A]>;
};

/** Validates `parameters` against its action type's class; paths are relative to `parameters`. */
export function validateActionParameters<A extends ActionType>(
  actionType: A,
  parameters: unknown,
): ClassValidation<ActionParametersMap[A]> {
  // TypeScript cannot correlate an indexed access with a generic key; the satisfies above is the check.
  const parametersClass = ACTION_PARAMETER_CLASSES[actionType] as new () => ActionParametersMap[A];
  try {
    return validateAs(parametersClass, parameters);
  } catch {
    // Only absurdly nested input gets here; it is invalid whatever it was meant to be.
    return {
      ok: false,
      errors: [{ path: '(root)', messages: ['could not be validated (nested too deeply)'] }],
    };
  }
}
