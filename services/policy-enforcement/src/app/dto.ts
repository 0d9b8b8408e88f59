// Request bodies of the HTTP API, validated at the edge by Nest's ValidationPipe.
import { Allow, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_TYPE_VALUES } from '@governor/contracts';

const MAX_BUNDLE_CHARS = 1_000_000;

export class CreatePolicyDto {
  /** The Cedar text of the whole bundle. */
  @ApiProperty({ maxLength: MAX_BUNDLE_CHARS, description: 'the Cedar text of the whole bundle' })
  @IsString() @IsNotEmpty() @MaxLength(MAX_BUNDLE_CHARS) policies!: string;
  @ApiPropertyOptional({ maxLength: 2_000 }) @IsOptional() @IsString() @MaxLength(2_000) description?: string;
}

export class SimulateDto {
  /** RFC 3339; the window is [from, to). */
  @ApiProperty({ format: 'date-time' }) @IsString() from!: string;
  @ApiProperty({ format: 'date-time', description: 'exclusive' }) @IsString() to!: string;
}

export class PutAgentDto {
  /** The user accountable for the agent; they may not approve its proposals. */
  @ApiProperty({ maxLength: 200, description: 'the user accountable for the agent' })
  @IsString() @IsNotEmpty() @MaxLength(200) owner!: string;
  /** The action types it may propose. */
  @ApiProperty({ enum: ACTION_TYPE_VALUES, isArray: true, description: 'the action types it may propose' })
  @IsArray() @ArrayUnique() @IsIn(ACTION_TYPE_VALUES, { each: true }) scope!: string[];
  @ApiPropertyOptional({ maxLength: 2_000 }) @IsOptional() @IsString() @MaxLength(2_000) description?: string;
  /**
   * The public JWK the agent signs its proposals with (Ed25519 or P-256). Required; checked by
   * checkAgentPublicKey in the controller, so that a missing or private key has its own error code.
   */
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'a public JWK (Ed25519 or P-256)' })
  @IsOptional() @Allow() publicKey?: unknown;
}

export class CommentDto {
  @ApiPropertyOptional({ maxLength: 2_000 }) @IsOptional() @IsString() @MaxLength(2_000) comment?: string;
}
