// Nest glue for paged lists (page.ts): a controller takes the request with `@PageQuery()` and
// returns a `Page`; PageInterceptor (global, see runService) writes the Link header and answers with
// the page's items, and a bad `limit` or `after` is a 400 with its code.
import {
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { badRequest } from './api-error';
import { ApiErrors } from './api-error.schema';
import {
  cursorFields as cursorFieldsOf,
  DEFAULT_PAGE_LIMIT,
  InvalidPageError,
  MAX_PAGE_LIMIT,
  nextPageLink,
  Page,
  pageRequest,
  type PageRequest,
} from './page';

function answering<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InvalidPageError) throw badRequest(error.code, error.message);
    throw error;
  }
}

/** What every paged list says in the OpenAPI document: its two query parameters, the Link header, the 400. */
const PAGE_DOCS: MethodDecorator[] = [
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT } }),
  ApiQuery({ name: 'after', required: false, type: String, description: 'the opaque cursor of the previous page' }),
  ApiResponse({
    status: 200,
    description: 'a page of the list, as a JSON array',
    headers: { Link: { description: '`<...>; rel="next"` (RFC 8288), absent on the last page', schema: { type: 'string' } } },
  }),
  ApiErrors({ 400: '`invalid-limit`, `invalid-cursor`' }),
];

/** `@PageQuery() page: PageRequest`: the `limit` and `after` of the request's query string. */
export const PageQuery = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): PageRequest => {
    const query = ctx.switchToHttp().getRequest<Request>().query;
    return answering(() => pageRequest(query.limit, query.after));
  },
  // Nest hands these the parameter's method; they document it as a method decorator would.
  PAGE_DOCS.map((document) => (target: object, key: string | symbol | undefined) => {
    const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
    if (key !== undefined && descriptor) document(target, key, descriptor);
  }),
);

/** The cursor's key for a list sorted by `fields` (page.ts); another list's cursor is a 400. */
export function cursorFields<K extends string>(request: PageRequest, fields: readonly K[]): Record<K, string | number | null> | undefined {
  return answering(() => cursorFieldsOf(request, fields));
}

/** Answers a `Page` with its items, and its next page in the Link header. */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (!(body instanceof Page) || ctx.getType() !== 'http') return body;
        if (body.next) {
          const http = ctx.switchToHttp();
          http.getResponse<Response>().setHeader('Link', nextPageLink(http.getRequest<Request>(), body.next));
        }
        return body.items;
      }),
    );
  }
}
