// credit.customer-exposure-updated.v1: a customer's credit limit and what they currently owe.
// Topic source.credit.v1, subject `CUSTOMER_ID`. Published; never edit, add a .v2 beside it.
import {
  IsCurrencyCode,
  IsNonEmptyString,
  IsNonNegativeInt,
  IsNonNegativeNumber,
  Optional,
} from '../../validation/decorators';

export const CREDIT_CUSTOMER_EXPOSURE_UPDATED_V1 = 'credit.customer-exposure-updated.v1';

export class CustomerExposureUpdatedV1 {
  @IsNonEmptyString() customerId!: string;
  @IsNonNegativeNumber() creditLimit!: number;
  // Non-negative like every amount: a balance in the customer's favour is not exposure.
  @IsNonNegativeNumber() exposure!: number;
  @IsNonNegativeInt() daysPastDue!: number;
  /** ISO 4217; absent means DEFAULT_CURRENCY. */
  @Optional() @IsCurrencyCode() currency?: string;
}
