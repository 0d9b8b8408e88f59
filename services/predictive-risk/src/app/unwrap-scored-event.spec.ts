import { EventTypes, Topics } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { classifyError } from '@governor/messaging';
import { ScoredEventErrors, unwrapScoredEvent } from './unwrap-scored-event';

describe('unwrapScoredEvent', () => {
  it('returns the carried source event, validated and typed', () => {
    const event = unwrapScoredEvent(exampleEvent(EventTypes.QualityEventScoredV1));
    expect(event.type).toBe(EventTypes.InventoryLevelReportedV1);
    if (event.type !== EventTypes.InventoryLevelReportedV1) throw new Error('narrowing');
    expect(event.data.onHand).toBe(120);
  });

  it('refuses, for the dead-letter topic, a carried event that is invalid or on the wrong topic', () => {
    const invalid = exampleEvent(EventTypes.QualityEventScoredV1);
    invalid.data.event = { ...invalid.data.event, data: { sku: 'SKU-1' } };
    const wrongTopic = exampleEvent(EventTypes.QualityEventScoredV1);
    wrongTopic.data.sourceTopic = Topics.SourceCreditV1;
    for (const scored of [invalid, wrongTopic]) {
      let thrown: unknown;
      try {
        unwrapScoredEvent(scored);
      } catch (error) {
        thrown = error;
      }
      expect(classifyError(thrown)).toMatchObject({
        code: ScoredEventErrors.InvalidSourceEvent,
        retriable: false,
      });
    }
  });
});
