// `/api/<service>/<path>`: the single-page app's calls passed to the service on its own port, with
// the signed-in person's token added here, so the browser needs no CORS and holds no secret. Status,
// body, content type and disposition (evidence-pack downloads) and `Link` (paging) come back as the
// service sent them, the Link's relative targets put under the same pass-through.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_PORTS, serviceUrl, type ServiceName } from '@governor/cli';
import { apiTarget, rewriteLink } from '../domain/pass-through';
import { HttpProblem, readBody, requireJson } from './http';
import type { Session } from './session-store';

/** The services people work with; the simulated ERP takes a credential of its own and is not passed through. */
export const PASSED_THROUGH = (Object.keys(DEFAULT_PORTS) as ServiceName[]).filter((s) => s !== 'simulated-erp');

const COPIED_HEADERS = ['content-type', 'content-disposition'];

export async function passThrough(request: IncomingMessage, response: ServerResponse, session: Session | undefined): Promise<void> {
  const target = apiTarget(request.url ?? '', PASSED_THROUGH);
  if (!target) throw new HttpProblem(404, 'unknown-service', `no service to pass ${request.url} to: services are ${PASSED_THROUGH.join(', ')}`);
  if (!session) throw new HttpProblem(401, 'not-signed-in', 'sign in first');
  const method = request.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  if (hasBody) requireJson(request);
  const body = hasBody ? await readBody(request) : undefined;
  let answer: Response;
  try {
    answer = await fetch(`${serviceUrl(target.service)}${target.path}`, {
      method,
      headers: {
        authorization: `Bearer ${session.token}`,
        accept: request.headers.accept ?? 'application/json',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: body && body.length > 0 ? body : hasBody ? '{}' : undefined,
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new HttpProblem(502, 'service-unavailable', `${target.service} did not answer: ${(error as Error).message}`);
  }
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  for (const name of COPIED_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const link = answer.headers.get('link');
  if (link !== null) headers.link = rewriteLink(link, target.service);
  response.writeHead(answer.status, headers);
  response.end(Buffer.from(await answer.arrayBuffer()));
}
