#!/usr/bin/env node
// One hop of the raw Kafka baseline (B0), run as its own process like a Governor service: plain
// kafkajs, batched consumption (eachBatch) and one batched, idempotent acks=all send per batch, no
// logic. It forwards each record's key and headers and writes a value of the size the matching
// Governor topic carries, then commits the batch's offsets (like the services, after the send).
import { ToolPrincipals } from '@governor/contracts';
import { createKafka, jsonLogger } from '@governor/messaging';

function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`b0-hop: ${name} is required\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const kafka = createKafka({ brokers: setting('BENCH_BROKERS').split(','), clientId: 'bench-b0-hop', logger: jsonLogger('b0-hop'), principal: ToolPrincipals.Bench });
  const out = setting('BENCH_OUT');
  const value = Buffer.alloc(Number(setting('BENCH_OUT_BYTES')), 'x');
  const perSend = Math.max(1, Math.floor(512 * 1024 / (value.length + 64)));
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: setting('BENCH_GROUP'), maxWaitTimeInMs: 250, allowAutoTopicCreation: false });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [setting('BENCH_IN')], fromBeginning: true });
  consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('hop ready\n'));
  await consumer.run({
    partitionsConsumedConcurrently: 2,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (batch.messages.length === 0) return;
      // New message objects without a timestamp: the record's CreateTime is this hop's send. A
      // request's record batch per partition must stay under the broker's max.message.bytes
      // (1 MiB by default), so a large fetched batch goes out in a few sends.
      const messages = batch.messages.map((m) => ({ key: m.key, value, headers: m.headers }));
      for (let i = 0; i < messages.length; i += perSend) {
        await producer.send({ topic: out, acks: -1, messages: messages.slice(i, i + perSend) });
      }
      resolveOffset(batch.lastOffset());
      await heartbeat();
    },
  });
  const stop = async () => {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`b0-hop failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
