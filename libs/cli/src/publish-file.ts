// `governor publish FILE [--topic T]`: publishes a file of CloudEvents (a JSON array, one object,
// or JSON lines) to Kafka, each to the topic the registry names for its type unless --topic is
// given. Every event is validated first; nothing is published when one is invalid.
import { readFileSync } from 'node:fs';
import { parse, topicOfEventType, ToolPrincipals, type EventType } from '@governor/contracts';
import { createKafka, EventPublisher } from '@governor/messaging';

export async function publishFile(file: string, topic: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const text = readFileSync(file, 'utf8').trim();
  const items: unknown[] = text.startsWith('[') ? (JSON.parse(text) as unknown[]) : text.startsWith('{') && !text.includes('\n{') ? [JSON.parse(text)] : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
  const records = items.map((item, index) => {
    const parsed = parse({ value: JSON.stringify(item), topic });
    if (!parsed.ok) throw new Error(`event ${index + 1} of ${file} is not accepted: ${parsed.error.code}: ${parsed.error.message}`);
    return { topic: topic ?? topicOfEventType(parsed.event.type as EventType), event: parsed.event };
  });
  const kafka = createKafka({ brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'governor-cli', principal: ToolPrincipals.Operator });
  const publisher = new EventPublisher(kafka, { namespace: env.GOVERNOR_TOPIC_NAMESPACE ?? '' });
  await publisher.connect();
  try {
    await publisher.publishAll(records);
  } finally {
    await publisher.disconnect();
  }
  return records.length;
}
