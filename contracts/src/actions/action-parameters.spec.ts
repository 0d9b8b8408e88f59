// Action types, their domains and their parameters (docs/contract.md section 3).
import { DOMAIN_VALUES } from '../common/domains';
import { ACTION_PARAMETER_CLASSES, validateActionParameters } from './action-parameters';
import { ACTION_TYPE_VALUES, ActionTypes, domainOfActionType, isActionType } from './action-types';

const VALID: { [A in keyof typeof ACTION_PARAMETER_CLASSES]: Record<string, unknown> } = {
  [ActionTypes.CreatePurchaseOrder]: {
    supplierId: 'SUP-17',
    sku: 'SKU-1001',
    location: 'DC-EAST',
    quantity: 400,
    unitCost: 12.5,
    amount: 5000,
    needBy: '2025-03-10',
  },
  [ActionTypes.ExpediteSupplier]: { purchaseOrderId: 'PO-7001', supplierId: 'SUP-17', reason: 'late' },
  [ActionTypes.TransferStock]: {
    sku: 'SKU-1001',
    fromLocation: 'DC-WEST',
    toLocation: 'DC-EAST',
    quantity: 50,
    amount: 625,
  },
  [ActionTypes.ReprioritizeOrder]: { orderId: 'SO-50001', priority: 'expedite', reason: 'key account' },
  [ActionTypes.ReleaseOrderHold]: { orderId: 'SO-50001', customerId: 'CUST-042', amount: 1200 },
  [ActionTypes.PlaceOrderHold]: {
    orderId: 'SO-50001',
    customerId: 'CUST-042',
    amount: 1200,
    reason: 'over limit',
  },
  [ActionTypes.NotifyPlanner]: { message: 'Demand spike at DC-EAST', severity: 'warning' },
  [ActionTypes.PromoteModelVersion]: {
    modelId: 'demand-sensing',
    version: '2.0.0+5b0e3a1c',
    champion: '2.0.0+3f2a9c1e',
    modelRiskTier: 'low',
    beatsChampion: true,
    backtestWapeDelta: -0.084,
    shadowWapeDelta: -0.061,
  },
};

describe('action types', () => {
  it('belong to a known domain, their first word', () => {
    expect(domainOfActionType(ActionTypes.TransferStock)).toBe('inventory');
    expect(domainOfActionType(ActionTypes.NotifyPlanner)).toBe('planning');
    for (const actionType of ACTION_TYPE_VALUES)
      expect(DOMAIN_VALUES).toContain(domainOfActionType(actionType));
  });

  it('are recognised only when exact', () => {
    expect(isActionType('credit.place-order-hold')).toBe(true);
    expect(isActionType('credit.place-order-hold.v2')).toBe(false);
    expect(isActionType(42)).toBe(false);
  });
});

describe('validateActionParameters', () => {
  it.each(ACTION_TYPE_VALUES)('accepts valid %s parameters as an instance of their class', (actionType) => {
    const result = validateActionParameters(actionType, VALID[actionType]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value).toBeInstanceOf(ACTION_PARAMETER_CLASSES[actionType]);
  });

  it('names the failing parameters', () => {
    const result = validateActionParameters(ActionTypes.CreatePurchaseOrder, {
      ...VALID[ActionTypes.CreatePurchaseOrder],
      amount: -5,
      needBy: 'tomorrow',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['amount', 'needBy']);
  });

  it('refuses parameters that are not an object', () => {
    for (const parameters of [null, [], 'x']) {
      expect(validateActionParameters(ActionTypes.NotifyPlanner, parameters).ok).toBe(false);
    }
  });

  it('refuses a promotion with an unknown risk tier, a beatsChampion that is not a boolean, or no WAPE deltas', () => {
    const valid = VALID[ActionTypes.PromoteModelVersion];
    const invalid = (change: Record<string, unknown>) =>
      validateActionParameters(ActionTypes.PromoteModelVersion, { ...valid, ...change });
    expect(invalid({ backtestWapeDelta: null, shadowWapeDelta: null }).ok).toBe(true);
    expect(invalid({ modelRiskTier: 'none' }).ok).toBe(false);
    expect(invalid({ beatsChampion: 'yes' }).ok).toBe(false);
    expect(invalid({ shadowWapeDelta: undefined }).ok).toBe(false);
  });

  it('refuses an unknown severity and priority', () => {
    expect(validateActionParameters(ActionTypes.NotifyPlanner, { message: 'm', severity: 'panic' }).ok).toBe(
      false,
    );
    expect(
      validateActionParameters(ActionTypes.ReprioritizeOrder, { orderId: 'o', priority: 'now', reason: 'r' })
        .ok,
    ).toBe(false);
  });
});
