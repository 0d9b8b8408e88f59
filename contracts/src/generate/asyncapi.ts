// The AsyncAPI 3.0.0 description of Governor's public topics: a channel per topic, a message per
// event type with its JSON Schema payload, and whether Governor sends or receives it. Channels and
// operations follow the registry's order, which is the contract's; schemas are sorted by key.
import { type EventType } from '../registry/event-types';
import { HeaderKeys } from '../registry/headers';
import { TOPIC_REGISTRY, type TopicSpec } from '../registry/topics';
import { EVENT_DOCS } from './event-docs';
import { eventSchemaParts, type JsonSchema } from './json-schemas';
import { sortKeysDeep } from './sort-keys';

const SCHEMAS_REF_PREFIX = '#/components/schemas/';
const KAFKA_BINDING_VERSION = '0.5.0';
const HEADERS_SCHEMA = 'TraceContextHeaders';

function camelCase(name: string): string {
  return name
    .split(/[.-]/)
    .map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}

function channelId(topic: TopicSpec): string {
  return camelCase(topic.name);
}

function message(type: EventType): JsonSchema {
  const docs = EVENT_DOCS[type];
  return {
    name: type,
    title: docs.title,
    summary: docs.summary,
    contentType: 'application/json',
    headers: { $ref: `${SCHEMAS_REF_PREFIX}${HEADERS_SCHEMA}` },
    payload: { $ref: `${SCHEMAS_REF_PREFIX}${type}` },
    bindings: {
      kafka: { key: { type: 'string', description: docs.subject }, bindingVersion: KAFKA_BINDING_VERSION },
    },
  };
}

function channel(topic: TopicSpec): JsonSchema {
  return {
    address: topic.name,
    description: topic.description,
    messages: Object.fromEntries(
      topic.eventTypes.map((type) => [type, { $ref: `#/components/messages/${type}` }]),
    ),
    bindings: {
      kafka: {
        topic: topic.name,
        partitions: topic.partitions,
        topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy] },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

/** Governor receives what outside systems publish (docs/contract.md section 2) and sends the rest (section 4). */
function operation(topic: TopicSpec): [string, JsonSchema] {
  const action = topic.producedBy === 'external' ? 'receive' : 'send';
  const id = channelId(topic);
  return [
    `${action}${id.charAt(0).toUpperCase()}${id.slice(1)}`,
    {
      action,
      channel: { $ref: `#/channels/${id}` },
      summary:
        action === 'receive' ? `Governor consumes ${topic.name}.` : `Governor publishes to ${topic.name}.`,
      messages: topic.eventTypes.map((type) => ({ $ref: `#/channels/${id}/messages/${type}` })),
    },
  ];
}

function componentSchemas(types: readonly EventType[]): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {
    [HEADERS_SCHEMA]: {
      type: 'object',
      properties: {
        [HeaderKeys.Traceparent]: {
          type: 'string',
          description: 'W3C Trace Context; when present, the trace is continued.',
        },
        [HeaderKeys.Tracestate]: { type: 'string', description: 'W3C Trace Context vendor state.' },
      },
    },
  };
  for (const type of types) {
    const { envelope, definitions } = eventSchemaParts(type, SCHEMAS_REF_PREFIX);
    schemas[type] = envelope;
    for (const [name, schema] of definitions) schemas[name] = schema;
  }
  return schemas;
}

export function buildAsyncApi(): JsonSchema {
  const topics = TOPIC_REGISTRY.filter((topic) => topic.visibility === 'public');
  const types = topics.flatMap((topic) => topic.eventTypes);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Governor public contract',
      version: '1.1.0',
      description:
        'Every record is a CloudEvents 1.0 event, at most 256 KiB. Governor publishes in structured ' +
        'JSON mode: the record value is the whole event, as the payloads below describe it. On the ' +
        'topics Governor receives it also accepts the Kafka protocol binding binary mode: the value ' +
        'is `data`, each other attribute a `ce_<attribute>` header (`ce_signature` too), and ' +
        '`content-type: application/json`. ' +
        'Generated from @governor/contracts by `npm run contracts:generate`; do not edit by hand.',
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(topics.map((topic) => [channelId(topic), channel(topic)])),
    operations: Object.fromEntries(topics.map(operation)),
    components: {
      schemas: sortKeysDeep(componentSchemas(types)),
      messages: Object.fromEntries(types.map((type) => [type, message(type)])),
    },
  };
}
