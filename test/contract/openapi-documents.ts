// The services' OpenAPI documents as committed under docs/openapi/ (npm run openapi writes them,
// openapi.int-spec.ts holds them to what the running services serve at GET /docs), and the
// structural checks a document must pass to be the OpenAPI 3.1 it claims to be. No validator is
// installed, so the checks are by hand: the version, paths with operations, and every $ref resolving.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The six services that answer GET /docs (runService; the simulated ERP is no Governor service). */
export const OPENAPI_SERVICES = [
  'data-quality',
  'predictive-risk',
  'policy-enforcement',
  'execution-adapters',
  'resilience-monitor',
  'circuit-breaker',
] as const;
export type OpenApiService = (typeof OPENAPI_SERVICES)[number];

// From test/contract in the source tree, or dist/test/contract when run compiled (npm run openapi).
export const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../..' : '../..');

export function committedDocumentFile(service: OpenApiService): string {
  return path.join(ROOT, 'docs/openapi', `${service}.json`);
}

export function readCommittedDocument(service: OpenApiService): unknown {
  const file = committedDocumentFile(service);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** What keeps `document` from being a usable OpenAPI 3.1 document; empty when nothing does. */
export function openApiProblems(document: unknown): string[] {
  if (!isObject(document)) return ['the document is not a JSON object'];
  const problems: string[] = [];
  if (typeof document.openapi !== 'string' || !/^3\.1\.\d+$/.test(document.openapi)) {
    problems.push(`openapi is ${JSON.stringify(document.openapi)}, not 3.1.x`);
  }
  const info = document.info;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') {
    problems.push('info needs a title and a version');
  }
  if (!isObject(document.paths) || Object.keys(document.paths).length === 0) {
    problems.push('no paths');
  } else {
    for (const [route, item] of Object.entries(document.paths)) {
      if (!route.startsWith('/')) problems.push(`path ${route} does not start with /`);
      const operations = isObject(item) ? OPERATIONS.filter((method) => method in item) : [];
      if (operations.length === 0) problems.push(`path ${route} has no operation`);
      for (const method of operations) {
        const operation = (item as Record<string, unknown>)[method];
        if (!isObject(operation) || !isObject(operation.responses) || Object.keys(operation.responses).length === 0) {
          problems.push(`${method.toUpperCase()} ${route} has no responses`);
          continue;
        }
        for (const name of route.match(/\{[^}]+\}/g) ?? []) {
          const declared = Array.isArray(operation.parameters)
            && operation.parameters.some((p: unknown) => isObject(p) && p.in === 'path' && `{${String(p.name)}}` === name);
          if (!declared) problems.push(`${method.toUpperCase()} ${route} does not declare the path parameter ${name}`);
        }
      }
    }
  }
  for (const ref of references(document)) {
    if (!resolves(document, ref)) problems.push(`$ref ${ref} does not resolve`);
  }
  return problems;
}

function* references(value: unknown): Generator<string> {
  if (Array.isArray(value)) for (const item of value) yield* references(item);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') yield item;
      else yield* references(item);
    }
  }
}

/** A local JSON pointer (`#/components/schemas/X`, RFC 6901) that names something in the document. */
function resolves(document: Record<string, unknown>, ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  let node: unknown = document;
  for (const token of ref.slice(2).split('/')) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
