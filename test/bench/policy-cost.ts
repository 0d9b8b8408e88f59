// R_pol: what policy-enforcement's decision path costs per decision, next to the bare Cedar calls
// it makes, in this one process after warm-up. The service's own compiled code is loaded from
// dist/ (the bench may not import a service's source):
// - PE side, per decision: validateActionParameters (contracts), buildCedarRequest (the Cedar
//   request: principal, resource with its attributes, context with decimals), decide() (one or two
//   questions through CedarPolicyEngine.authorize: entities, the statefulIsAuthorized call,
//   determining policies sorted with their annotations; then outcome, reasons, approvers).
// - Also timed on their own: each of those parts, and the engine's authorize() for exactly the
//   questions decide() asks (its overhead over the bare call).
// - Bare side, per decision: the same statefulIsAuthorized calls (the same questions, the same
//   request, context and entities, validateRequest on as the engine has it, the same preparsed
//   schema and policies), built beforehand, nothing else.
// Not on either side: the database work of a decision (mode and agent lookups, the decision row,
// the outbox, the audit chain); that is in the pipeline figures.
import path from 'node:path';
import type * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { ActionTypes, type ActionType, domainOfActionType, validateActionParameters } from '@governor/contracts';
import { buildScenario } from '@governor/scenario';
import { round } from './stats';

interface CedarRequestLike {
  actionType: string;
  principal: { type: string; id: string; attrs: Record<string, unknown> };
  resource: { type: string; id: string; attrs: Record<string, unknown> };
  context: Record<string, cedar.CedarValueJson>;
}
interface Authorizer {
  authorize(question: string, request: CedarRequestLike): { allowed: boolean; determining: { id: string }[] };
}
interface EngineModule {
  CedarPolicyEngine: new (schema: string) => {
    check(text: string): { ok: true; policies: { id: string; text: string }[] } | { ok: false; messages: string[] };
    load(version: string, text: string): Authorizer;
  };
}
interface FilesModule {
  defaultPolicyDirectory(): string;
  readPolicyFiles(directory: string): { schema: string; bundle: string };
}
interface RequestModule {
  buildCedarRequest(facts: object): CedarRequestLike;
}
interface ProcedureModule {
  decide(request: CedarRequestLike, authorizer: Authorizer): { outcome: string; reasons: string[]; requiredApprovers: number };
}

export interface PolicyCost {
  decisions: number;
  peMicrosPerDecision: number;
  bareMicrosPerDecision: number;
  bareMicrosPerCall: number;
  callsPerDecision: number;
  /** PE per decision / the bare calls of the same decision. */
  rPol: number;
  /** PE per decision / one bare call (what a decision would cost if Cedar were asked once). */
  rPolOneCall: number;
  /** The PE side in parts, µs per decision: parameter validation, request building, decide(). */
  parts: { validateMicros: number; buildMicros: number; decideMicros: number; engineMicros: number };
  outcomes: Record<string, number>;
}

type Facts = { actionId: string; actionType: ActionType; parameters: Record<string, unknown>; confidence: number; dataQuality: number; domain: string; domainMode: string; proposer: object };

