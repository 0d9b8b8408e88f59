// GovernorStack (test/support) finds the services' compiled entry points relative to its own
// folder. That is right when jest runs it from test/support, and one level off when it runs
// compiled from dist/test/support, as the bench does (it would look in dist/dist/services). Until
// test/support resolves the workspace root itself, the bench starts the services from the right
// place; once it does, this changes nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '@governor/cli';
import { NodeProcess } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';

interface StackInternals {
  env: Record<string, string>;
  processes: Map<ServiceName, NodeProcess>;
  waitReady(service: ServiceName, child?: NodeProcess): Promise<void>;
}

export function useServicesFrom(root: string): void {
  const supportDir = path.dirname(require.resolve('../support/governor-stack'));
  if (existsSync(path.join(path.resolve(supportDir, '../..'), 'dist/services'))) return;
  const prototype = GovernorStack.prototype as unknown as { startService: (this: StackInternals, service: ServiceName, extraEnv?: Record<string, string>) => Promise<NodeProcess> };
  prototype.startService = async function (service, extraEnv = {}) {
    const child = new NodeProcess(path.join(root, `dist/services/${service}/src/main.js`), { ...this.env, ...extraEnv });
    this.processes.set(service, child);
    await this.waitReady(service, child);
    return child;
  };
}
