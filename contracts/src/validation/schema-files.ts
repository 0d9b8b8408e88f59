// Where the generated JSON Schemas live: written by `npm run contracts:generate`, kept in step with
// the classes by generated-docs.spec.ts, and read back by the compiled validators.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EventType } from '../registry/event-types';

export const SCHEMAS_DIR = 'schemas';

export function schemaFileName(type: string): string {
  return `${type}.schema.json`;
}

/** contracts/ of the workspace, found upwards from here so it works from src/ and from dist/. */
export function contractsDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'contracts', 'project.json'))) return join(dir, 'contracts');
  }
  throw new Error(`no contracts/project.json above ${__dirname}`);
}

/** The checked-in JSON Schema document of one event type. */
export function readEventSchema(type: EventType): object {
  return JSON.parse(readFileSync(join(contractsDir(), SCHEMAS_DIR, schemaFileName(type)), 'utf8')) as object;
}
