// security.violation-recorded.v1: something Governor refused for lack of identity or right, from the
// service that refused it. Internal topic internal.security-events.v1, subject the service name.
// policy-enforcement appends each one to the audit log and resilience-monitor counts them per
// domain for the scorecard. Refused API calls are grouped per user, route and minute (`count`), so
// that a flood of them cannot swamp the audit log. Never edit: add a .v2 beside it.
import { IsInt, Min } from 'class-validator';
import { DOMAIN_VALUES, type Domain } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp, Nullable } from '../../validation/decorators';

export const SECURITY_VIOLATION_RECORDED_V1 = 'security.violation-recorded.v1';

export const SecurityViolationKinds = {
  /** An API call without a valid token (HTTP 401). */
  Unauthenticated: 'unauthenticated',
  /** An API call whose token lacks the right (HTTP 403). */
  Forbidden: 'forbidden',
  /** An approved action whose signature did not verify (dead-lettered, never executed). */
  BadSignature: 'bad-signature',
} as const;
export type SecurityViolationKind = (typeof SecurityViolationKinds)[keyof typeof SecurityViolationKinds];
export const SECURITY_VIOLATION_KIND_VALUES = Object.values(SecurityViolationKinds);

export class SecurityViolationRecordedV1 {
  /** The service that refused it, e.g. `execution-adapters`. */
  @IsNonEmptyString() service!: string;
  @IsOneOf(SECURITY_VIOLATION_KIND_VALUES) kind!: SecurityViolationKind;
  /** A stable code: the HTTP error code, or `bad-signature`'s reason code. */
  @IsNonEmptyString() code!: string;
  @IsNonEmptyString() reason!: string;
  /** `METHOD /route/pattern` of a refused API call, or the topic of a refused record. */
  @IsNonEmptyString() target!: string;
  /** The user the token named; null when there was no valid token. */
  @Nullable() @IsNonEmptyString() actor!: string | null;
  /** The business domain it touched, when the target says (e.g. a domain override or an action). */
  @Nullable() @IsOneOf(DOMAIN_VALUES) domain!: Domain | null;
  /** The action a refused record was about; null for API calls. */
  @Nullable() @IsNonEmptyString() actionId!: string | null;
  /** How many refusals of this actor, target and code this event stands for. */
  @IsInt() @Min(1) count!: number;
  @IsRfc3339Timestamp() firstAt!: string;
  @IsRfc3339Timestamp() lastAt!: string;
}
