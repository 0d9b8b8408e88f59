// domain.mode-changed.v1: a domain entered a new mode, by the circuit breaker or an operator.
// Topic governance.domain-modes.v1 (compacted, key = domain), subject the domain. Published;
// never edit, add a .v2 beside it.
import { Matches } from 'class-validator';
import { DOMAIN_MODE_VALUES, DOMAIN_VALUES, type Domain, type DomainMode } from '../../common/domains';
import { IsNonEmptyString, IsOneOf, IsRfc3339Timestamp } from '../../validation/decorators';

export const DOMAIN_MODE_CHANGED_V1 = 'domain.mode-changed.v1';

/** `breaker`, or `operator:<user id>` for a manual override. */
export const TRIGGERED_BY_PATTERN = /^(breaker|operator:\S+)$/;
export const TRIGGERED_BY_BREAKER = 'breaker';
export function triggeredByOperator(userId: string): string {
  return `operator:${userId}`;
}

export class DomainModeChangedV1 {
  @IsOneOf(DOMAIN_VALUES) domain!: Domain;
  @IsOneOf(DOMAIN_MODE_VALUES) mode!: DomainMode;
  @IsOneOf(DOMAIN_MODE_VALUES) previousMode!: DomainMode;
  @IsNonEmptyString() reason!: string;
  @Matches(TRIGGERED_BY_PATTERN, { message: 'triggeredBy must be "breaker" or "operator:<id>"' })
  triggeredBy!: string;
  /** When the domain entered `mode`. */
  @IsRfc3339Timestamp() since!: string;
}
