// Cross-checks of the registry: every event type has a data class, a checked-in schema and
// exactly one topic (public or internal), and the topic specs say what docs/contract.md and docs/design.md say.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_CLASSES } from './data-classes';
import { EVENT_TYPE_VALUES, EventTypes, isEventType } from './event-types';
import { TOPIC_REGISTRY, Topics, domainOfTopic, topicOfEventType, topicSpec } from './topics';

const SCHEMAS_DIR = join(__dirname, '..', '..', 'schemas');

describe('event types', () => {
  it('are unique and versioned', () => {
    expect(new Set(EVENT_TYPE_VALUES).size).toBe(EVENT_TYPE_VALUES.length);
    for (const type of EVENT_TYPE_VALUES)
      expect(type).toMatch(/^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)?\.v\d+$/);
  });

  it.each(EVENT_TYPE_VALUES)('%s has a data class, a schema file and exactly one topic', (type) => {
    expect(typeof DATA_CLASSES[type]).toBe('function');
    expect(existsSync(join(SCHEMAS_DIR, `${type}.schema.json`))).toBe(true);
    const carriers = TOPIC_REGISTRY.filter((topic) => topic.eventTypes.includes(type));
    expect(carriers.map((topic) => topic.name)).toEqual([topicOfEventType(type)]);
  });

  it('has no data class without an event type', () => {
    expect(Object.keys(DATA_CLASSES).sort()).toEqual([...EVENT_TYPE_VALUES].sort());
  });

  it('recognises only exact type strings', () => {
    expect(isEventType(EventTypes.DecisionMadeV1)).toBe(true);
    expect(isEventType('toString')).toBe(false);
    expect(isEventType(undefined)).toBe(false);
  });
});

describe('topic registry', () => {
  it('lists every topic constant once', () => {
    expect(TOPIC_REGISTRY.map((topic) => topic.name).sort()).toEqual(Object.values(Topics).sort());
  });

  it('compacts only the topics that hold state: domain modes and audit checkpoints', () => {
    const compacted = TOPIC_REGISTRY.filter((topic) => topic.cleanupPolicy === 'compact').map(
      (topic) => topic.name,
    );
    expect(compacted).toEqual([Topics.DomainModesV1, Topics.AuditCheckpointsV1]);
  });

  it('gives source and action topics 6 partitions and governance topics 3', () => {
    for (const topic of TOPIC_REGISTRY.filter((spec) => spec.visibility === 'public')) {
      expect(topic.partitions).toBe(topic.name.startsWith('governance.') ? 3 : 6);
    }
  });

  it("lists Governor's internal topics, written by Governor, with their partitions", () => {
    const internal = TOPIC_REGISTRY.filter((topic) => topic.visibility === 'internal');
    expect(Object.fromEntries(internal.map((topic) => [topic.name, topic.partitions]))).toEqual({
      [Topics.QualityScoredV1]: 6,
      [Topics.FeedHealthV1]: 3,
      [Topics.ActionsProposedV1]: 6,
      [Topics.ModelHealthV1]: 3,
      [Topics.DomainHealthV1]: 3,
      [Topics.ApprovalsV1]: 3,
      [Topics.ReviewRequestsV1]: 3,
      [Topics.SecurityEventsV1]: 3,
      [Topics.AuditCheckpointsV1]: 1,
      [Topics.AuditEntriesV1]: 3,
      [Topics.ModelLifecycleV1]: 3,
    });
    for (const topic of internal) {
      expect(topic.name).toMatch(/^internal\./);
      expect(topic.producedBy).toBe('governor');
    }
    for (const topic of TOPIC_REGISTRY.filter((spec) => spec.visibility === 'public'))
      expect(topic.name).not.toMatch(/^internal\./);
  });

  it('says who writes each public topic', () => {
    const external = TOPIC_REGISTRY.filter((topic) => topic.producedBy === 'external').map(
      (topic) => topic.name,
    );
    expect(external.sort()).toEqual(
      [
        Topics.SourceInventoryV1,
        Topics.SourceOrdersV1,
        Topics.SourceProcurementV1,
        Topics.SourceCreditV1,
        Topics.SourceMasterDataV1,
        Topics.AgentsProposalsV1,
      ].sort(),
    );
  });

  it('looks topics up by name', () => {
    expect(topicSpec(Topics.DeadLetterV1)?.eventTypes).toEqual([EventTypes.DeadLetterV1]);
    expect(topicSpec(Topics.ApprovalsV1)?.eventTypes).toEqual([EventTypes.ApprovalResolvedV1]);
    expect(topicSpec('no.such.topic')).toBeUndefined();
  });

  it('takes the business domain from the second word of a source topic', () => {
    expect(domainOfTopic(Topics.SourceInventoryV1)).toBe('inventory');
    expect(domainOfTopic(Topics.SourceCreditV1)).toBe('credit');
    expect(domainOfTopic(Topics.AgentsProposalsV1)).toBeUndefined();
    // Master data serves every domain and is no domain's feed.
    expect(domainOfTopic(Topics.SourceMasterDataV1)).toBeUndefined();
    expect(domainOfTopic('source.weather.v1')).toBeUndefined();
  });
});
