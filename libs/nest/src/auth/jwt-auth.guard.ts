// Every API call but health and metrics needs `Authorization: Bearer <JWT>` signed with the
// configured key (HS256 secret, RS256 public key, or an OIDC provider's JWKS), with the configured
// issuer and audience; `sub` is the user id and `roles` its roles. 401 without a valid token (the
// reason code, e.g. `token-expired`, goes to the refusal counters), 403 without a required role.
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError, bearerVerifier } from '@governor/auth';
import type { AuthenticatedUser, BearerVerifier, TokenKey } from '@governor/auth';
import { forbidden, unauthorized } from '../http/api-error';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly verify: BearerVerifier;

  constructor(
    private readonly reflector: Reflector,
    key: TokenKey,
  ) {
    this.verify = bearerVerifier(key);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    let user: AuthenticatedUser;
    try {
      user = await this.verify(request.headers.authorization);
    } catch (error) {
      if (error instanceof AuthError) throw unauthorized(error.message, error.reason);
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
