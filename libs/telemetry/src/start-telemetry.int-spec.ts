// startTelemetry in a real process: the pg instrumentation patches the library loaded after it, and
// the spans reach an OTLP/HTTP endpoint named by OTEL_EXPORTER_OTLP_ENDPOINT, all in one trace, under
// the service's name. kafkajs is left alone: @governor/messaging makes the Kafka spans itself.
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { kafkaClientOptions, kafkaSecurityFromEnv } from '@governor/config';
import { createTestTopic, NodeProcess, testDatabaseUrl, testKafkaBrokers } from '@governor/testing';

const FIXTURE = path.resolve(__dirname, '../../../dist/libs/telemetry/test/fixtures/traced-work.js');

interface ExportedSpan {
  name: string;
  traceId: string;
}

describe('startTelemetry (real process, Kafka and Postgres)', () => {
  const bodies: { path: string; contentType: string; json: unknown }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        json = undefined;
      }
      bodies.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', json });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('exports the pg spans of a trace over OTLP/HTTP, and leaves kafkajs uninstrumented', async () => {
    const admin = new Kafka({ brokers: testKafkaBrokers(), clientId: 'telemetry-test', logLevel: logLevel.NOTHING, ...(kafkaClientOptions(kafkaSecurityFromEnv(undefined)) as Pick<KafkaConfig, 'sasl' | 'ssl'>) }).admin();
    await admin.connect();
    const topic = await createTestTopic(admin, 'otel');
    await admin.disconnect();
    const { port } = server.address() as AddressInfo;

    const child = new NodeProcess(FIXTURE, {
      FIXTURE_TOPIC: topic,
      DATABASE_URL: testDatabaseUrl(),
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    const exit = await child.exited;
    expect({ code: exit.code, output: child.output }).toMatchObject({ code: 0 });
    expect(child.output).toContain('exporting=true');

    const traces = bodies.filter((b) => b.path === '/v1/traces');
    // Traces only, as JSON; metrics are served by each service's /metrics, not pushed.
    expect(new Set(bodies.map((b) => `${b.path} ${b.contentType}`))).toEqual(new Set(['/v1/traces application/json']));
    expect(traces.length).toBeGreaterThan(0);
    const resourceSpans = traces.flatMap((b) => (b.json as { resourceSpans: ResourceSpans[] }).resourceSpans);
    const serviceNames = resourceSpans.flatMap((r) => r.resource.attributes.filter((a) => a.key === 'service.name').map((a) => a.value.stringValue));
    expect(serviceNames).toContain('telemetry-fixture');
    const spans: ExportedSpan[] = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    const names = spans.map((s) => s.name);
    expect(names).toContain('fixture work');
    expect(names.some((n) => /SELECT|pg\.query/i.test(n))).toBe(true);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    // Left out: taking a pooled connection, and any span of kafkajs's (its send, poll and process
    // spans: EventPublisher and the consumer runner make the Kafka spans); the fixture's consumer did
    // receive the record, with the fixture span's context.
    expect(names.filter((n) => /connect/.test(n))).toEqual([]);
    expect(names.filter((n) => /^(send|process|poll|receive)\b/.test(n))).toEqual([]);
    expect(child.output).toContain('kafkajs instrumented=false');
    // Exporting, spans are recorded and their context is sampled.
    const traceId = /recording=true traceId=([0-9a-f]{32})/.exec(child.output)?.[1];
    expect(spans.map((s) => s.traceId)).toContain(traceId);
    expect(child.output).toMatch(new RegExp(`received traceparent=00-${traceId}-[0-9a-f]{16}-01`));
    expect(child.output).toContain('pg instrumented=true');
  });

  it('without an endpoint records no span and leaves pg alone, but trace context still travels in the headers (unsampled)', async () => {
    const admin = new Kafka({ brokers: testKafkaBrokers(), clientId: 'telemetry-test', logLevel: logLevel.NOTHING, ...(kafkaClientOptions(kafkaSecurityFromEnv(undefined)) as Pick<KafkaConfig, 'sasl' | 'ssl'>) }).admin();
    await admin.connect();
    const topic = await createTestTopic(admin, 'otel');
    await admin.disconnect();
    const before = bodies.length;

    const child = new NodeProcess(FIXTURE, { FIXTURE_TOPIC: topic, DATABASE_URL: testDatabaseUrl(), KAFKA_BROKERS: testKafkaBrokers().join(',') });
    const exit = await child.exited;
    expect({ code: exit.code, output: child.output }).toMatchObject({ code: 0 });
    expect(child.output).toContain('exporting=false');
    const traceId = /recording=false traceId=([0-9a-f]{32})/.exec(child.output)?.[1];
    expect(traceId).toBeDefined();
    expect(traceId).not.toBe('0'.repeat(32));
    expect(child.output).toMatch(new RegExp(`received traceparent=00-${traceId}-[0-9a-f]{16}-00`));
    expect(bodies.length).toBe(before);
    expect(child.output).toContain('pg instrumented=false');
    expect(child.output).toContain('kafkajs instrumented=false');
  });
});

interface ResourceSpans {
  resource: { attributes: { key: string; value: { stringValue?: string } }[] };
  scopeSpans: { spans: ExportedSpan[] }[];
}
