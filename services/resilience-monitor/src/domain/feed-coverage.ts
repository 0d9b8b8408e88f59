// Feed-health reports summarise overlapping windows (a 5-minute window reported every 15 s), so
// their event counts cannot simply be added up. Each report is weighted by the share of its window
// that the previous report of the same feed did not already cover, assuming events are spread
// evenly within a window: reports of back-to-back windows count in full, a report repeated within
// the same window counts for the new part only. Counts derived this way are approximations.

/** The share in [0, 1] of a report's window that is new since the feed's previous report. */
export function newShare(previousReportedAt: number | null, reportedAt: number, windowSeconds: number): number {
  if (previousReportedAt === null) return 1;
  const gapSeconds = (reportedAt - previousReportedAt) / 1000;
  if (gapSeconds <= 0) return 0;
  return Math.min(1, gapSeconds / windowSeconds);
}
