import type { Domain } from '@governor/contracts';
import { domainDataQuality, type FeedHealth } from './data-quality';

function feed(domain: Domain, meanScore: number | null, stale = false, feedSource = 'wms', trusted = true): FeedHealth {
  return { feedSource, topic: `source.${domain}.v1`, domain, meanScore, stale, trusted };
}

describe('domainDataQuality', () => {
  it("is the lowest score among the domain's feeds, naming its stale ones", () => {
    const feeds = [feed('inventory', 0.9), feed('inventory', 0.8, true, 'scanner'), feed('orders', 0.1)];
    expect(domainDataQuality(feeds, 'inventory')).toEqual({
      score: 0.8,
      issues: ['stale feed scanner|source.inventory.v1'],
    });
  });

  it('names a feed whose source is not registered, whose low score it takes', () => {
    const feeds = [feed('procurement', 0.99, false, 'erp'), feed('procurement', 0.5, false, 'urn:erp:rogue', false)];
    expect(domainDataQuality(feeds, 'procurement')).toEqual({
      score: 0.5,
      issues: ['untrusted feed urn:erp:rogue|source.procurement.v1'],
    });
  });

  it('is the lowest of all feeds for planning, which has none of its own', () => {
    expect(domainDataQuality([feed('inventory', 0.9), feed('orders', 0.6)], 'planning').score).toBe(0.6);
  });

  it('is 0 when no feed of the domain has a score', () => {
    expect(domainDataQuality([feed('procurement', null), feed('orders', 0.9)], 'procurement')).toEqual({
      score: 0,
      issues: ['no data-quality score reported for procurement'],
    });
  });
});
