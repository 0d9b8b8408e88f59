// A Kafka broker of a test's or the bench's own, beside the one everything else uses: started with
// infra/kafka/kafka.sh on free ports and a data folder of its own (the jars are the local broker's),
// with the security and extra listener settings given, and stopped with its folder removed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localDataDir } from '@governor/config';
import { freePortBlock } from '@governor/testing';

// From test/support in the source tree, or dist/test/support when run compiled (the benchmarks).
const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../..' : '../..');
const KAFKA_SH = path.join(ROOT, 'infra', 'kafka', 'kafka.sh');

export interface OwnBrokerOptions {
  security: 'scram' | 'plaintext';
  /** Extra kafka.sh settings, e.g. a TLS listener's; `ports` gives them the third free port. */
  env?: (ports: { broker: number; controller: number; spare: number }) => Record<string, string>;
  heap?: string;
  log?: (line: string) => void;
}

export class OwnBroker {
  private constructor(
    readonly port: number,
    readonly spare: number,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static start(options: OwnBrokerOptions): OwnBroker {
    const dir = mkdtempSync(path.join(tmpdir(), 'governor-own-broker-'));
    const base = freePortBlock(3);
    const env: NodeJS.ProcessEnv = {
      // None of the environment's Kafka settings: they describe the broker everything else uses.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KAFKA_'))),
      GOVERNOR_DATA_DIR: dir,
      KAFKA_LIBS_DIR: process.env.KAFKA_LIBS_DIR ?? path.join(localDataDir(), 'kafka', 'libs'),
      KAFKA_SECURITY: options.security,
      KAFKA_PORT: String(base),
      KAFKA_CONTROLLER_PORT: String(base + 1),
      ...(options.heap ? { KAFKA_HEAP_OPTS: options.heap } : {}),
      ...options.env?.({ broker: base, controller: base + 1, spare: base + 2 }),
    };
    options.log?.(`starting a ${options.security} broker of its own on 127.0.0.1:${base}`);
    execFileSync('bash', [KAFKA_SH, 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    return new OwnBroker(base, base + 2, dir, env);
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Where kafka.sh keeps a principal's password on this broker (scram only). */
  credentialsFile(principal: string): string {
    return path.join(this.dir, 'kafka', 'credentials', principal);
  }

  stop(): void {
    try {
      execFileSync('bash', [KAFKA_SH, 'stop'], { env: this.env, stdio: ['ignore', 'ignore', 'ignore'] });
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
