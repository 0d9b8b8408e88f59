// CLI behind `npm run contracts:generate` (run after `npm run build`): writes the JSON Schemas and
// the AsyncAPI document into contracts/, where they are checked in and kept fresh by a test.
import 'reflect-metadata';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contractsDir, SCHEMAS_DIR } from '../validation/schema-files';
import { renderContractDocs } from './render-docs';

function main(): void {
  const root = contractsDir();
  const files = renderContractDocs();
  mkdirSync(join(root, SCHEMAS_DIR), { recursive: true });
  for (const [path, content] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    const previous = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (previous !== content) writeFileSync(target, content);
    console.log(`${previous === content ? 'unchanged' : 'wrote    '} contracts/${path}`);
  }
  // A schema file that no type produces any more (a type renamed before release) would mislead integrators.
  for (const name of readdirSync(join(root, SCHEMAS_DIR))) {
    if (!files.has(`${SCHEMAS_DIR}/${name}`)) {
      rmSync(join(root, SCHEMAS_DIR, name));
      console.log(`removed   contracts/${SCHEMAS_DIR}/${name}`);
    }
  }
}

main();
