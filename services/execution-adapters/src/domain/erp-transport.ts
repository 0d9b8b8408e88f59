// How a playbook talks to an ERP/WMS-style REST API, whatever carries the call: the HTTP target
// (with its timeout, credential and circuit breaker) in the service, a fake in unit tests.
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export interface ErpCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the target's base URL, e.g. `/purchase-orders`. */
  path: string;
  body?: Record<string, unknown>;
  /** Sent as the Idempotency-Key header, so a repeated call cannot act twice. */
  idempotencyKey?: string;
}

export interface ErpTransport {
  /** The parsed JSON answer of a 2xx; anything else is thrown as an AdapterError. */
  send(call: ErpCall): Promise<unknown>;
}
