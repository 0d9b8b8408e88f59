// Route metadata for the token guard: @Public() routes need no token (health, metrics); @Roles()
// routes need one of the roles; @CurrentUser() hands the verified user to the handler.
import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-error.schema';

export const PUBLIC_ROUTE = 'governor:public';
export const REQUIRED_ROLES = 'governor:roles';

import type { AuthenticatedUser } from '@governor/auth';

// Each also says so in the OpenAPI document: a public route's security is the empty requirement
// `[{}]` (no token; an empty list would be dropped by @nestjs/swagger on a method), overriding the
// document's bearer token; a route with roles may answer 403.
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), SetMetadata(DECORATORS.API_SECURITY, [{}]));
export const Roles = (...roles: string[]) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiErrors({ 403: `\`forbidden\` without one of the roles: ${roles.join(', ')}` }),
  );

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser =>
    ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
