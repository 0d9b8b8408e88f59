// The simulated ERP/WMS's HTTP server: checks the configured credential, applies injected faults
// (delay, failure before or after the work is done), dispatches to the routes, and answers errors
// as {"error": {"code", "message"}}. Health and the fault controls are never faulted.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { Logger } from '@governor/messaging';
import { ErpProblem } from '../domain/erp-problem';
import { FaultPlan } from '../domain/fault-plan';
import { ErpStore } from '../infra/erp-store';
import { erpRoutes } from './erp-routes';
import { ErpReply, IDEMPOTENCY_KEY_HEADER, problemReply, readJsonBody, sendJson } from './http-kit';

export interface ErpServerOptions {
  dataSource: DataSource;
  schema: string;
  authHeader: string;
  authValue: string | undefined;
  logger: Logger;
}

export function createErpServer(options: ErpServerOptions): Server {
  const faults = new FaultPlan();
  const router = erpRoutes(new ErpStore(options.dataSource, options.schema), faults);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<ErpReply> => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://erp.local');
    if (url.pathname === '/health/live') return { status: 200, body: { status: 'ok' } };
    if (url.pathname === '/health/ready') return readiness(options.dataSource);
    if (options.authValue !== undefined && request.headers[options.authHeader] !== options.authValue) {
      return problemReply(new ErpProblem(401, 'unauthenticated', `missing or wrong ${options.authHeader} header`));
    }
    const route = router.match(method, url.pathname);
    if (!route) return problemReply(new ErpProblem(404, 'not-found', `no route ${method} ${url.pathname}`));
    const body = await readJsonBody(request);
    const effect = url.pathname.startsWith('/_control') ? { delayMs: 0, failure: null } : faults.take(method, url.pathname);
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
    handle(request, response)
      .catch((error: unknown) => {
        if (error instanceof ErpProblem) return problemReply(error);
        options.logger.error('request failed', { method: request.method, url: request.url, error: (error as Error).stack });
        return problemReply(new ErpProblem(500, 'internal', 'internal error; see the ERP log'));
      })
      .then((reply) => {
        if (!response.destroyed) sendJson(response, reply);
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
