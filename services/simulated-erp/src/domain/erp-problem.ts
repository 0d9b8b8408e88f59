// A refusal of the simulated ERP with a stable code and an HTTP status, answered as
// {"error": {"code", "message"}} like the rest of Governor's HTTP surfaces.
export class ErpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ErpProblem';
  }
}

export const invalidRequest = (message: string) => new ErpProblem(400, 'invalid-request', message);
export const notFound = (what: string) => new ErpProblem(404, 'not-found', `${what} not found`);
export const conflict = (code: string, message: string) => new ErpProblem(409, code, message);
