// The machine a benchmark ran on, recorded beside its figures: cores, memory, CPU model, Node,
// Kafka (from the jars infra/kafka fetched, the broker the bench ran against) and Postgres.
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { testDatabaseUrl } from '@governor/testing';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  kafka: string;
  postgres: string;
  /** 1-minute load average when the bench started: other work on the machine shows here. */
  loadAverageAtStart: number;
}

function kafkaVersion(root: string): string {
  if (process.env.KAFKA_BROKERS) return `external cluster (${process.env.KAFKA_BROKERS})`;
  const libs = path.join(root, 'infra/.data/kafka/libs');
  if (!existsSync(libs)) return 'unknown';
  const jar = readdirSync(libs).find((f) => /^kafka-server-\d[\w.-]*\.jar$/.test(f));
  const version = jar?.match(/^kafka-server-(.+)\.jar$/)?.[1];
  return version ? `Apache Kafka ${version} (KRaft, single node)` : 'unknown';
}

async function postgresVersion(): Promise<string> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version}`;
  } catch {
    return 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function machineInfo(root: string): Promise<MachineInfo> {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `Linux ${release()}`,
    node: process.version,
    kafka: kafkaVersion(root),
    postgres: await postgresVersion(),
    loadAverageAtStart: Math.round(loadavg()[0] * 100) / 100,
  };
}
