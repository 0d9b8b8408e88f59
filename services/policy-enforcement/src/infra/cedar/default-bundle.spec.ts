// The decision procedure against the default bundle (policies/default/*.cedar) in the real Cedar
// engine, for every risk class of docs/design.md and its boundaries, the guardrails and the approver
// counts. Expectations are written out by hand from docs/design.md, not computed.
import {
  ActionTypes,
  DomainModes,
  domainOfActionType,
  type ActionType,
  type DomainMode,
} from '@governor/contracts';
import { buildCedarRequest, type Proposer } from '../../domain/cedar-request';
import { decide, type DecisionResult, type PolicyAuthorizer } from '../../domain/decision-procedure';
import { CedarPolicyEngine } from './cedar-policy-engine';
import { defaultPolicyDirectory, readPolicyFiles } from './policy-files';

const files = readPolicyFiles(defaultPolicyDirectory());
const engine = new CedarPolicyEngine(files.schema);
const bundle: PolicyAuthorizer = engine.load('1', files.bundle);

const MODEL: Proposer = { kind: 'model', modelId: 'replenishment', modelVersion: '3' };

const PARAMS: Record<ActionType, Record<string, unknown>> = {
  [ActionTypes.CreatePurchaseOrder]: {
    supplierId: 'SUP-17',
    sku: 'SKU-1',
    location: 'DC-EAST',
    quantity: 400,
    unitCost: 12.5,
    amount: 5000,
    needBy: '2025-03-10',
  },
  [ActionTypes.ExpediteSupplier]: { purchaseOrderId: 'PO-1', supplierId: 'SUP-17', reason: 'late' },
  [ActionTypes.TransferStock]: {
    sku: 'SKU-1',
    fromLocation: 'DC-WEST',
    toLocation: 'DC-EAST',
    quantity: 50,
    amount: 625,
  },
  [ActionTypes.ReprioritizeOrder]: { orderId: 'SO-1', priority: 'standard', reason: 'r' },
  [ActionTypes.ReleaseOrderHold]: { orderId: 'SO-1', customerId: 'C-1', amount: 1200 },
  [ActionTypes.PlaceOrderHold]: { orderId: 'SO-1', customerId: 'C-1', amount: 1200, reason: 'over limit' },
  [ActionTypes.NotifyPlanner]: { message: 'spike', severity: 'warning' },
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

interface Case {
  actionType: ActionType;
  parameters?: Record<string, unknown>;
  confidence: number;
  dataQuality: number;
  domainMode?: DomainMode;
  proposer?: Proposer;
}

function decideCase(c: Case): DecisionResult {
  const request = buildCedarRequest({
    actionId: 'act-1',
    actionType: c.actionType,
    parameters: { ...PARAMS[c.actionType], ...c.parameters },
    confidence: c.confidence,
    dataQuality: c.dataQuality,
    domain: domainOfActionType(c.actionType),
    domainMode: c.domainMode ?? DomainModes.Automated,
    proposer: c.proposer ?? MODEL,
  });
  return decide(request, bundle);
}

const AUTO = 'auto-approved';
const APPROVAL = 'approval-required';
const REJECTED = 'rejected';

describe('default bundle: low risk (automatic at confidence >= 0.6 and data quality >= 0.7)', () => {
  it.each([
    [
      'notify-planner at the thresholds',
      ActionTypes.NotifyPlanner,
      {},
      0.6,
      0.7,
      'advisory',
      ['low-risk.automatic'],
    ],
    [
      'notify-planner below confidence',
      ActionTypes.NotifyPlanner,
      {},
      0.5999,
      0.9,
      APPROVAL,
      ['low-risk.planner-approves'],
    ],
    [
      'reprioritize to standard at the thresholds',
      ActionTypes.ReprioritizeOrder,
      {},
      0.6,
      0.7,
      AUTO,
      ['low-risk.automatic'],
    ],
    [
      'reprioritize to standard below data quality',
      ActionTypes.ReprioritizeOrder,
      {},
      0.9,
      0.6999,
      APPROVAL,
      ['low-risk.planner-approves'],
    ],
  ] as const)('%s', (_name, actionType, parameters, confidence, dataQuality, outcome, reasons) => {
    expect(decideCase({ actionType, parameters, confidence, dataQuality })).toEqual({
      outcome,
      reasons,
      requiredApprovers: outcome === APPROVAL ? 1 : 0,
    });
  });

  it('is an approval for a planner outside automated mode, and planning advisories are never blocked', () => {
    expect(
      decideCase({
        actionType: ActionTypes.ReprioritizeOrder,
        confidence: 0.7,
        dataQuality: 0.8,
        domainMode: 'probation',
      }),
    ).toEqual({
      outcome: APPROVAL,
      reasons: [
        'guardrail.no-automation-outside-automated-mode',
        'low-risk.planner-approves',
      ],
      requiredApprovers: 1,
    });
    expect(
      decideCase({
        actionType: ActionTypes.NotifyPlanner,
        confidence: 0.7,
        dataQuality: 0.8,
        domainMode: 'manual-fallback',
      }).outcome,
    ).toBe('advisory');
  });
});

describe('default bundle: medium risk (automatic at confidence >= 0.8 and data quality >= 0.85, else a planner)', () => {
  const expedite = { priority: 'expedite' };
  it.each([
    [
      'expedite-supplier at the thresholds',
      ActionTypes.ExpediteSupplier,
      {},
      0.8,
      0.85,
      AUTO,
      ['medium-risk.automatic'],
    ],
    [
      'expedite-supplier below confidence',
      ActionTypes.ExpediteSupplier,
      {},
      0.7999,
      0.99,
      APPROVAL,
      ['medium-risk.planner-approves'],
    ],
    [
      'expedite-supplier below data quality',
      ActionTypes.ExpediteSupplier,
      {},
      0.99,
      0.8499,
      APPROVAL,
      ['medium-risk.planner-approves'],
    ],
    [
      'reprioritize to expedite at the thresholds',
      ActionTypes.ReprioritizeOrder,
      expedite,
      0.8,
      0.85,
      AUTO,
      ['medium-risk.automatic'],
    ],
    [
      'reprioritize to expedite below confidence',
      ActionTypes.ReprioritizeOrder,
      expedite,
      0.79,
      0.9,
      APPROVAL,
      ['medium-risk.planner-approves'],
    ],
  ] as const)('%s', (_name, actionType, parameters, confidence, dataQuality, outcome, reasons) => {
    const result = decideCase({ actionType, parameters, confidence, dataQuality });
    expect(result).toEqual({ outcome, reasons, requiredApprovers: outcome === APPROVAL ? 1 : 0 });
  });
});

describe('default bundle: high risk (a person approves; small confident purchase orders run, whoever proposes)', () => {
  // Proposed by a registered, signed agent in scope, so that only the rules for every proposer
  // apply (the routine replenishment of a model's own is the describe below).
  const agent: Proposer = {
    kind: 'agent',
    agentId: 'replenisher',
    registered: true,
    scope: Object.values(ActionTypes),
    signatureVerified: true,
  };
  const PO = ActionTypes.CreatePurchaseOrder;
  const person = ['high-risk.person-approves'];
  const two = ['high-risk.large-purchase-order-two-approvers', 'high-risk.person-approves'];
  it.each([
    [
      'purchase order of exactly 5,000 at confidence 0.9 and quality 0.95',
      PO,
      5000,
      0.9,
      0.95,
      AUTO,
      ['high-risk.small-purchase-order-automatic'],
      0,
    ],
    ['purchase order of 5,000.01', PO, 5000.01, 0.9, 0.95, APPROVAL, person, 1],
    ['purchase order of 5,000 at confidence 0.8999', PO, 5000, 0.8999, 0.99, APPROVAL, person, 1],
    ['purchase order of 5,000 at quality 0.9499', PO, 5000, 0.99, 0.9499, APPROVAL, person, 1],
    ['purchase order of exactly 100,000', PO, 100000, 0.99, 0.99, APPROVAL, person, 1],
    ['purchase order of 100,000.01', PO, 100000.01, 0.99, 0.99, APPROVAL, two, 2],
    ['stock transfer however confident', ActionTypes.TransferStock, 625, 0.99, 0.99, APPROVAL, person, 1],
    [
      'credit release of exactly 50,000',
      ActionTypes.ReleaseOrderHold,
      50000,
      0.99,
      0.99,
      APPROVAL,
      person,
      1,
    ],
    [
      'credit release of 50,000.01',
      ActionTypes.ReleaseOrderHold,
      50000.01,
      0.99,
      0.99,
      APPROVAL,
      ['high-risk.large-credit-release-two-approvers', 'high-risk.person-approves'],
      2,
    ],
    [
      'credit hold of 60,000 (only releases need two)',
      ActionTypes.PlaceOrderHold,
      60000,
      0.99,
      0.99,
      APPROVAL,
      person,
      1,
    ],
  ] as const)(
    '%s',
    (_name, actionType, amount, confidence, dataQuality, outcome, reasons, requiredApprovers) => {
      expect(decideCase({ actionType, parameters: { amount }, confidence, dataQuality, proposer: agent })).toEqual({
        outcome,
        reasons,
        requiredApprovers,
      });
    },
  );
});

describe("default bundle: a model's routine replenishment (up to 25,000, confidence >= 0.8, quality >= 0.9) and credit holds (up to 25,000, confidence >= 0.9)", () => {
  const routine = ['high-risk.routine-replenishment-automatic'];
  const person = ['high-risk.person-approves'];
  it.each([
    ['purchase order of exactly 25,000 at confidence 0.8 and quality 0.9', ActionTypes.CreatePurchaseOrder, 25000, 0.8, 0.9, AUTO, routine],
    ['stock transfer of exactly 25,000 at the thresholds', ActionTypes.TransferStock, 25000, 0.8, 0.9, AUTO, routine],
    ['purchase order of 25,000.01', ActionTypes.CreatePurchaseOrder, 25000.01, 0.99, 0.99, APPROVAL, person],
    ['stock transfer of 25,000.01', ActionTypes.TransferStock, 25000.01, 0.99, 0.99, APPROVAL, person],
    ['purchase order of 12,000 at confidence 0.7999', ActionTypes.CreatePurchaseOrder, 12000, 0.7999, 0.99, APPROVAL, person],
    ['stock transfer of 12,000 at quality 0.8999', ActionTypes.TransferStock, 12000, 0.99, 0.8999, APPROVAL, person],
    ['credit release of 1,200 however confident (credit is not replenishment)', ActionTypes.ReleaseOrderHold, 1200, 0.99, 0.99, APPROVAL, person],
    ['credit hold of exactly 25,000 at confidence 0.9 and quality 0.9', ActionTypes.PlaceOrderHold, 25000, 0.9, 0.9, AUTO, ['high-risk.credit-hold-automatic']],
    ['credit hold of 25,000.01', ActionTypes.PlaceOrderHold, 25000.01, 0.99, 0.99, APPROVAL, person],
    ['credit hold of 1,200 at confidence 0.8999', ActionTypes.PlaceOrderHold, 1200, 0.8999, 0.99, APPROVAL, person],
  ] as const)('%s', (_name, actionType, amount, confidence, dataQuality, outcome, reasons) => {
    expect(decideCase({ actionType, parameters: { amount }, confidence, dataQuality })).toEqual({
      outcome,
      reasons,
      requiredApprovers: outcome === APPROVAL ? 1 : 0,
    });
  });

  it("is a model's only: an AI agent's purchase order of 12,000 goes to a person however confident", () => {
    const agent: Proposer = {
      kind: 'agent',
      agentId: 'replenisher',
      registered: true,
      scope: [ActionTypes.CreatePurchaseOrder],
      signatureVerified: true,
    };
    expect(
      decideCase({ actionType: ActionTypes.CreatePurchaseOrder, parameters: { amount: 12000 }, confidence: 0.99, dataQuality: 0.99, proposer: agent }),
    ).toEqual({ outcome: APPROVAL, reasons: ['high-risk.person-approves'], requiredApprovers: 1 });
  });

  it('runs nothing of it in manual-fallback: a person approves', () => {
    expect(
      decideCase({ actionType: ActionTypes.TransferStock, parameters: { amount: 12000 }, confidence: 0.99, dataQuality: 0.99, domainMode: 'manual-fallback' }),
    ).toEqual({
      outcome: APPROVAL,
      reasons: ['guardrail.no-automation-outside-automated-mode', 'high-risk.person-approves'],
      requiredApprovers: 1,
    });
  });
});

describe("default bundle: a refit's promotion (automatic for a low-risk model's refit that beat its champion, else governance)", () => {
  const refit: Proposer = { kind: 'model', modelId: 'demand-sensing', modelVersion: '2.0.0+5b0e3a1c' };
  const promote = (parameters: Record<string, unknown>, proposer: Proposer = refit) =>
    decideCase({ actionType: ActionTypes.PromoteModelVersion, parameters, confidence: 1, dataQuality: 1, proposer });
  const person = { outcome: APPROVAL, reasons: ['model-promotion.governance-approves'], requiredApprovers: 1 };

  it('promotes a low-risk refit that beat the champion with no person', () => {
    expect(promote({})).toEqual({
      outcome: AUTO,
      reasons: ['model-promotion.low-risk-better-automatic'],
      requiredApprovers: 0,
    });
  });

  it.each([
    ['a low-risk refit that did not beat the champion', { beatsChampion: false }],
    ['a medium-risk model however much better', { modelRiskTier: 'medium' }],
    ['a high-risk model however much better', { modelRiskTier: 'high' }],
  ])('sends %s to governance', (_name, parameters) => {
    expect(promote(parameters)).toEqual(person);
  });

  it("sends a promotion the version does not propose for itself to governance: another model's, or a rule's", () => {
    expect(promote({}, { kind: 'model', modelId: 'demand-sensing', modelVersion: '2.0.0+3f2a9c1e' })).toEqual(person);
    expect(promote({}, { kind: 'rules' })).toEqual(person);
  });

  it("puts the model's risk tier in the context, and an unknown tier counts as high", () => {
    const request = (modelRiskTier: string) =>
      buildCedarRequest({
        actionId: 'act-9',
        actionType: ActionTypes.PromoteModelVersion,
        parameters: { ...PARAMS[ActionTypes.PromoteModelVersion], modelRiskTier },
        confidence: 1,
        dataQuality: 1,
        domain: 'planning',
        domainMode: 'automated',
        proposer: refit,
      });
    expect(request('low').context.riskTier).toBe('low');
    expect(request('severe').context.riskTier).toBe('high');
    expect(decide(request('severe'), bundle)).toEqual(person);
  });
});

describe('default bundle: central guardrails', () => {
  const smallPo = {
    actionType: ActionTypes.CreatePurchaseOrder,
    confidence: 0.95,
    dataQuality: 0.99,
  } as const;

  it.each(['manual-fallback', 'probation'] as const)(
    'makes nothing automatic in %s: a person approves instead',
    (domainMode) => {
      expect(decideCase({ ...smallPo, domainMode })).toEqual({
        outcome: APPROVAL,
        reasons: ['guardrail.no-automation-outside-automated-mode', 'high-risk.person-approves'],
        requiredApprovers: 1,
      });
    },
  );

  it('lets a registered agent act within its scope, on the same terms as a model', () => {
    const agent: Proposer = {
      kind: 'agent',
      agentId: 'replenisher',
      registered: true,
      scope: [ActionTypes.CreatePurchaseOrder],
      signatureVerified: true,
    };
    expect(decideCase({ ...smallPo, proposer: agent }).outcome).toBe(AUTO);
  });

  it('rejects a registered agent in scope whose signature did not verify, for both questions', () => {
    const unsigned: Proposer = {
      kind: 'agent',
      agentId: 'replenisher',
      registered: true,
      scope: [ActionTypes.CreatePurchaseOrder],
      signatureVerified: false,
    };
    expect(decideCase({ ...smallPo, proposer: unsigned })).toEqual({
      outcome: REJECTED,
      reasons: ['guardrail.agent-signature-required'],
      requiredApprovers: 0,
    });
    // Not only the automatic path: a proposal that would need a person is not put before one either.
    expect(
      decideCase({ ...smallPo, parameters: { amount: 20_000 }, proposer: unsigned }),
    ).toMatchObject({ outcome: REJECTED, reasons: ['guardrail.agent-signature-required'] });
  });

  it('lets governance relax the signature guardrail by policy: a bundle without it decides as before', () => {
    const withoutGuardrail = engine.load('no-signature-guardrail', withoutPolicy(files.bundle, 'guardrail.agent-signature-required'));
    const unsigned: Proposer = {
      kind: 'agent',
      agentId: 'replenisher',
      registered: true,
      scope: [ActionTypes.CreatePurchaseOrder],
      signatureVerified: false,
    };
    const request = buildCedarRequest({
      actionId: 'act-3',
      actionType: ActionTypes.CreatePurchaseOrder,
      parameters: PARAMS[ActionTypes.CreatePurchaseOrder],
      confidence: 0.95,
      dataQuality: 0.99,
      domain: 'procurement',
      domainMode: 'automated',
      proposer: unsigned,
    });
    expect(decide(request, withoutGuardrail).outcome).toBe(AUTO);
  });

  it('rejects an agent outside its scope, and an unregistered agent, for both questions', () => {
    const outOfScope: Proposer = {
      kind: 'agent',
      agentId: 'a',
      registered: true,
      scope: [ActionTypes.NotifyPlanner],
      signatureVerified: true,
    };
    expect(decideCase({ ...smallPo, proposer: outOfScope })).toEqual({
      outcome: REJECTED,
      reasons: ['guardrail.agent-out-of-scope'],
      requiredApprovers: 0,
    });
    // An unregistered agent has no key either, so nothing it signs can verify.
    const unregistered: Proposer = { kind: 'agent', agentId: 'b', registered: false, scope: [], signatureVerified: false };
    expect(decideCase({ ...smallPo, proposer: unregistered })).toEqual({
      outcome: REJECTED,
      reasons: ['guardrail.agent-signature-required', 'guardrail.unregistered-agent'],
      requiredApprovers: 0,
    });
  });

  it('cannot be loosened by a permit: an extra permit-everything policy changes nothing in manual-fallback', () => {
    const loosened = engine.load(
      'loosened',
      `${files.bundle}\n@id("domain.permit-everything")\npermit (principal, action, resource);\n`,
    );
    const request = buildCedarRequest({
      actionId: 'act-2',
      actionType: ActionTypes.CreatePurchaseOrder,
      parameters: PARAMS[ActionTypes.CreatePurchaseOrder],
      confidence: 0.99,
      dataQuality: 0.99,
      domain: 'procurement',
      domainMode: 'manual-fallback',
      proposer: MODEL,
    });
    expect(decide(request, loosened).outcome).toBe(APPROVAL);
  });
});

describe('CedarPolicyEngine.check', () => {
  it('accepts the default bundle', () => {
    expect(engine.check(files.bundle).ok).toBe(true);
  });

  it("refuses what does not fit the schema with Cedar's message, naming the line", () => {
    const result = engine.check(
      '@id("a")\npermit (principal, action, resource)\nwhen { context.confidense == "x" };\n',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.messages.join('\n')).toMatch(/policy at line 1: .*confidense/);
  });

  it('refuses a syntax error, a policy without @id, a repeated @id and a bad @approvers', () => {
    const messages = (text: string) => {
      const r = engine.check(text);
      return r.ok ? [] : r.messages;
    };
    expect(messages('permit (principal, action, resource) when { ;').join()).toMatch(/unexpected token/);
    expect(messages('permit (principal, action, resource);').join()).toMatch(/needs an @id/);
    expect(
      messages(
        '@id("x") permit (principal, action, resource);\n@id("x") forbid (principal, action, resource);',
      ).join(),
    ).toMatch(/used by more than one policy/);
    expect(messages('@id("x") @approvers("many") permit (principal, action, resource);').join()).toMatch(
      /@approvers/,
    );
  });
});

/** The bundle text without the policy of one @id (the default bundle separates policies by blank lines). */
function withoutPolicy(bundle: string, id: string): string {
  const kept = bundle.split(/\n\n+/).filter((block) => !block.includes(`@id("${id}")`));
  if (kept.length === bundle.split(/\n\n+/).length) throw new Error(`no policy ${id} in the bundle`);
  return kept.join('\n\n') + '\n';
}
