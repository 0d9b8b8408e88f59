// The service's own Prometheus metrics, on the registry runService() serves at /metrics: events
// scored and their scores, issues by dimension, invalid records and duplicates dropped, and the
// latest health of every feed (mean score, invalid ratio, silence, staleness).
import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@governor/nest';
import type { FeedHealthReportedV1 } from '@governor/contracts';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { QualityScore } from '../domain/score-event';
import { DIMENSIONS, GOVERNANCE_DIMENSIONS } from '../domain/scoring-config';

const SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, 1];

@Injectable()
export class QualityMetrics {
  private readonly scored: Counter;
  private readonly scores: Histogram;
  private readonly issues: Counter;
  private readonly invalid: Counter;
  private readonly feedMeanScore: Gauge;
  private readonly feedInvalidRatio: Gauge;
  private readonly feedSilence: Gauge;
  private readonly feedStale: Gauge;
  private readonly feedRate: Gauge;
  private readonly feedTrusted: Gauge;
  private readonly masterDataNotKept: Counter;
  private duplicates: () => number = () => 0;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.scored = metrics.counter('data_quality_events_scored_total', 'Source events scored', ['topic', 'feed']);
    this.scores = metrics.histogram('data_quality_event_score', 'Overall quality score of scored events', SCORE_BUCKETS, ['topic']);
    this.issues = metrics.counter('data_quality_issues_total', 'Issues found, by dimension and code', ['dimension', 'code']);
    this.invalid = metrics.counter('data_quality_invalid_records_total', 'Source records dead-lettered as invalid', ['topic', 'feed']);
    metrics.mirroredCounter(
      'data_quality_duplicates_dropped_total',
      'Records dropped as repeats of an already handled (source, id)',
      [],
      (observe) => observe(this.duplicates()),
    );
    const feed = ['topic', 'feed'];
    this.feedMeanScore = metrics.gauge('data_quality_feed_mean_score', 'Mean score of a feed over the window (absent: none scored)', feed);
    this.feedInvalidRatio = metrics.gauge('data_quality_feed_invalid_ratio', 'Share of a feed\'s records in the window that were invalid', feed);
    this.feedSilence = metrics.gauge('data_quality_feed_seconds_since_last_event', 'Seconds since a feed\'s last record', feed);
    this.feedStale = metrics.gauge('data_quality_feed_stale', '1 when a feed is stale', feed);
    this.feedRate = metrics.gauge('data_quality_feed_events_per_minute', 'Records per minute of a feed over the window', feed);
    this.feedTrusted = metrics.gauge('data_quality_feed_trusted', '1 when a feed\'s source is registered for its topic (or the topic is open)', feed);
    this.masterDataNotKept = metrics.counter(
      'data_quality_master_data_untrusted_total',
      'Master data records not kept because their source is not registered for their type',
      ['type'],
    );
  }

  /** The consumer's count of records its inbox recognised as already handled. */
  countDuplicatesWith(read: () => number): void {
    this.duplicates = read;
  }

  eventScored(topic: string, feed: string, result: QualityScore): void {
    this.scored.inc({ topic, feed });
    this.scores.observe({ topic }, result.score);
    for (const dimension of [...DIMENSIONS, ...GOVERNANCE_DIMENSIONS]) {
      for (const issue of result.dimensions[dimension].issues) {
        this.issues.inc({ dimension, code: issue.split(':')[0] });
      }
    }
  }

  masterDataRefused(type: string): void {
    this.masterDataNotKept.inc({ type });
  }

  invalidRecord(topic: string, feed: string): void {
    this.invalid.inc({ topic, feed });
  }

  feedReported(report: FeedHealthReportedV1): void {
    const labels = { topic: report.topic, feed: report.feedSource };
    if (report.meanScore === null) this.feedMeanScore.remove(labels);
    else this.feedMeanScore.set(labels, report.meanScore);
    this.feedInvalidRatio.set(labels, report.invalidRatio);
    if (report.secondsSinceLastEvent === null) this.feedSilence.remove(labels);
    else this.feedSilence.set(labels, report.secondsSinceLastEvent);
    this.feedStale.set(labels, report.stale ? 1 : 0);
    this.feedRate.set(labels, report.eventsPerMinute);
    this.feedTrusted.set(labels, report.trusted === false ? 0 : 1);
  }
}