/** A realistic mix of proposals over the scenario's catalog: every action type, models and agents. */
function proposals(count: number): Facts[] {
  const { catalog } = buildScenario({ seed: 7, size: 'small', durationSeconds: 60, runId: 'rpol' });
  const model = { kind: 'model', modelId: 'stockout-risk', modelVersion: '1.0.0' };
  const replenisher = { kind: 'agent', agentId: 'replenisher', registered: true, scope: [ActionTypes.CreatePurchaseOrder, ActionTypes.TransferStock], signatureVerified: true };
  const dealCloser = { kind: 'agent', agentId: 'deal-closer', registered: true, scope: [ActionTypes.ReprioritizeOrder], signatureVerified: true };
  const stranger = { kind: 'agent', agentId: 'stranger', registered: false, scope: [], signatureVerified: false };
  const out: Facts[] = [];
  for (let i = 0; i < count; i++) {
    const sku = catalog.skus[i % catalog.skus.length];
    const offer = sku.offers[0];
    const qty = 10 + ((i * 37) % 400);
    const kinds: [ActionType, Record<string, unknown>, object][] = [
      [ActionTypes.CreatePurchaseOrder, { supplierId: offer.supplierId, sku: sku.sku, location: 'DC-EAST', quantity: qty, unitCost: offer.unitCost, amount: round(qty * offer.unitCost, 2), needBy: '2026-12-01' }, model],
      [ActionTypes.CreatePurchaseOrder, { supplierId: offer.supplierId, sku: sku.sku, location: 'DC-WEST', quantity: qty * 300, unitCost: offer.unitCost, amount: round(qty * 300 * offer.unitCost, 2), needBy: '2026-12-01' }, replenisher],
      [ActionTypes.TransferStock, { sku: sku.sku, fromLocation: 'DC-WEST', toLocation: 'DC-EAST', quantity: qty, amount: round(qty * offer.unitCost, 2) }, model],
      [ActionTypes.ExpediteSupplier, { purchaseOrderId: `PO-${i}`, supplierId: offer.supplierId, reason: 'late' }, model],
      [ActionTypes.ReprioritizeOrder, { orderId: `SO-${i}`, priority: i % 2 ? 'expedite' : 'standard', reason: 'at risk' }, i % 5 ? model : dealCloser],
      [ActionTypes.ReleaseOrderHold, { orderId: `SO-${i}`, customerId: 'CUST-0001', amount: 12_500 + i }, i % 3 ? model : dealCloser],
      [ActionTypes.PlaceOrderHold, { orderId: `SO-${i}`, customerId: 'CUST-0002', amount: 30_000, reason: 'over limit' }, i % 7 ? model : stranger],
      [ActionTypes.NotifyPlanner, { message: `check ${sku.sku}`, severity: 'warning' }, model],
    ];
    const [actionType, parameters, proposer] = kinds[i % kinds.length];
    out.push({
      actionId: `rpol-${i}`,
      actionType,
      parameters,
      confidence: 0.55 + ((i * 13) % 45) / 100,
      dataQuality: 0.8 + ((i * 7) % 20) / 100,
      domain: domainOfActionType(actionType),
      domainMode: i % 11 === 0 ? 'manual-fallback' : 'automated',
      proposer,
    });
  }
  return out;
}

