// API tokens: verification for the HTTP guard, minting for the CLI, the demo and tests.
export { AuthError, mintToken, verifyBearer } from './tokens';
export type { AuthenticatedUser, TokenKey } from './tokens';
