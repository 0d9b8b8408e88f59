// The one module that calls Cedar (@cedar-policy/cedar-wasm, its CommonJS Node build). It checks
// bundles against the schema, preparses each policy version once into the wasm module's cache,
// and answers the decision procedure's questions with statefulIsAuthorized, so no request parses
// policies again. Policies are keyed by their @id annotation: that is what Cedar reports as the
// determining policies, so reasons never read `policy0`.
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { CedarRequest } from '../../domain/cedar-request';
import {
  APPROVERS_ANNOTATION,
  parseApprovers,
  type PolicyAnswer,
  type PolicyAuthorizer,
  type PolicyQuestion,
} from '../../domain/decision-procedure';

/** The annotation every policy must carry: its stable id, used as the decision's reason. */
export const ID_ANNOTATION = 'id';
const POLICY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export interface ParsedPolicy {
  id: string;
  text: string;
  annotations: Record<string, string>;
  /** The entity types its resource constraint limits it to; null when it applies to any resource. */
  resourceTypes: string[] | null;
}

export type BundleCheck = { ok: true; policies: ParsedPolicy[] } | { ok: false; messages: string[] };

/** Cedar refused a request (it does not match the schema): a bug or a stored request from another schema. */
export class PolicyEvaluationError extends Error {
  constructor(readonly messages: string[]) {
    super(`Cedar could not evaluate the request: ${messages.join('; ')}`);
    this.name = 'PolicyEvaluationError';
  }
}

let engines = 0;

export class CedarPolicyEngine {
  private readonly prefix: string;
  private readonly schemaName: string;
  private readonly loaded = new Map<string, PolicyAuthorizer>();

  constructor(private readonly schemaText: string) {
    // Distinct names per engine, so that engines in one process (tests) never share cache entries.
    this.prefix = `governor-${++engines}`;
    this.schemaName = `${this.prefix}-schema`;
    const answer = cedar.preparseSchema(this.schemaName, schemaText);
    if (answer.type === 'failure') {
      throw new Error(
        `the Cedar schema does not parse: ${answer.errors.map((e) => formatError(e)).join('; ')}`,
      );
    }
  }

  /** Parses and validates a bundle against the schema; every policy needs a unique @id. */
  check(text: string): BundleCheck {
    const parts = cedar.policySetTextToParts(text);
    if (parts.type === 'failure')
      return { ok: false, messages: parts.errors.map((e) => formatError(e, text)) };
    if (parts.policy_templates.length > 0)
      return { ok: false, messages: ['policy templates are not supported'] };
    if (parts.policies.length === 0) return { ok: false, messages: ['the bundle holds no policies'] };

    const messages: string[] = [];
    const policies: ParsedPolicy[] = [];
    const seen = new Set<string>();
    for (const policyText of parts.policies) {
      const json = cedar.policyToJson(policyText);
      const where = locate(text, policyText);
      if (json.type === 'failure') {
        messages.push(...json.errors.map((e) => `${where}: ${formatError(e)}`));
        continue;
      }
      const annotations = { ...(json.json.annotations ?? {}) };
      const id = annotations[ID_ANNOTATION];
      if (!id || !POLICY_ID.test(id)) {
        messages.push(`${where}: every policy needs an @id("...") of letters, digits, ".", "_", ":" or "-"`);
        continue;
      }
      if (seen.has(id)) messages.push(`${where}: @id("${id}") is used by more than one policy`);
      seen.add(id);
      const approvers = annotations[APPROVERS_ANNOTATION];
      if (approvers !== undefined && parseApprovers(approvers) === undefined) {
        messages.push(`${where}: @approvers("${approvers}") must be a whole number from 1 to 5`);
      }
      policies.push({ id, text: policyText, annotations, resourceTypes: resourceTypesOf(json.json.resource) });
    }
    if (messages.length > 0) return { ok: false, messages };

    const validation = cedar.validate({
      schema: this.schemaText,
      policies: { staticPolicies: keyed(policies) },
      validationSettings: { mode: 'strict' },
    });
    if (validation.type === 'failure') {
      return { ok: false, messages: validation.errors.map((e) => formatError(e)) };
    }
    if (validation.validationErrors.length > 0) {
      return {
        ok: false,
        messages: validation.validationErrors.map((e) => {
          const policy = policies.find((p) => p.id === e.policyId);
          return `${policy ? locate(text, policy.text) : `policy "${e.policyId}"`}: ${formatError(e.error)}`;
        }),
      };
    }
    return { ok: true, policies };
  }

