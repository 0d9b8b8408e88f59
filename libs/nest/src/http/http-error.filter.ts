// Turns every error that leaves a controller into {"error": {"code", "message"}} with a fitting
// status. Unexpected errors become 500 "internal" and are logged; their details stay in the log.
// Every 401 and 403, the guard's and the handlers' alike, passes here and goes to the refusal
// recorder (counted and reported for the audit log).
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DOMAIN_VALUES, type Domain } from '@governor/contracts';
import type { AuthenticatedUser } from '@governor/auth';
import { ApiError } from './api-error';
import type { RefusalRecorder } from './refusal-recorder';

const CODES: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
};

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(private readonly refusals?: RefusalRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      this.recordRefusal(host, exception.getStatus(), exception.reason, exception.message);
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODES[status] ?? `http-${status}`;
      this.recordRefusal(host, status, code, messageOf(exception));
      response.status(status).json({ error: { code, message: messageOf(exception) } });
      return;
    }
    this.logger.error(`unhandled error: ${(exception as Error)?.stack ?? String(exception)}`);
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ error: { code: 'internal', message: 'internal error; see the service log' } });
  }

  private recordRefusal(host: ArgumentsHost, status: number, code: string, reason: string): void {
    if (!this.refusals || (status !== 401 && status !== 403)) return;
    const request = host.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    this.refusals.record({
      status,
      code,
      reason,
      target: routeOf(request),
      actor: request.user?.id ?? null,
      domain: domainOf(request),
    });
  }
}

/** `METHOD /route/:pattern` as Express matched it: one series per route, however many ids. */
function routeOf(request: Request): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return `${request.method} ${typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : '(no route)'}`;
}

function domainOf(request: Request): Domain | null {
  const domain: unknown = request.params?.domain;
  return (DOMAIN_VALUES as readonly unknown[]).includes(domain) ? (domain as Domain) : null;
}

/** ValidationPipe puts a list of messages in the body; join them into one readable message. */
function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}
