// The public key an agent signs its proposals with (docs/contract.md section 7), as registered with
// PUT /agents/{agentId}: a JWK of an Ed25519 (`OKP`/`Ed25519`) or P-256 (`EC`/`P-256`) key, public
// parts only. What is stored is rebuilt from the members that make the key (plus `kid`), so nothing
// else a client sent, least of all a private part, ever reaches the registry or the audit log.

/** A registered agent key: the public members of its JWK, and the algorithm it signs with. */
export type AgentPublicKey =
  | { kty: 'OKP'; crv: 'Ed25519'; x: string; alg: 'EdDSA'; kid?: string }
  | { kty: 'EC'; crv: 'P-256'; x: string; y: string; alg: 'ES256'; kid?: string };

export const AgentKeyErrors = {
  /** PUT /agents without `publicKey`. */
  Required: 'public-key-required',
  /** Not a JWK of a supported key type, curve and size. */
  Invalid: 'invalid-public-key',
  /** A JWK with private parts (`d`, or RSA's): the private key must never leave the agent. */
  Private: 'private-key-not-accepted',
} as const;
export type AgentKeyError = (typeof AgentKeyErrors)[keyof typeof AgentKeyErrors];

export type AgentKeyCheck =
  | { ok: true; key: AgentPublicKey }
  | { ok: false; code: AgentKeyError; message: string };

// Members that only a private JWK carries (RFC 7518 sections 6.2.2, 6.3.2 and 6.4; RFC 8037).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// A base64url coordinate without padding: 32 bytes are 43 characters.
const COORDINATE_CHARS = 43;
const KID = /^[\x21-\x7e]{1,200}$/;

/** Checks an untrusted value (a request body's `publicKey`) and keeps only the key's public members. */
export function checkAgentPublicKey(value: unknown): AgentKeyCheck {
  if (value === undefined || value === null) {
    return refuse(AgentKeyErrors.Required, 'publicKey is required: the public JWK the agent signs its proposals with');
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return refuse(AgentKeyErrors.Invalid, 'publicKey must be a JWK object');
  }
  const jwk = value as Record<string, unknown>;
  const privateMember = PRIVATE_MEMBERS.find((member) => member in jwk);
  if (privateMember !== undefined) {
    return refuse(
      AgentKeyErrors.Private,
      `publicKey has the private member "${privateMember}": register the public key only, the private key stays with the agent`,
    );
  }
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || !KID.test(jwk.kid))) {
    return refuse(AgentKeyErrors.Invalid, 'publicKey.kid must be 1 to 200 printable characters');
  }
  const kid = jwk.kid === undefined ? {} : { kid: jwk.kid as string };
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    if (!isCoordinate(jwk.x)) return refuse(AgentKeyErrors.Invalid, 'publicKey.x must be 32 bytes, base64url');
    if (!algIs(jwk.alg, 'EdDSA')) return refuse(AgentKeyErrors.Invalid, 'an Ed25519 key signs with alg EdDSA');
    return { ok: true, key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, alg: 'EdDSA', ...kid } };
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
    if (!isCoordinate(jwk.x) || !isCoordinate(jwk.y)) {
      return refuse(AgentKeyErrors.Invalid, 'publicKey.x and publicKey.y must be 32 bytes each, base64url');
    }
    if (!algIs(jwk.alg, 'ES256')) return refuse(AgentKeyErrors.Invalid, 'a P-256 key signs with alg ES256');
    return { ok: true, key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, alg: 'ES256', ...kid } };
  }
  return refuse(
    AgentKeyErrors.Invalid,
    `publicKey must be an Ed25519 (kty OKP, crv Ed25519) or P-256 (kty EC, crv P-256) JWK, got kty ${String(jwk.kty)}, crv ${String(jwk.crv)}`,
  );
}

function isCoordinate(value: unknown): value is string {
  return typeof value === 'string' && value.length === COORDINATE_CHARS && BASE64URL.test(value);
}

function algIs(value: unknown, expected: string): boolean {
  return value === undefined || value === expected;
}

function refuse(code: AgentKeyError, message: string): AgentKeyCheck {
  return { ok: false, code, message };
}
