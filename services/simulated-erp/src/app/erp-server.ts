// The simulated ERP/WMS's HTTP server: checks the configured credential, applies injected faults
// (delay, failure before or after the work is done), dispatches to the routes, and answers errors
// as {"error": {"code", "message"}}. Health, metrics and the fault controls are never faulted;
// health and metrics need no credential. Every answer is counted by route pattern and status.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { Logger } from '@governor/messaging';
import { ErpProblem } from '../domain/erp-problem';
import { FaultPlan } from '../domain/fault-plan';
import { ErpStore } from '../infra/erp-store';
import { ErpMetrics, UNMATCHED_ROUTE } from './erp-metrics';
import { erpRoutes } from './erp-routes';
import { ErpReply, IDEMPOTENCY_KEY_HEADER, problemReply, readJsonBody, sendJson } from './http-kit';

export interface ErpServerOptions {
  dataSource: DataSource;
  schema: string;
  authHeader: string;
  authValue: string | undefined;
  logger: Logger;
  metrics: ErpMetrics;
}

const HEALTH_ROUTES = new Set(['/health/live', '/health/ready']);

export function createErpServer(options: ErpServerOptions): Server {
  const faults = new FaultPlan();
  const router = erpRoutes(new ErpStore(options.dataSource, options.schema), faults);

  /** Answers one request; `seen.route` gets the pattern it matched, for the metrics. */
  const handle = async (request: IncomingMessage, response: ServerResponse, seen: { route: string }): Promise<ErpReply> => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://erp.local');
    if (HEALTH_ROUTES.has(url.pathname)) seen.route = url.pathname;
    if (url.pathname === '/health/live') return { status: 200, body: { status: 'ok' } };
    if (url.pathname === '/health/ready') return readiness(options.dataSource);
    const route = router.match(method, url.pathname);
    if (route) seen.route = route.pattern;
    if (options.authValue !== undefined && request.headers[options.authHeader] !== options.authValue) {
      return problemReply(new ErpProblem(401, 'unauthenticated', `missing or wrong ${options.authHeader} header`));
    }
    if (!route) return problemReply(new ErpProblem(404, 'not-found', `no route ${method} ${url.pathname}`));
    const body = await readJsonBody(request);
    const effect = url.pathname.startsWith('/_control') ? { delayMs: 0, failure: null } : faults.take(method, url.pathname);
    options.metrics.injected(route.pattern, effect);
    if (effect.delayMs > 0) await sleep(effect.delayMs);
    const injected = effect.failure
      ? problemReply(new ErpProblem(effect.failure.status, 'injected-failure', `injected ${effect.failure.status} (${effect.failure.when} the work)`))
      : undefined;
    if (injected && effect.failure?.when === 'before') return injected;
    const key = request.headers[IDEMPOTENCY_KEY_HEADER];
    const reply = await route.handler({
      method,
      path: url.pathname,
      params: route.params,
      query: url.searchParams,
      body,
      idempotencyKey: typeof key === 'string' && key !== '' ? key : undefined,
    });
    // A caller that gave up waiting never reads the answer; the work is done all the same.
    if (response.destroyed) options.logger.info('caller left before the answer', { method, path: url.pathname });
    return injected ?? reply;
  };

  return createServer((request, response) => {
    const started = Date.now();
    if (request.method === 'GET' && request.url === '/metrics') {
      void serveMetrics(options.metrics, response).then(() => options.metrics.answered('GET', '/metrics', response.statusCode, (Date.now() - started) / 1_000));
      return;
    }
    const seen = { route: UNMATCHED_ROUTE };
    handle(request, response, seen)
      .catch((error: unknown) => {
        if (error instanceof ErpProblem) return problemReply(error);
        options.logger.error('request failed', { method: request.method, url: request.url, error: (error as Error).stack });
        return problemReply(new ErpProblem(500, 'internal', 'internal error; see the ERP log'));
      })
      .then((reply) => {
        if (!response.destroyed) sendJson(response, reply);
        options.metrics.answered(request.method ?? 'GET', seen.route, reply.status, (Date.now() - started) / 1_000);
        if (request.method !== 'GET') {
          options.logger.info('request', {
            method: request.method,
            url: request.url,
            status: reply.status,
            idempotencyKey: request.headers[IDEMPOTENCY_KEY_HEADER],
            ms: Date.now() - started,
          });
        }
      });
  });
}

async function serveMetrics(metrics: ErpMetrics, response: ServerResponse): Promise<void> {
  try {
    const text = await metrics.text();
    response.writeHead(200, { 'content-type': metrics.contentType });
    response.end(text);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' });
    response.end(`metrics failed: ${(error as Error).message}\n`);
  }
}

async function readiness(dataSource: DataSource): Promise<ErpReply> {
  const database = await dataSource
    .query('SELECT 1')
    .then(() => true)
    .catch(() => false);
  return { status: database ? 200 : 503, body: { status: database ? 'ready' : 'not-ready', checks: { database } } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