function time(pass: () => void): number {
  const start = process.hrtime.bigint();
  pass();
  return Number(process.hrtime.bigint() - start) / 1_000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function measurePolicyCost(root: string, options: { decisions: number; rounds: number; passes: number }): PolicyCost {
  const dist = path.join(root, 'dist/services/policy-enforcement/src');
  // Before Cedar loads, the V8 flag policy-enforcement runs with (Node 20's deoptimizer can abort
  // on inlined JS-to-Wasm calls; a script looping over this measurement without it crashed 2 runs in 4).
  require(path.join(dist, 'v8-flags.js'));
  const cedarWasm = require('@cedar-policy/cedar-wasm/nodejs') as typeof cedar;
  const { CedarPolicyEngine } = require(path.join(dist, 'infra/cedar/cedar-policy-engine.js')) as EngineModule;
  const files = require(path.join(dist, 'infra/cedar/policy-files.js')) as FilesModule;
  const { buildCedarRequest } = require(path.join(dist, 'domain/cedar-request.js')) as RequestModule;
  const { decide } = require(path.join(dist, 'domain/decision-procedure.js')) as ProcedureModule;

  const { schema, bundle } = files.readPolicyFiles(files.defaultPolicyDirectory());
  const engine = new CedarPolicyEngine(schema);
  const authorizer = engine.load('1', bundle);
  const checked = engine.check(bundle);
  if (!checked.ok) throw new Error(`default bundle does not validate: ${checked.messages.join('; ')}`);
  if (cedarWasm.preparseSchema('bench-rpol-schema', schema).type === 'failure') throw new Error('schema does not parse');
  const staticPolicies = Object.fromEntries(checked.policies.map((p) => [p.id, p.text]));
  if (cedarWasm.preparsePolicySet('bench-rpol-v1', { staticPolicies }).type === 'failure') throw new Error('bundle does not preparse');

  const facts = proposals(options.decisions);
  // The questions each decision asks, and the bare calls for them, prepared outside the timing.
  const bare: cedar.StatefulAuthorizationCall[] = [];
  const asked: [string, CedarRequestLike][] = [];
  const outcomes: Record<string, number> = {};
  for (const f of facts) {
    const request = buildCedarRequest(f);
    const recorder: Authorizer = {
      authorize: (question, r) => {
        asked.push([question, r]);
        bare.push({
          principal: { type: r.principal.type, id: r.principal.id },
          action: { type: 'Action', id: question },
          resource: { type: r.resource.type, id: r.resource.id },
          context: r.context,
          preparsedSchemaName: 'bench-rpol-schema',
          validateRequest: true,
          preparsedPolicySetId: 'bench-rpol-v1',
          entities: [
            { uid: { type: r.principal.type, id: r.principal.id }, attrs: r.principal.attrs as Record<string, cedar.CedarValueJson>, parents: [] },
            { uid: { type: r.resource.type, id: r.resource.id }, attrs: r.resource.attrs as Record<string, cedar.CedarValueJson>, parents: [] },
          ],
        });
        return authorizer.authorize(question, r);
      },
    };
    const outcome = decide(request, recorder).outcome;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }

  let sink = 0;
  const pePass = () => {
    for (let p = 0; p < options.passes; p++) {
      for (const f of facts) {
        if (!validateActionParameters(f.actionType, f.parameters).ok) continue;
        sink += decide(buildCedarRequest(f), authorizer).reasons.length;
      }
    }
  };
  const barePass = () => {
    for (let p = 0; p < options.passes; p++) {
      for (const call of bare) {
        const answer = cedarWasm.statefulIsAuthorized(call);
        if (answer.type === 'success' && answer.response.decision === 'allow') sink++;
      }
    }
  };
  const requests = facts.map((f) => buildCedarRequest(f));
  const partPasses = {
    validate: () => {
      for (let p = 0; p < options.passes; p++) for (const f of facts) if (validateActionParameters(f.actionType, f.parameters).ok) sink++;
    },
    build: () => {
      for (let p = 0; p < options.passes; p++) for (const f of facts) sink += buildCedarRequest(f).principal.id.length;
    },
    decide: () => {
      for (let p = 0; p < options.passes; p++) for (const r of requests) sink += decide(r, authorizer).reasons.length;
    },
    // The engine's authorize() for exactly the questions decide() asks: its overhead over the bare call.
    engine: () => {
      for (let p = 0; p < options.passes; p++) for (const [question, r] of asked) sink += authorizer.authorize(question, r).determining.length;
    },
  };
  pePass();
  barePass();
  Object.values(partPasses).forEach((pass) => pass());
  const pe: number[] = [];
  const raw: number[] = [];
  const parts: Record<keyof typeof partPasses, number[]> = { validate: [], build: [], decide: [], engine: [] };
  for (let r = 0; r < options.rounds; r++) {
    pe.push(time(pePass));
    raw.push(time(barePass));
    for (const [name, pass] of Object.entries(partPasses)) parts[name as keyof typeof partPasses].push(time(pass));
  }
  if (sink < 0) throw new Error('unreachable');
  const perDecision = options.passes * facts.length;
  const peMicros = median(pe) / perDecision;
  const bareMicros = median(raw) / perDecision;
  const perCall = median(raw) / (options.passes * bare.length);
  return {
    decisions: facts.length,
    peMicrosPerDecision: round(peMicros, 2) ?? 0,
    bareMicrosPerDecision: round(bareMicros, 2) ?? 0,
    bareMicrosPerCall: round(perCall, 2) ?? 0,
    callsPerDecision: round(bare.length / facts.length, 2) ?? 0,
    rPol: round(peMicros / bareMicros, 2) ?? 0,
    rPolOneCall: round(peMicros / perCall, 2) ?? 0,
    parts: {
      validateMicros: round(median(parts.validate) / perDecision, 2) ?? 0,
      buildMicros: round(median(parts.build) / perDecision, 2) ?? 0,
      decideMicros: round(median(parts.decide) / perDecision, 2) ?? 0,
      engineMicros: round(median(parts.engine) / perDecision, 2) ?? 0,
    },
    outcomes,
  };
}
