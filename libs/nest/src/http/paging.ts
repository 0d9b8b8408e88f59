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
import { map, type Observable } from 'rxjs';
import { badRequest } from './api-error';
import { cursorFields as cursorFieldsOf, InvalidPageError, nextPageLink, Page, pageRequest, type PageRequest } from './page';

function answering<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InvalidPageError) throw badRequest(error.code, error.message);
    throw error;
  }
}

/** `@PageQuery() page: PageRequest`: the `limit` and `after` of the request's query string. */
export const PageQuery = createParamDecorator((_: unknown, ctx: ExecutionContext): PageRequest => {
  const query = ctx.switchToHttp().getRequest<Request>().query;
  return answering(() => pageRequest(query.limit, query.after));
});

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
