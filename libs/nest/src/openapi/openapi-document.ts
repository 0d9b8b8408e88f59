// The service's OpenAPI 3.1 document, generated from its controllers (@nestjs/swagger) and served
// at GET /docs. Security mirrors JwtAuthGuard: a bearer JWT on every route but the @Public() ones;
// roles come from @Roles() (auth.decorators.ts), and every error answer is the shared `Error`
// schema of api-error.ts.
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, getSchemaPath, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { Express, Request, Response } from 'express';
import { ApiErrorBody } from '../http/api-error.schema';

/** The contract version the documents describe (docs/contract.md). */
export const CONTRACT_VERSION = '1.1';
export const OPENAPI_PATH = '/docs';
const BEARER = 'bearer';
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export function buildOpenApiDocument(app: INestApplication, serviceName: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(serviceName)
    .setVersion(CONTRACT_VERSION)
    .setDescription(`Governor's ${serviceName} service (docs/contract.md). Errors are {"error": {"code", "message"}}.`)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .addSecurityRequirements(BEARER)
    .build();
  // No servers: the document is served by the service it describes, so paths are relative to it.
  const document = SwaggerModule.createDocument(app, { ...config, servers: undefined }, { extraModels: [ApiErrorBody] });
  addSuccessAnswers(document, successStatuses(app));
  addGuardAnswers(document);
  document.paths[OPENAPI_PATH] = {
    get: {
      operationId: 'openapi',
      summary: 'This OpenAPI 3.1 document',
      tags: ['docs'],
      security: [{}],
      responses: { '200': { description: 'The OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  return document;
}

/** Serves the document as JSON at GET /docs, as a plain Express route, so the token guard never sees it. */
export function serveOpenApiDocument(app: INestApplication, document: OpenAPIObject): void {
  const body = JSON.stringify(document);
  const express = app.getHttpAdapter().getInstance() as Express;
  express.get(OPENAPI_PATH, (_request: Request, response: Response) => {
      response.type('application/json').send(body);
    });
}

/**
 * @nestjs/swagger infers a route's success answer (its @HttpCode, else 201 for POST, 200 for the
 * rest) only when the route documents no answer at all; a route with @ApiErrors() would have none.
 */
function addSuccessAnswers(document: OpenAPIObject, statuses: Map<string, number>): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      const status = operation && statuses.get(operation.operationId ?? '');
      if (!operation || status === undefined) continue;
      if (Object.keys(operation.responses).some((code) => Number(code) < 400)) continue;
      operation.responses[String(status)] = { description: '' };
    }
  }
}

/** Each route's success status by its operationId, `Controller_method` (@nestjs/swagger's default). */
function successStatuses(app: INestApplication): Map<string, number> {
  const statuses = new Map<string, number>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const prototype = (metatype as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const post = Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST;
        statuses.set(`${metatype.name}_${name}`, (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (post ? 201 : 200));
      }
    }
  }
  return statuses;
}

/**
 * What every route may answer besides its own errors: 401 from the token guard on every route that
 * needs a token (all but the @Public() ones, whose `security` is `[{}]`), 400 `invalid-request` from the ValidationPipe
 * on every route with a body (routes that document their own 400 name it there).
 */
function addGuardAnswers(document: OpenAPIObject): void {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorBody) } } } });
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (operation.requestBody) operation.responses['400'] ??= error('`invalid-request`: the body does not validate');
      if (needsToken(operation)) operation.responses['401'] ??= error('`unauthenticated`: no valid bearer token');
    }
  }
}

function needsToken(operation: OperationObject): boolean {
  return !operation.security?.every((requirement) => Object.keys(requirement).length === 0);
}
