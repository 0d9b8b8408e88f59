// Nest's default RPC exception handling turns whatever a handler throws into a generic "Internal
// server error". The consumer runner decides retry versus dead-letter from the error itself (its
// `retriable` flag, or the driver's error code), so handler errors must reach it unchanged.
import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

@Catch()
export class RethrowRpcErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
