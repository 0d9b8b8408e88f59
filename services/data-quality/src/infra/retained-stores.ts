// The stores data-quality prunes past their limits with the service's StoreRetention (README
// "Retention"): feed statistics (the window's buckets) and the business keys of the uniqueness
// dimension. Subject states, the source registry and master data are current state, not history:
// they are kept.
import type { RetainedStore } from '@governor/messaging';
import type { DataQualityConfig } from '../config';

const HOUR_MS = 3_600_000;

export function retainedStores({ schema, feedStatsKeepHours, businessKeyRetentionDays }: DataQualityConfig): RetainedStore[] {
  return [
    { name: 'feed-statistics', table: `"${schema}".feed_buckets`, timeColumn: 'bucket_start', keepMs: feedStatsKeepHours * HOUR_MS },
    { name: 'business-keys', table: `"${schema}".business_keys`, timeColumn: 'first_seen_at', keepMs: businessKeyRetentionDays * 24 * HOUR_MS },
  ];
}
