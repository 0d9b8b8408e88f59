// The body of POST /models/{id}/versions/{version}/promote: a reason, required only to promote a
// version that did worse than the champion; recorded with the promotion either way. Execution sends
// `approval` when it carries out an approved planning.promote-model-version: the approval (automatic
// or by whom), its decision and policy version, and the champion the evidence was against.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { APPROVAL_MODE_VALUES, type ApprovalMode } from '@governor/contracts';

export class PromotionApproval {
  @ApiProperty({ description: 'the approved planning.promote-model-version action' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  actionId!: string;

  @ApiProperty({ enum: APPROVAL_MODE_VALUES })
  @IsIn([...APPROVAL_MODE_VALUES])
  mode!: ApprovalMode;

  @ApiProperty({ type: [String], description: 'who approved; empty when automatic' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  approvers!: string[];

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) decisionId!: string;

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) policyVersion!: string;

  @ApiProperty({ description: 'the champion the version was validated against; 409 champion-changed otherwise' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  champion!: string;
}

export class PromoteRequest {
  @ApiPropertyOptional({
    maxLength: 2_000,
    description: 'why; required when the version did worse than the champion',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason?: string;

  @ApiPropertyOptional({ type: PromotionApproval, description: 'the approved action this promotion carries out' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PromotionApproval)
  approval?: PromotionApproval;
}
