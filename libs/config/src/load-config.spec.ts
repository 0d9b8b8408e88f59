import { ConfigError, EnvReader, loadConfig, readCommonConfig, readGroupId } from '.';

describe('loadConfig', () => {
  it('builds a typed value from the environment with defaults', () => {
    const config = loadConfig((r) => readCommonConfig(r, 'policy-enforcement', 3003), {});
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.httpPort).toBe(3003);
    expect(config.usingDefaultJwtSecret).toBe(true);
    expect(config.jwt).toEqual({ algorithm: 'HS256', secret: 'governor-dev-secret' });
  });

  it('names a consumer group per service and topic namespace, so two stacks on one broker never share one', () => {
    const groupOf = (env: Record<string, string>) => loadConfig((r) => readGroupId(r, 'policy-enforcement'), env);
    expect(groupOf({})).toBe('governor.policy-enforcement');
    expect(groupOf({ GOVERNOR_TOPIC_NAMESPACE: 'demo-7.' })).toBe('governor.policy-enforcement.demo-7');
    expect(groupOf({ GOVERNOR_TOPIC_NAMESPACE: 'demo-7.', POLICY_ENFORCEMENT_GROUP_ID: 'governor.policy-enforcement.blue' })).toBe(
      'governor.policy-enforcement.blue',
    );
  });

  it('honours PORT_<SERVICE> and KAFKA_BROKERS', () => {
    const config = loadConfig((r) => readCommonConfig(r, 'policy-enforcement', 3003), {
      PORT_POLICY_ENFORCEMENT: '4003',
      KAFKA_BROKERS: 'a:9092, b:9093',
      GOVERNOR_JWT_SECRET: 's3cret',
    });
    expect(config.httpPort).toBe(4003);
    expect(config.kafkaBrokers).toEqual(['a:9092', 'b:9093']);
    expect(config.usingDefaultJwtSecret).toBe(false);
  });

  it('reads how consumers fetch: at once by default, a transaction at most every 25 ms, or waiting for bytes up to a time', () => {
    expect(loadConfig((r) => readCommonConfig(r, 'data-quality', 3001), {}).kafkaFetch).toEqual({
      minBytes: 1,
      maxWaitMs: 1_000,
      groupIntervalMs: 25,
    });
    const lingering = loadConfig((r) => readCommonConfig(r, 'data-quality', 3001), {
      KAFKA_FETCH_MIN_BYTES: '16384',
      KAFKA_FETCH_MAX_WAIT_MS: '100',
      KAFKA_GROUP_INTERVAL_MS: '0',
    });
    expect(lingering.kafkaFetch).toEqual({ minBytes: 16384, maxWaitMs: 100, groupIntervalMs: 0 });
    expect(() =>
      loadConfig((r) => readCommonConfig(r, 'data-quality', 3001), {
        KAFKA_FETCH_MIN_BYTES: '0',
        KAFKA_FETCH_MAX_WAIT_MS: 'soon',
        KAFKA_GROUP_INTERVAL_MS: '5000',
      }),
    ).toThrow(/KAFKA_FETCH_MIN_BYTES: must be >= 1[\s\S]*KAFKA_FETCH_MAX_WAIT_MS: must be an integer[\s\S]*KAFKA_GROUP_INTERVAL_MS: must be <= 1000/);
  });

  it('reads how long the messaging tables keep rows and how often they are pruned', () => {
    expect(loadConfig((r) => readCommonConfig(r, 'data-quality', 3001), {}).messagingRetention).toEqual({
      outboxKeepHours: 24,
      inboxKeepHours: 168,
      pruneIntervalSeconds: 600,
    });
    const kept = loadConfig((r) => readCommonConfig(r, 'data-quality', 3001), {
      OUTBOX_KEEP_HOURS: '2',
      INBOX_KEEP_HOURS: '720',
      MESSAGING_PRUNE_INTERVAL_SECONDS: '60',
    });
    expect(kept.messagingRetention).toEqual({
      outboxKeepHours: 2,
      inboxKeepHours: 720,
      pruneIntervalSeconds: 60,
    });
    expect(() =>
      loadConfig((r) => readCommonConfig(r, 'data-quality', 3001), {
        OUTBOX_KEEP_HOURS: '0',
        INBOX_KEEP_HOURS: 'a week',
      }),
    ).toThrow(/OUTBOX_KEEP_HOURS: must be >= 1[\s\S]*INBOX_KEEP_HOURS: must be an integer/);
  });

  it('names every bad variable in one error', () => {
    const build = () =>
      loadConfig((r) => readCommonConfig(r, 'circuit-breaker', 3006), {
        PORT_CIRCUIT_BREAKER: 'eighty',
        KAFKA_BROKERS: 'localhost',
        DATABASE_URL: 'mysql://x@y/z',
      });
    expect(build).toThrow(ConfigError);
    try {
      build();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT_CIRCUIT_BREAKER: must be an integer');
      expect(message).toContain('KAFKA_BROKERS: "localhost" is not host:port');
      expect(message).toContain('DATABASE_URL: must use postgres or postgresql');
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it('reports required, range, boolean and enum problems', () => {
    const reader = new EnvReader({ RATE: '2', FLAG: 'maybe', MODE: 'x' });
    reader.string('MISSING');
    reader.number('RATE', { max: 1 });
    reader.boolean('FLAG');
    reader.oneOf('MODE', ['a', 'b'] as const);
    expect(() => reader.finish(null)).toThrow(
      /MISSING: is required and not set[\s\S]*RATE: must be <= 1, got 2[\s\S]*FLAG: must be true or false[\s\S]*MODE: must be one of a, b/,
    );
  });

  it('never echoes a password from a bad URL', () => {
    expect(() =>
      loadConfig((r) => r.url('DATABASE_URL', ['postgres']), { DATABASE_URL: 'postgres://u:hunter2@' }),
    ).toThrow(/^(?![\s\S]*hunter2)/);
  });
});
