// Failure injection for tests and the demo: POST /_control adds a rule that makes the next matching
// requests fail with a status and/or answer slowly. A rule applies to `failNext` requests (or
// `delayNext`, or every matching request when neither is given) and then disappears. `when:
// 'after'` fails a request after it was carried out: the ERP did the work but the caller never
// heard, which is what idempotency keys exist for.
import { invalidRequest } from './erp-problem';

export type FaultTiming = 'before' | 'after';

export interface FaultRuleInput {
  route?: unknown;
  failNext?: unknown;
  status?: unknown;
  delayMs?: unknown;
  delayNext?: unknown;
  when?: unknown;
}

export interface FaultRule {
  id: number;
  /** `METHOD /path/*` (each `*` one segment), a path alone for any method, or null for every route. */
  route: string | null;
  /** Requests this rule still applies to; null for every one until reset. */
  remaining: number | null;
  /** The failure status, or null when the rule only delays. */
  status: number | null;
  delayMs: number;
  when: FaultTiming;
}

export interface FaultEffect {
  delayMs: number;
  failure: { status: number; when: FaultTiming } | null;
}

const NO_EFFECT: FaultEffect = { delayMs: 0, failure: null };

export class FaultPlan {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const failNext = optionalCount(input.failNext, 'failNext', 1);
    const delayNext = optionalCount(input.delayNext, 'delayNext', 1);
    const delayMs = optionalCount(input.delayMs, 'delayMs', 0) ?? 0;
    if (failNext !== null && delayNext !== null) throw invalidRequest('give failNext or delayNext, not both');
    if (failNext === null && delayMs === 0) throw invalidRequest('give failNext and/or delayMs');
    const status = failNext === null ? null : (optionalCount(input.status, 'status', 400) ?? 503);
    if (status !== null && status > 599) throw invalidRequest('status must be 400..599');
    if (input.when !== undefined && input.when !== 'before' && input.when !== 'after') {
      throw invalidRequest('when must be "before" or "after"');
    }
    if (input.route !== undefined && (typeof input.route !== 'string' || input.route.trim() === '')) {
      throw invalidRequest('route must be a string like "POST /purchase-orders"');
    }
    const rule: FaultRule = {
      id: this.nextId++,
      route: typeof input.route === 'string' ? input.route.trim() : null,
      remaining: failNext ?? delayNext,
      status,
      delayMs,
      when: input.when === 'after' ? 'after' : 'before',
    };
    this.rules.push(rule);
    return { ...rule };
  }

  reset(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The effect on this request of the first rule that matches it; that rule is used up by one. */
  take(method: string, path: string): FaultEffect {
    const rule = this.rules.find((r) => routeMatches(r.route, method, path));
    if (!rule) return NO_EFFECT;
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return { delayMs: rule.delayMs, failure: rule.status === null ? null : { status: rule.status, when: rule.when } };
  }
}

export function routeMatches(route: string | null, method: string, path: string): boolean {
  if (route === null) return true;
  const [first, second] = route.split(/\s+/, 2);
  const routeMethod = second === undefined ? '*' : first.toUpperCase();
  const routePath = second ?? first;
  if (routeMethod !== '*' && routeMethod !== method.toUpperCase()) return false;
  const want = routePath.split('/').filter(Boolean);
  const got = path.split('?')[0].split('/').filter(Boolean);
  return want.length === got.length && want.every((segment, i) => segment === '*' || segment === got[i]);
}

function optionalCount(value: unknown, name: string, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalidRequest(`${name} must be an integer >= ${min}`);
  }
  return value;
}
