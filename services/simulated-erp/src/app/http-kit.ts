// The little HTTP machinery the simulated ERP needs on top of node:http: a route table with
// `:param` segments, JSON bodies with a size limit, and JSON answers. A plain server keeps the
// stand-in small and quick to start; it is not a Governor service and has no Kafka.
import { IncomingMessage, ServerResponse } from 'node:http';
import { ErpProblem, invalidRequest } from '../domain/erp-problem';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const MAX_BODY_BYTES = 1024 * 1024;

export interface ErpRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  idempotencyKey: string | undefined;
}

export interface ErpReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: ErpRequest) => Promise<ErpReply>;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The route for a request, with its pattern (`/purchase-orders/:id`) and the values of its `:params`. */
  match(method: string, path: string): { handler: RouteHandler; pattern: string; params: Record<string, string> } | undefined {
    const got = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== got.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((segment, i) => {
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = decodeURIComponent(got[i]);
          return true;
        }
        return segment === got[i];
      });
      if (ok) return { handler: route.handler, pattern: route.pattern, params };
    }
    return undefined;
  }
}

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ErpProblem(413, 'payload-too-large', 'the body is over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw invalidRequest('the body is not JSON');
  }
}

export function sendJson(response: ServerResponse, reply: ErpReply): void {
  const body = reply.status === 204 ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  response.end(body);
}

export function problemReply(problem: ErpProblem): ErpReply {
  return { status: problem.status, body: { error: { code: problem.code, message: problem.message } } };
}

/**
 * `status` (201 for a create) for a new record; 200 with Idempotent-Replayed: true for one an
 * earlier call with the same Idempotency-Key made.
 */
export function storedReply(stored: { record: unknown; replayed: boolean }, status = 201): ErpReply {
  return stored.replayed
    ? { status: 200, body: stored.record, headers: { [REPLAYED_HEADER]: 'true' } }
    : { status, body: stored.record };
}
