// The little HTTP machinery the console needs on top of node:http: JSON answers, errors in
// Governor's shape (`{"error": {"code", "message"}}`), and request bodies with a size limit.
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = status === 204 ? '' : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(text);
}

export function sendProblem(response: ServerResponse, problem: HttpProblem): void {
  sendJson(response, problem.status, { error: { code: problem.code, message: problem.message } });
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'payload-too-large', 'the body is over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request);
  try {
    return body.length === 0 ? undefined : (JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    throw new HttpProblem(400, 'invalid-request', 'the body is not JSON');
  }
}

/**
 * State-changing calls must be JSON: a cross-site form cannot send that without a CORS preflight,
 * which this server never grants (a second line behind the SameSite=Strict cookie).
 */
export function requireJson(request: IncomingMessage): void {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    throw new HttpProblem(415, 'unsupported-media-type', 'send the body as application/json');
  }
}
