// Where the deployment files live, found from the compiled or the source file alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository's deploy/ folder: the nearest ancestor folder named deploy that holds project.json. */
export function deployDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'deploy', 'project.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no deploy/project.json above ${__dirname}`);
    dir = parent;
  }
  return join(dir, 'deploy');
}

export function baseDir(): string {
  return join(deployDir(), 'k8s', 'base');
}
