// What the development sign-in accepts: a user id and roles from Governor's role list
// (docs/contract.md section 5). Plain TypeScript, checked by the spec beside it.

/** Every role a Governor API asks for; the development sign-in offers these and only these. */
export const ROLES = ['approver', 'planner', 'credit-controller', 'operator', 'governance', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export class SignInError extends Error {
  readonly code = 'invalid-sign-in';
}

/** The `{user, roles}` body of `POST /session`, or a SignInError saying what is wrong with it. */
export function parseSignIn(body: unknown): { user: string; roles: Role[] } {
  const { user, roles } = (typeof body === 'object' && body !== null ? body : {}) as { user?: unknown; roles?: unknown };
  if (typeof user !== 'string' || !/^[A-Za-z0-9._@-]{1,64}$/.test(user)) {
    throw new SignInError('user must be 1 to 64 letters, digits, ".", "_", "@" or "-"');
  }
  if (!Array.isArray(roles) || roles.length === 0) throw new SignInError(`roles must list at least one of ${ROLES.join(', ')}`);
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (unknown.length > 0) throw new SignInError(`unknown roles ${unknown.map(String).join(', ')}: roles are ${ROLES.join(', ')}`);
  return { user, roles: [...new Set(roles as Role[])] };
}
