// Request bodies of the HTTP API, validated at the edge by Nest's ValidationPipe.
import { Allow, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ACTION_TYPE_VALUES } from '@governor/contracts';

const MAX_BUNDLE_CHARS = 1_000_000;

export class CreatePolicyDto {
  /** The Cedar text of the whole bundle. */
  @IsString() @IsNotEmpty() @MaxLength(MAX_BUNDLE_CHARS) policies!: string;
  @IsOptional() @IsString() @MaxLength(2_000) description?: string;
}

export class SimulateDto {
  /** RFC 3339; the window is [from, to). */
  @IsString() from!: string;
  @IsString() to!: string;
}

export class PutAgentDto {
  /** The user accountable for the agent; they may not approve its proposals. */
  @IsString() @IsNotEmpty() @MaxLength(200) owner!: string;
  /** The action types it may propose. */
  @IsArray() @ArrayUnique() @IsIn(ACTION_TYPE_VALUES, { each: true }) scope!: string[];
  @IsOptional() @IsString() @MaxLength(2_000) description?: string;
  /**
   * The public JWK the agent signs its proposals with (Ed25519 or P-256). Required; checked by
   * checkAgentPublicKey in the controller, so that a missing or private key has its own error code.
   */
  @IsOptional() @Allow() publicKey?: unknown;
}

export class CommentDto {
  @IsOptional() @IsString() @MaxLength(2_000) comment?: string;
}
