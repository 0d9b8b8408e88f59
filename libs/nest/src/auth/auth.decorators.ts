// Route metadata for the token guard: @Public() routes need no token (health, metrics); @Roles()
// routes need one of the roles; @CurrentUser() hands the verified user to the handler.
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'governor:public';
export const REQUIRED_ROLES = 'governor:roles';

import type { AuthenticatedUser } from '@governor/auth';

export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
export const Roles = (...roles: string[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser =>
    ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
