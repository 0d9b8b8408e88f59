// The body of PUT /sources/{source}: who owns the source and which event types it may publish.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RegisterSourceRequest {
  @ApiProperty({ maxLength: 200, description: 'the person or team accountable for what the source publishes' })
  @IsString()
  @IsNotEmpty({ message: 'owner is required: every source has one' })
  @MaxLength(200)
  owner!: string;

  @ApiProperty({ type: [String], description: 'the source event and master data types it may publish' })
  @IsArray()
  @ArrayNotEmpty({ message: 'eventTypes must name at least one type' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  eventTypes!: string[];

  @ApiPropertyOptional({ maxLength: 2_000 })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  description?: string;
}
