import { ConfigError, loadConfig } from '@governor/config';
import { EventTypes, Topics } from '@governor/contracts';
import { readDataQualityConfig, typeVariable } from './config';
import { DEFAULT_SCORING_CONFIG } from './domain/scoring-config';

const load = (env: Record<string, string>) => loadConfig(readDataQualityConfig, env);

describe('data-quality configuration', () => {
  it('defaults to the schema data_quality, group governor.data-quality, port 3001 and the default scoring', () => {
    const config = load({});
    expect(config).toMatchObject({ schema: 'data_quality', groupId: 'governor.data-quality', httpPort: 3001, healthIntervalSeconds: 10 });
    expect(config.staleAfterSeconds[Topics.SourceCreditV1]).toBe(60);
    expect(config.scoring).toEqual(DEFAULT_SCORING_CONFIG);
  });

  it('reads weights, limits, per-topic staleness, per-type expectations and expected feeds', () => {
    const config = load({
      DQ_WEIGHT_VALIDITY: '0.6',
      DQ_MAX_JUMP_FACTOR: '100',
      DQ_STALE_AFTER_SECONDS: '2',
      DQ_STALE_AFTER_SECONDS_CREDIT: '3600',
      DQ_EXPECTED_AGE_SECONDS_INVENTORY_LEVEL_REPORTED: '60',
      DQ_EXPECTED_FEEDS: 'urn:wms:dc-east|source.inventory.v1, urn:finance:ar|source.credit.v1',
    });
    expect(config.scoring.weights.validity).toBe(0.6);
    expect(config.scoring.limits.maxJumpFactor).toBe(100);
    expect(config.staleAfterSeconds).toEqual({
      [Topics.SourceInventoryV1]: 2,
      [Topics.SourceOrdersV1]: 2,
      [Topics.SourceProcurementV1]: 2,
      [Topics.SourceCreditV1]: 3600,
    });
    expect(config.scoring.timeliness.expectedAgeSeconds[EventTypes.InventoryLevelReportedV1]).toBe(60);
    expect(config.expectedFeeds).toEqual([
      { feedSource: 'urn:wms:dc-east', topic: Topics.SourceInventoryV1 },
      { feedSource: 'urn:finance:ar', topic: Topics.SourceCreditV1 },
    ]);
  });

  it('reads per-feed staleness for a feed whose cadence differs from its topic', () => {
    const config = load({ DQ_FEED_STALE_AFTER_SECONDS: 'urn:erp:sales|source.inventory.v1=90000, urn:tms:hub|source.orders.v1=600.5' });
    expect(config.feedStaleAfterSeconds).toEqual({
      'urn:erp:sales|source.inventory.v1': 90000,
      'urn:tms:hub|source.orders.v1': 600.5,
    });
    expect(() => load({ DQ_FEED_STALE_AFTER_SECONDS: 'urn:erp:sales|source.inventory.v1' })).toThrow(/DQ_FEED_STALE_AFTER_SECONDS: "urn:erp:sales\|source.inventory.v1" is not/);
    expect(() => load({ DQ_FEED_STALE_AFTER_SECONDS: 'x|source.nowhere.v1=5' })).toThrow(/DQ_FEED_STALE_AFTER_SECONDS/);
  });

  it('names every bad variable', () => {
    expect(() =>
      load({
        DQ_WEIGHT_COMPLETENESS: '0',
        DQ_WEIGHT_VALIDITY: '0',
        DQ_WEIGHT_TIMELINESS: '0',
        DQ_WEIGHT_CONSISTENCY: '0',
        DQ_WEIGHT_UNIQUENESS: '0',
        DQ_VALIDITY_ISSUE_PENALTY: '2',
        DQ_EXPECTED_FEEDS: 'no-topic-here',
        DATA_QUALITY_DB_SCHEMA: 'Bad-Schema',
      }),
    ).toThrow(ConfigError);
    let message = '';
    try {
      load({ DQ_VALIDITY_ISSUE_PENALTY: '2', DQ_EXPECTED_FEEDS: 'x|source.nowhere.v1', DQ_HEALTH_INTERVAL_SECONDS: 'soon' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('DQ_VALIDITY_ISSUE_PENALTY: must be <= 1');
    expect(message).toContain('DQ_EXPECTED_FEEDS');
    expect(message).toContain('DQ_HEALTH_INTERVAL_SECONDS: must be a number');
  });

  it('reads the governance scoring and retention settings, and refuses feed statistics kept shorter than twice the window', () => {
    const config = load({ DQ_UNTRUSTED_SOURCE_SCORE: '0.2', DQ_MAX_MASTER_COST_DEVIATION: '0.25', DQ_FEED_STATS_KEEP_HOURS: '2' });
    expect(config.scoring).toMatchObject({ untrustedSourceScore: 0.2, maxMasterCostDeviation: 0.25, masterDataIssuePenalty: 0.5 });
    expect(config.feedStatsKeepHours).toBe(2);
    expect(load({}).feedStatsKeepHours).toBe(24);
    expect(() => load({ DQ_WINDOW_SECONDS: '3600', DQ_FEED_STATS_KEEP_HOURS: '1' })).toThrow(/DQ_FEED_STATS_KEEP_HOURS: must cover twice DQ_WINDOW_SECONDS/);
    expect(() => load({ DQ_UNTRUSTED_SOURCE_SCORE: '1.5' })).toThrow(/DQ_UNTRUSTED_SOURCE_SCORE/);
  });

  it('names per-type variables after the type', () => {
    expect(typeVariable(EventTypes.ProcurementSupplierDeliveryRecordedV1)).toBe('PROCUREMENT_SUPPLIER_DELIVERY_RECORDED');
  });
});
