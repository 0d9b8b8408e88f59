// The body of POST /models/{id}/versions/{version}/promote: a reason, required only to promote a
// version that did worse than the champion; recorded with the promotion either way.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

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
}
