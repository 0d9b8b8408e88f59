// The built single-page app (Vite's output): files by path, and index.html for every other page
// path so the app's own routes (`/approvals`, `/lineage/ACT-1`) load on a reload. Hashed assets
// are cached for good; index.html never, so a new build is picked up at once.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Inline styles are allowed because React Flow and Chart.js position their elements with them. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export async function serveStatic(webDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://console').pathname);
  const file = path.resolve(webDir, `.${pathname}`);
  const inside = file.startsWith(path.resolve(webDir) + path.sep);
  const found = inside ? await stat(file).catch(() => undefined) : undefined;
  if (found?.isFile()) {
    const immutable = pathname.startsWith('/assets/');
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    createReadStream(file).pipe(response);
    return;
  }
  if (path.extname(pathname) !== '') {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache', ...SECURITY_HEADERS });
  createReadStream(path.join(webDir, 'index.html')).pipe(response);
}
