// `npm run deploy:generate` (after a build): writes deploy/k8s/base from the topic registry and
// the process catalogue. The overlays beside it are written by hand.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { renderBase } from './render';
import { baseDir } from './paths';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

function main(): void {
  const root = baseDir();
  const files = renderBase();
  for (const [path, content] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    const previous = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (previous !== content) writeFileSync(target, content);
    console.log(`${previous === content ? 'unchanged' : 'wrote    '} deploy/k8s/base/${path}`);
  }
  for (const file of filesUnder(root)) {
    const path = relative(root, file);
    if (!files.has(path)) {
      rmSync(file);
      console.log(`removed   deploy/k8s/base/${path}`);
    }
  }
}

main();
