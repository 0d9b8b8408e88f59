// Reads the Cedar schema and the default bundle from the repository (policies/default): the
// schema every version is validated against, and the bundle stored as version 1 at first start.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SCHEMA_FILE = 'schema.cedarschema';

export interface PolicyFiles {
  directory: string;
  schema: string;
  /** Every *.cedar file in name order, as one bundle text. */
  bundle: string;
}

/**
 * Where policies/default is: beside src/ when running from source (jest), or back in the source
 * tree when running the compiled output from dist/services/policy-enforcement/src.
 */
export function defaultPolicyDirectory(): string {
  const candidates = [
    path.resolve(__dirname, '../../../policies/default'),
    path.resolve(__dirname, '../../../../../../services/policy-enforcement/policies/default'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, SCHEMA_FILE))) ?? candidates[0];
}

export function readPolicyFiles(directory: string): PolicyFiles {
  const schema = readFileSync(path.join(directory, SCHEMA_FILE), 'utf8');
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.cedar'))
    .sort();
  if (files.length === 0) throw new Error(`no .cedar files in ${directory}`);
  const bundle =
    files.map((name) => readFileSync(path.join(directory, name), 'utf8').trimEnd()).join('\n\n') + '\n';
  return { directory, schema, bundle };
}