  /** The authorizer of a stored version, preparsing its text the first time only. */
  load(version: string, text: string): PolicyAuthorizer {
    const cached = this.loaded.get(version);
    if (cached) return cached;
    const checked = this.check(text);
    if (!checked.ok)
      throw new Error(`policy version ${version} does not validate: ${checked.messages.join('; ')}`);
    const setId = `${this.prefix}-v${version}`;
    const answer = cedar.preparsePolicySet(setId, { staticPolicies: keyed(checked.policies) });
    if (answer.type === 'failure') {
      throw new Error(
        `policy version ${version} does not parse: ${answer.errors.map((e) => formatError(e)).join('; ')}`,
      );
    }
    const annotations = new Map(checked.policies.map((p) => [p.id, p.annotations]));
    const authorizer: PolicyAuthorizer = {
      authorize: (question, request) => this.authorize(setId, annotations, question, request),
    };
    this.loaded.set(version, authorizer);
    return authorizer;
  }

  isLoaded(version: string): boolean {
    return this.loaded.has(version);
  }

  private authorize(
    setId: string,
    annotations: ReadonlyMap<string, Record<string, string>>,
    question: PolicyQuestion,
    request: CedarRequest,
  ): PolicyAnswer {
    const { principal, resource } = request;
    const answer = cedar.statefulIsAuthorized({
      principal: { type: principal.type, id: principal.id },
      action: { type: 'Action', id: question },
      resource: { type: resource.type, id: resource.id },
      context: request.context,
      preparsedSchemaName: this.schemaName,
      validateRequest: true,
      preparsedPolicySetId: setId,
      entities: [
        { uid: { type: principal.type, id: principal.id }, attrs: principal.attrs, parents: [] },
        { uid: { type: resource.type, id: resource.id }, attrs: resource.attrs, parents: [] },
      ],
    });
    if (answer.type === 'failure') throw new PolicyEvaluationError(answer.errors.map((e) => formatError(e)));
    const { decision, diagnostics } = answer.response;
    return {
      allowed: decision === 'allow',
      // Sorted: Cedar reports a set, and reasons should read the same every time.
      determining: [...diagnostics.reason]
        .sort()
        .map((id) => ({ id, annotations: annotations.get(id) ?? {} })),
    };
  }
}

/** `resource is T` (with or without `in`) and `resource == T::"id"` name T; anything else any resource. */
function resourceTypesOf(constraint: unknown): string[] | null {
  const c = constraint as { op?: string; entity_type?: string; entity?: { type?: string } };
  if (c.op === 'is' && c.entity_type) return [c.entity_type];
  if (c.op === '==' && c.entity?.type) return [c.entity.type];
  return null;
}

function keyed(policies: readonly ParsedPolicy[]): Record<string, string> {
  return Object.fromEntries(policies.map((p) => [p.id, p.text]));
}

/** "policy at line 12" for a policy's text inside the bundle it came from. */
function locate(bundle: string, policyText: string): string {
  const at = bundle.indexOf(policyText);
  return at < 0 ? 'policy' : `policy at line ${lineOf(bundle, at)}`;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function formatError(error: cedar.DetailedError, source?: string): string {
  const location =
    source && error.sourceLocations?.[0] ? ` (line ${lineOf(source, error.sourceLocations[0].start)})` : '';
  const label = error.sourceLocations?.[0]?.label ? `: ${error.sourceLocations[0].label}` : '';
  const help = error.help ? ` (${error.help})` : '';
  return `${error.message}${label}${location}${help}`;
}
