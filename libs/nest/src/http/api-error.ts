// HTTP errors with a stable code: every error answer is {"error": {"code", "message"}}
// (docs/contract.md section 5), so clients branch on the code, never on the wording.
import { HttpException, HttpStatus } from '@nestjs/common';

export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    /** A finer code for the refusal counters and audit (e.g. `token-expired` behind a 401); not in the body. */
    readonly reason: string = code,
  ) {
    super({ error: { code, message } }, status);
    // HttpException takes its message from a `message` at the top of the body, which this one has not.
    this.message = message;
  }
}

export const badRequest = (code: string, message: string) => new ApiError(HttpStatus.BAD_REQUEST, code, message);
export const unauthorized = (message: string, reason?: string) =>
  new ApiError(HttpStatus.UNAUTHORIZED, 'unauthenticated', message, reason);
export const forbidden = (code: string, message: string) => new ApiError(HttpStatus.FORBIDDEN, code, message);
export const notFound = (code: string, message: string) => new ApiError(HttpStatus.NOT_FOUND, code, message);
export const conflict = (code: string, message: string) => new ApiError(HttpStatus.CONFLICT, code, message);
export const unprocessable = (code: string, message: string) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, code, message);
