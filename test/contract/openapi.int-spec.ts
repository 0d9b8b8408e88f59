// GET /docs on every running service (issue 22): answered without a token, an OpenAPI 3.1 document
// that passes the structural checks, and the same as the one committed under docs/openapi/, so the
// committed documents cannot fall out of step with the controllers.
import { isDeepStrictEqual } from 'node:util';
import { GovernorStack } from '../support/governor-stack';
import { OPENAPI_SERVICES, openApiProblems, readCommittedDocument, type OpenApiService } from './openapi-documents';

jest.setTimeout(240_000);

describe('GET /docs', () => {
  let stack: GovernorStack;
  const served = new Map<OpenApiService, unknown>();

  beforeAll(async () => {
    stack = await GovernorStack.start({ services: [...OPENAPI_SERVICES] });
    for (const service of OPENAPI_SERVICES) {
      // No Authorization header: the document is public.
      const response = await fetch(`${stack.url(service)}/docs`);
      expect({ service, status: response.status, type: response.headers.get('content-type') }).toEqual({
        service,
        status: 200,
        type: expect.stringMatching(/^application\/json/),
      });
      // Parsed here rather than by response.json(), whose objects come from another realm and so
      // never deep-equal (isDeepStrictEqual compares prototypes) the ones read from the file.
      served.set(service, JSON.parse(await response.text()) as unknown);
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(OPENAPI_SERVICES)('%s serves a structurally valid OpenAPI 3.1 document titled with its name', (service) => {
    const document = served.get(service) as { info: { title: string }; openapi: string };
    expect(openApiProblems(document)).toEqual([]);
    expect(document.info.title).toBe(service);
  });

  it('matches the documents committed under docs/openapi/', () => {
    const stale = OPENAPI_SERVICES.filter((service) => !isDeepStrictEqual(served.get(service), readCommittedDocument(service)));
    if (stale.length > 0) {
      const details = stale.map((service) => `${service}: ${routeChanges(served.get(service), readCommittedDocument(service))}`);
      throw new Error(`GET /docs differs from docs/openapi/ for ${stale.join(', ')}: run npm run openapi\n${details.join('\n')}`);
    }
  });

  it('documents the bearer token, its exceptions and the shared error answer', () => {
    const document = served.get('policy-enforcement') as Document;
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Public routes need no token, and say so.
    for (const route of ['/docs', '/health/ready', '/metrics', '/.well-known/jwks.json']) {
      expect({ route, security: document.paths[route].get.security }).toEqual({ route, security: [{}] });
    }
    const approve = document.paths['/approvals/{id}/approve'].post;
    expect(Object.keys(approve.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409']);
    expect(approve.responses['403'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ApiErrorBody' });
    expect(approve.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CommentDto' });
    const list = document.paths['/approvals'].get;
    expect(list.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(
      ['query:actionId', 'query:after', 'query:domain', 'query:limit', 'query:sort', 'query:status'],
    );
    expect(document.paths['/policies'].post.responses['422']).toBeDefined();
  });
});

interface Operation {
  security?: object[];
  parameters: { in: string; name: string }[];
  requestBody: { content: Record<string, { schema: object }> };
  responses: Record<string, { content: Record<string, { schema: object }> }>;
}
interface Document {
  security: object[];
  components: { securitySchemes: Record<string, object> };
  paths: Record<string, Record<string, Operation>>;
}

/** The operations one document has and the other lacks, to say where to look. */
function routeChanges(served: unknown, committed: unknown): string {
  const operations = (document: unknown) =>
    Object.entries((document as Partial<Document> | undefined)?.paths ?? {}).flatMap(([route, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${route}`),
    );
  const now = operations(served);
  const before = operations(committed);
  const added = now.filter((o) => !before.includes(o));
  const gone = before.filter((o) => !now.includes(o));
  if (committed === undefined) return 'not committed';
  if (added.length === 0 && gone.length === 0) return 'the same routes, described differently';
  return [...added.map((o) => `served, not committed: ${o}`), ...gone.map((o) => `committed, not served: ${o}`)].join('; ');
}
