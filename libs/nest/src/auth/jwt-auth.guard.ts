// Every API call but health and metrics needs `Authorization: Bearer <JWT>` signed with the
// configured key (HS256 secret or RS256 public key); `sub` is the user id and `roles` its roles.
// 401 without a valid token, 403 without a required role.
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, verifyBearer } from '@governor/auth';
import type { AuthenticatedUser, TokenKey } from '@governor/auth';
import { forbidden, unauthorized } from '../http/api-error';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly key: TokenKey,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    let user: AuthenticatedUser;
    try {
      user = verifyBearer(request.headers.authorization, this.key);
    } catch (error) {
      if (error instanceof AuthError) throw unauthorized(error.message);
      throw error;
    }
    request.user = user;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets);
    if (required && required.length > 0 && !required.some((role) => user.roles.includes(role))) {
      throw forbidden('forbidden', `this needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }
}
