// `governor publish FILE`: a file of CloudEvents goes to the topics the registry names for their
// types, and a file with one invalid event publishes nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { createKafka } from '@governor/messaging';
import { createTopicNamespace, testKafkaBrokers, TopicRecorder, uniqueName } from '@governor/testing';
import { publishFile } from './publish-file';

describe('publishFile (real Kafka)', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'cli-test' });
  const dir = mkdtempSync(path.join(tmpdir(), 'governor-cli-'));

  it('publishes each event to its topic, and nothing when one event is invalid', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const namespace = await createTopicNamespace(admin, 'cli');
    await admin.disconnect();
    const recorder = await TopicRecorder.start(kafka, [namespace + Topics.SourceInventoryV1, namespace + Topics.SourceCreditV1]);
    const env = { KAFKA_BROKERS: testKafkaBrokers().join(','), GOVERNOR_TOPIC_NAMESPACE: namespace };
    try {
      const level = { ...exampleEvent(EventTypes.InventoryLevelReportedV1), id: uniqueName('lvl') };
      const credit = { ...exampleEvent(EventTypes.CreditCustomerExposureUpdatedV1), id: uniqueName('cr') };
      const good = path.join(dir, 'good.jsonl');
      writeFileSync(good, `${JSON.stringify(level)}\n${JSON.stringify(credit)}\n`);
      expect(await publishFile(good, undefined, env)).toBe(2);
      const got = await recorder.waitForCount(() => true, 2);
      expect(got.map((m) => [m.topic, (m.json as { id: string }).id]).sort()).toEqual(
        [
          [namespace + Topics.SourceInventoryV1, level.id],
          [namespace + Topics.SourceCreditV1, credit.id],
        ].sort(),
      );

      const bad = path.join(dir, 'bad.json');
      const invalid = { ...level, id: uniqueName('lvl'), data: { ...level.data, onHand: -1 } };
      writeFileSync(bad, JSON.stringify([{ ...level, id: uniqueName('lvl') }, invalid]));
      await expect(publishFile(bad, undefined, env)).rejects.toThrow(/event 2 of .*bad.json is not accepted: invalid-payload/);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(recorder.messages).toHaveLength(2);
    } finally {
      await recorder.stop();
    }
  });
});
