import { OPENAPI_SERVICES, openApiProblems, readCommittedDocument } from './openapi-documents';

const valid = {
  openapi: '3.1.0',
  info: { title: 'circuit-breaker', version: '1.1' },
  paths: {
    '/domains/{domain}': {
      get: {
        parameters: [{ name: 'domain', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '404': { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } } } },
      },
    },
  },
  components: { schemas: { ApiErrorBody: { type: 'object' } } },
};

describe('openApiProblems', () => {
  it('passes a valid document', () => {
    expect(openApiProblems(valid)).toEqual([]);
  });

  it('names a document that is not 3.1, a path without operations, an undeclared path parameter and a dangling $ref', () => {
    const broken = {
      ...valid,
      openapi: '3.0.0',
      paths: {
        ...valid.paths,
        '/empty': {},
        '/tasks/{id}': { post: { responses: { '200': { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } },
      },
    };
    expect(openApiProblems(broken)).toEqual([
      'openapi is "3.0.0", not 3.1.x',
      'path /empty has no operation',
      'POST /tasks/{id} does not declare the path parameter {id}',
      '$ref #/components/schemas/Missing does not resolve',
    ]);
  });

  it.each(OPENAPI_SERVICES)('passes the committed document of %s', (service) => {
    expect(openApiProblems(readCommittedDocument(service))).toEqual([]);
  });
});
