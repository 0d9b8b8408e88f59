// Why a record could not be accepted as a contract event. The codes are stable (they end up in
// dead-letter.v1 `errorCode`), and none is retriable: the same bytes fail the same way every time.
import { type ValueOf, valuesOf } from './common/value-of';

export const ContractErrorCodes = {
  TooLarge: 'too-large',
  NotJson: 'not-json',
  NotAnEnvelope: 'not-an-envelope',
  UnknownType: 'unknown-type',
  WrongTopic: 'wrong-topic',
  InvalidPayload: 'invalid-payload',
} as const;
export type ContractErrorCode = ValueOf<typeof ContractErrorCodes>;
export const CONTRACT_ERROR_CODE_VALUES = valuesOf(ContractErrorCodes);

export class ContractParseError extends Error {
  override readonly name = 'ContractParseError';
  /** Retrying cannot help: the messaging layer dead-letters on this flag alone. */
  readonly retriable = false as const;

  constructor(
    readonly code: ContractErrorCode,
    message: string,
    /** The failing attributes (envelope) or dotted property paths (payload), e.g. `lines.0.quantity`. */
    readonly fields: readonly string[] = [],
    /** The event's `type` when it got that far, for metrics and the dead letter. */
    readonly eventType?: string,
  ) {
    super(message);
  }
}
