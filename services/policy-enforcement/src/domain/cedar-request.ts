// The Cedar request for one proposal (principal, resource with its attributes, context), built from
// the proposal's facts. It is plain JSON: the decision stores it, so that simulate can replay the
// exact question against another bundle, and the Cedar engine takes it as it is.
import { ActionTypes, type ActionType, type Domain, type DomainMode } from '@governor/contracts';
import { cedarDecimal, type CedarValue, type EntityRef } from './cedar-values';
import { riskTierOf } from './risk-tiers';

/** Who proposed the action: a predictive-risk model (or its rules), or an AI agent. */
export type Proposer =
  | { kind: 'model'; modelId: string; modelVersion: string }
  | { kind: 'rules' }
  | {
      kind: 'agent';
      agentId: string;
      registered: boolean;
      scope: readonly string[];
      /** Whether the proposal's signature verified against the agent's registered key. */
      signatureVerified: boolean;
    };

export interface ProposalFacts {
  actionId: string;
  actionType: ActionType;
  /** Validated against the action type already (validateActionParameters). */
  parameters: Record<string, unknown>;
  confidence: number;
  dataQuality: number;
  domain: Domain;
  domainMode: DomainMode;
  proposer: Proposer;
}

export interface CedarEntity extends EntityRef {
  attrs: Record<string, CedarValue>;
}

export interface CedarRequest {
  actionType: ActionType;
  principal: CedarEntity;
  resource: CedarEntity;
  context: Record<string, CedarValue>;
}

/** Principal type names of the schema. */
export const PrincipalTypes = { Agent: 'Agent', Model: 'Model', User: 'User' } as const;
/** The Model principal of a proposal made by rules rather than a model. */
export const RULE_BASED_MODEL = 'rule-based';

type AttributeKind = 'string' | 'decimal' | 'boolean';

interface ResourceSpec {
  entityType: string;
  attributes: Record<string, AttributeKind>;
}

// Mirrors the entity types of policies/default/schema.cedarschema; a request that does not match
// the schema is refused by Cedar (requests are validated), so a drift shows at once.
const RESOURCES: { readonly [A in ActionType]: ResourceSpec } = {
  [ActionTypes.CreatePurchaseOrder]: {
    entityType: 'CreatePurchaseOrder',
    attributes: {
      supplierId: 'string',
      sku: 'string',
      location: 'string',
      quantity: 'decimal',
      unitCost: 'decimal',
      amount: 'decimal',
      needBy: 'string',
    },
  },
  [ActionTypes.ExpediteSupplier]: {
    entityType: 'ExpediteSupplier',
    attributes: { purchaseOrderId: 'string', supplierId: 'string', reason: 'string' },
  },
  [ActionTypes.TransferStock]: {
    entityType: 'TransferStock',
    attributes: {
      sku: 'string',
      fromLocation: 'string',
      toLocation: 'string',
      quantity: 'decimal',
      amount: 'decimal',
    },
  },
  [ActionTypes.ReprioritizeOrder]: {
    entityType: 'ReprioritizeOrder',
    attributes: { orderId: 'string', priority: 'string', reason: 'string' },
  },
  [ActionTypes.ReleaseOrderHold]: {
    entityType: 'ReleaseOrderHold',
    attributes: { orderId: 'string', customerId: 'string', amount: 'decimal' },
  },
  [ActionTypes.PlaceOrderHold]: {
    entityType: 'PlaceOrderHold',
    attributes: { orderId: 'string', customerId: 'string', amount: 'decimal', reason: 'string' },
  },
  [ActionTypes.NotifyPlanner]: {
    entityType: 'NotifyPlanner',
    attributes: { message: 'string', severity: 'string' },
  },
  [ActionTypes.PromoteModelVersion]: {
    entityType: 'PromoteModelVersion',
    attributes: {
      modelId: 'string',
      version: 'string',
      champion: 'string',
      modelRiskTier: 'string',
      beatsChampion: 'boolean',
    },
  },
};

/** The Cedar entity type that stands for an action type's proposals (`CreatePurchaseOrder`). */
export function entityTypeOf(actionType: ActionType): string {
  return RESOURCES[actionType].entityType;
}

export function buildCedarRequest(facts: ProposalFacts): CedarRequest {
  const agent = facts.proposer.kind === 'agent' ? facts.proposer : undefined;
  return {
    actionType: facts.actionType,
    principal: principalOf(facts.proposer),
    resource: resourceOf(facts.actionType, facts.actionId, facts.parameters),
    context: {
      actionType: facts.actionType,
      domain: facts.domain,
      domainMode: facts.domainMode,
      riskTier: riskTierOf(facts.actionType, facts.parameters),
      confidence: cedarDecimal(facts.confidence, 'floor'),
      dataQuality: cedarDecimal(facts.dataQuality, 'floor'),
      principalRegistered: agent ? agent.registered : true,
      agentScope: agent && agent.registered ? [...agent.scope] : [],
      // Models propose on an internal topic only predictive-risk writes: nothing to sign.
      signatureVerified: agent ? agent.signatureVerified : true,
    },
  };
}

/** The context attribute version 1.1 added; requests recorded before it lack it. */
export const SIGNATURE_VERIFIED = 'signatureVerified';

/**
 * A recorded request in the current schema's form, for simulation. Requests decided before agents
 * signed have no `signatureVerified`: no agent proposal of that time was signed, so an agent's is
 * unverified (as the same proposal would be now) and a model's is verified, as always.
 */
export function currentFormOf(request: CedarRequest): CedarRequest {
  if (SIGNATURE_VERIFIED in request.context) return request;
  return {
    ...request,
    context: { ...request.context, [SIGNATURE_VERIFIED]: request.principal.type !== PrincipalTypes.Agent },
  };
}

function principalOf(proposer: Proposer): CedarEntity {
  switch (proposer.kind) {
    case 'agent':
      return { type: PrincipalTypes.Agent, id: proposer.agentId, attrs: {} };
    case 'model':
      return { type: PrincipalTypes.Model, id: proposer.modelId, attrs: { version: proposer.modelVersion } };
    case 'rules':
      return { type: PrincipalTypes.Model, id: RULE_BASED_MODEL, attrs: { version: RULE_BASED_MODEL } };
  }
}

function resourceOf(
  actionType: ActionType,
  actionId: string,
  parameters: Record<string, unknown>,
): CedarEntity {
  const spec = RESOURCES[actionType];
  const attrs: Record<string, CedarValue> = {};
  for (const [name, kind] of Object.entries(spec.attributes)) {
    const value = parameters[name];
    if (kind === 'decimal') {
      if (typeof value !== 'number') throw new TypeError(`${actionType}.${name} must be a number`);
      // Amounts and quantities are capped by policies: round up, never under a limit by rounding.
      attrs[name] = cedarDecimal(value, 'ceil');
    } else if (kind === 'boolean') {
      if (typeof value !== 'boolean') throw new TypeError(`${actionType}.${name} must be a boolean`);
      attrs[name] = value;
    } else {
      if (typeof value !== 'string') throw new TypeError(`${actionType}.${name} must be a string`);
      attrs[name] = value;
    }
  }
  return { type: spec.entityType, id: actionId, attrs };
}
