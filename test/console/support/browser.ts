// Debian's Chromium for the console's browser tests, driven by playwright-core: the path from
// CHROMIUM_PATH or /usr/bin/chromium. The tests never download a browser; without one they fail
// saying how to install it (.ci/run installs it in CI).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const executable = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executable)) {
    throw new Error(
      `no Chromium at ${executable}: the console's browser tests drive Debian's chromium ` +
        '(apt-get install chromium) or the one CHROMIUM_PATH names; they never download a browser',
    );
  }
  return executable;
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs the tests as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
}
