// What every master data record (topic source.master-data.v1, docs/contract.md section 7) carries
// besides its entity's own fields: whether the entity may still be used, and, optionally, who owns
// it (the contract's fields are the entity's and `active`; `owner` is Governor's addition).
import { IsBoolean } from 'class-validator';
import { IsNonEmptyString, Optional } from '../../validation/decorators';

export abstract class MasterDataRecordV1 {
  /** false: the entity exists but must no longer be used (a discontinued SKU, a closed site). */
  @IsBoolean() active!: boolean;
  /** The team or person accountable for the entity's master data, e.g. `team:procurement`. */
  @Optional() @IsNonEmptyString() owner?: string;
}
