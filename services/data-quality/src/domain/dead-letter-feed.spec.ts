import { Topics } from '@governor/contracts';
import { feedOfDeadLetter } from './dead-letter-feed';

describe('feedOfDeadLetter', () => {
  it('ignores dead letters of topics that are not source topics', () => {
    expect(feedOfDeadLetter({ topic: Topics.AgentsProposalsV1, original: '{"source":"urn:agent:x"}' })).toBeUndefined();
    expect(feedOfDeadLetter({ topic: Topics.QualityScoredV1, original: '' })).toBeUndefined();
  });

  it('finds the source of an original that is JSON', () => {
    const original = JSON.stringify({ specversion: '1.0', source: 'urn:wms:dc-east', type: 'nonsense' });
    expect(feedOfDeadLetter({ topic: Topics.SourceInventoryV1, original })).toEqual({
      topic: Topics.SourceInventoryV1,
      feedSource: 'urn:wms:dc-east',
    });
  });

  it('finds the source of an original cut short (no longer JSON) by its pattern', () => {
    const original = '{"id":"1","source":"urn:erp:plant\\u002d1000","data":{"lines":[{"sku":"A"';
    expect(feedOfDeadLetter({ topic: Topics.SourceOrdersV1, original })?.feedSource).toBe('urn:erp:plant-1000');
  });

  it('attributes what has no usable source to the feed "unknown"', () => {
    for (const original of ['not json at all', '', '[1,2]', '{"source": 42}', '{"source": "has spaces in it"}', '{"source": "urn:erp:\\u0000"}', '{"source": "urn:\\u0007bell"}', `{"source":"${'x'.repeat(300)}"}`]) {
      expect(feedOfDeadLetter({ topic: Topics.SourceCreditV1, original })).toEqual({ topic: Topics.SourceCreditV1, feedSource: 'unknown' });
    }
  });
});
