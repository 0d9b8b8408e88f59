// The body of POST /domains/{domain}/override: force a mode, or clear the override.
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { FORCED_MODE_VALUES, type ForcedMode } from '../domain/breaker';

export const CLEAR_OVERRIDE = 'clear';
export type OverrideAction = ForcedMode | typeof CLEAR_OVERRIDE;
const OVERRIDE_ACTIONS: readonly OverrideAction[] = [...FORCED_MODE_VALUES, CLEAR_OVERRIDE];

export class OverrideRequest {
  @ApiProperty({ enum: OVERRIDE_ACTIONS, description: '`clear` removes the override' })
  @IsIn(OVERRIDE_ACTIONS, { message: `mode must be one of ${OVERRIDE_ACTIONS.join(', ')}` })
  mode!: OverrideAction;

  @ApiProperty({ maxLength: 2_000, description: 'why; audited' })
  @IsString()
  @IsNotEmpty({ message: 'reason is required: overrides are audited' })
  @MaxLength(2_000)
  reason!: string;
}
