// The keys policy-enforcement signs with (docs/contract.md section 7): the one that signs, from
// GOVERNOR_SIGNING_KEY_FILE or generated at first start under GOVERNOR_DATA_DIR, and the keys of a
// rotation (GOVERNOR_SIGNING_PREVIOUS_KEY_FILES), which stay in the published JWKS so that what they
// signed still verifies. The files were checked when the configuration was read.
import { publicJwks, readOrCreateSigningKey, readSigningKey, type SigningKeyPair } from '@governor/signing';
import type { JSONWebKeySet } from 'jose';
import { SigningVariables, type SigningConfig } from '../../config';

export interface SigningKeys {
  /** The key that signs. */
  current: SigningKeyPair;
  /** The public keys: the current one first, then the previous ones. */
  jwks: JSONWebKeySet;
  /** Where the current key came from, for the start-up log line. */
  origin: string;
}

export async function loadSigningKeys(config: SigningConfig): Promise<SigningKeys> {
  const current = config.keyFile
    ? { key: await read(config.keyFile, SigningVariables.KeyFile), origin: `${SigningVariables.KeyFile} (${config.keyFile})` }
    : await generatedOrRead(config.generatedKeyFile);
  const previous: SigningKeyPair[] = [];
  for (const file of config.previousKeyFiles) previous.push(await read(file, SigningVariables.PreviousKeyFiles));
  const others = previous.filter((key) => key.kid !== current.key.kid);
  return { current: current.key, jwks: publicJwks([current.key, ...others]), origin: current.origin };
}

async function generatedOrRead(file: string): Promise<{ key: SigningKeyPair; origin: string }> {
  try {
    const { key, created } = await readOrCreateSigningKey(file);
    return { key, origin: created ? `generated now in ${file}` : `${file}` };
  } catch (error) {
    throw new Error(`${SigningVariables.DataDirectory}: cannot read or create the signing key ${file}: ${(error as Error).message}`);
  }
}

async function read(file: string, variable: string): Promise<SigningKeyPair> {
  try {
    return await readSigningKey(file);
  } catch (error) {
    throw new Error(`${variable}: cannot read the signing key ${file}: ${(error as Error).message}`);
  }
}
