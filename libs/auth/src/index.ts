// API tokens: verification for the HTTP guard, minting for the CLI, the demo and tests.
export { AuthError, TokenFailures, bearerVerifier, mintToken, verifyBearer } from './tokens';
export type { AuthenticatedUser, BearerVerifier, TokenFailure, TokenKey } from './tokens';
