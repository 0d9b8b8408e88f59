// The console as a process beside a test's GovernorStack, started as `npm start` starts it (the
// compiled main.js), its pass-through pointed at the stack's ports.
import path from 'node:path';
import { DEFAULT_PORTS, type ServiceName } from '@governor/cli';
import { freePort, NodeProcess } from '@governor/testing';
import type { GovernorStack } from '../../support/governor-stack';

const ROOT = path.resolve(__dirname, '../../..');
export const CONSOLE_MAIN = path.join(ROOT, 'dist/services/console/src/main.js');

export async function startConsole(stack: GovernorStack, env: Record<string, string> = {}): Promise<{ url: string; process: NodeProcess }> {
  const port = freePort();
  const ports = Object.fromEntries((Object.keys(DEFAULT_PORTS) as ServiceName[]).map((s) => [`PORT_${s.toUpperCase().replace(/-/g, '_')}`, String(stack.ports[s])]));
  const child = new NodeProcess(CONSOLE_MAIN, { ...ports, PORT_CONSOLE: String(port), ...env });
  await child.waitForOutput(/ready on/);
  return { url: `http://127.0.0.1:${port}`, process: child };
}
