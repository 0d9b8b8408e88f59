// Injection tokens of policy-enforcement's own providers that are not classes.
export const POLICY_FILES = Symbol('policy-enforcement:policy-files');

/** The actor of audit entries the service makes on its own (seeding, expiries, decisions). */
export const SYSTEM_ACTOR = 'system:policy-enforcement';

/** The loaded signing keys (SigningKeys). */
export const SIGNING_KEYS = Symbol('policy-enforcement:signing-keys');
