// Where the browser tests save their screenshots. The README shows pictures under docs/, which a
// test run rewrites only when asked (GOVERNOR_UPDATE_SCREENSHOTS=1: after a change to a page), so
// that running the tests leaves the checkout as it found it; otherwise they go to a temporary
// folder, still taken (a failing screenshot fails the test).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The folder for screenshots whose published copies live in `docs/<folder>`. */
export function screenshotDir(folder: string): string {
  if (process.env.GOVERNOR_UPDATE_SCREENSHOTS === '1') {
    const dir = path.join(ROOT, 'docs', folder);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  return mkdtempSync(path.join(tmpdir(), `governor-screenshots-${folder.replaceAll('/', '-')}-`));
}
