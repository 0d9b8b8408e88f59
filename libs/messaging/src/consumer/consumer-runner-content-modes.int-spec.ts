// Both CloudEvents Kafka content modes against the real broker, with a real client: the official
// `cloudevents` SDK builds the records (its Kafka binding's binary and structured emitters) and a
// plain kafkajs producer sends them. The same event arrives at the handler as the same typed event
// in either mode, with its W3C trace continued; a binary record without `ce_type` is dead-lettered
// with a reason that names its headers, and the partition keeps flowing.
import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { CloudEvent as SdkCloudEvent, Kafka as CloudEventsKafka } from 'cloudevents';
import type { Message, Producer } from 'kafkajs';
import { AnyContractEvent, EventTypes } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { uniqueName } from '@governor/testing';
import { deadLetterFrom, deadLetterOf, MessagingTestKit } from '../../test/messaging-test-kit';
import type { RecordContext } from '..';

describe('ConsumerRunner with CloudEvents SDK producers (real Kafka)', () => {
  const kit = new MessagingTestKit();
  let producer: Producer;
  beforeAll(async () => {
    await kit.start({ tracing: true });
    producer = kit.kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await kit.close();
  });

  /** A stock level report as the SDK's CloudEvent, with the signature extension. */
  function sdkEvent(): SdkCloudEvent<object> {
    const example = exampleEvent(EventTypes.InventoryLevelReportedV1);
    return new SdkCloudEvent<object>({
      specversion: '1.0',
      id: uniqueName('evt'),
      source: 'urn:erp:plant-1000',
      type: example.type,
      subject: example.subject,
      time: '2025-03-03T08:15:00.000Z',
      datacontenttype: 'application/json',
      data: example.data as object,
      signature: 'eyJhbGciOiJFZERTQSIsImtpZCI6ImsxIn0..c2lnbmF0dXJl',
    });
  }

  /** The SDK's Kafka message as a kafkajs record: string header values, the value serialised. */
  function toRecord(
    message: { value: unknown; headers: Record<string, unknown> },
    traceparent?: string,
  ): Message & { headers: Record<string, string> } {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers)) if (value !== undefined) headers[name] = String(value);
    if (traceparent) headers['traceparent'] = traceparent;
    const value = typeof message.value === 'string' ? message.value : JSON.stringify(message.value);
    return { key: 'SKU-1@DC-1', value, headers };
  }

  function collect() {
    const received: { event: AnyContractEvent; ctx: RecordContext; traceId?: string }[] = [];
    const until = async (count: number, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} events arrived`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const handler = async (event: AnyContractEvent, ctx: RecordContext) => {
      received.push({ event, ctx, traceId: trace.getActiveSpan()?.spanContext().traceId });
    };
    return { received, handler, until };
  }

  it('hands the same event, sent in binary and in structured mode, to the handler as the same typed event', async () => {
    const topic = await kit.topic();
    const { received, handler, until } = collect();
    await kit.run(topic, handler);

    const event = sdkEvent();
    const traceId = randomBytes(16).toString('hex');
    const binary = toRecord(CloudEventsKafka.binary(event), `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    const structured = toRecord(CloudEventsKafka.structured(event));
    expect(binary.headers).toMatchObject({ ce_type: EventTypes.InventoryLevelReportedV1, 'content-type': 'application/json' });
    expect(structured.headers).toMatchObject({ 'content-type': 'application/cloudevents+json; charset=utf-8' });
    await producer.send({ topic: kit.publisher.namespace + topic, messages: [binary, structured] });

    await until(2);
    const [fromBinary, fromStructured] = received;
    expect(fromBinary.event).toEqual(fromStructured.event);
    expect(fromBinary.event).toMatchObject({
      id: event.id,
      source: 'urn:erp:plant-1000',
      type: EventTypes.InventoryLevelReportedV1,
      datacontenttype: 'application/json',
      signature: event['signature'],
    });
    expect(fromBinary.event.data).toMatchObject({ sku: expect.any(String), onHand: expect.any(Number) });
    expect(fromBinary.traceId).toBe(traceId);
  });

  it('dead-letters a binary record without ce_type with its reason, and handles the next one', async () => {
    const topic = await kit.topic();
    const deadLetters = await kit.deadLetters();
    const { received, handler, until } = collect();
    await kit.run(topic, handler);

    const untyped = sdkEvent();
    const poison = toRecord(CloudEventsKafka.binary(untyped));
    delete poison.headers['ce_type'];
    const next = sdkEvent();
    await producer.send({ topic: kit.publisher.namespace + topic, messages: [poison, toRecord(CloudEventsKafka.binary(next))] });

    await until(1);
    expect(received.map((r) => r.event.id)).toEqual([next.id]);
    const letter = deadLetterOf(await deadLetters.waitFor(deadLetterFrom(topic)));
    expect(letter).toMatchObject({ offset: '0', errorCode: 'not-an-envelope', original: poison.value });
    expect(letter.error).toContain('binary content mode');
    expect(letter.error).toContain('ce_type missing');
    expect(letter.error).toContain(`ce_id=${JSON.stringify(untyped.id)}`);
  });
});
