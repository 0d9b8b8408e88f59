// The error answer of api-error.ts as an OpenAPI schema, and the decorator that documents a route's
// error answers with it: `@ApiErrors({ 404: 'no such task', 422: '...' })`.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

class ApiErrorDetail {
  @ApiProperty({ description: 'stable code to branch on, e.g. `not-found`' }) code!: string;
  @ApiProperty({ description: 'for people; may change' }) message!: string;
}

export class ApiErrorBody {
  @ApiProperty({ type: ApiErrorDetail }) error!: ApiErrorDetail;
}

/** Documents error answers by status; each description names the codes a client may see. */
export function ApiErrors(answers: Record<number, string>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(answers).map(([status, description]) => ApiResponse({ status: Number(status), description, type: ApiErrorBody })),
  );
}
