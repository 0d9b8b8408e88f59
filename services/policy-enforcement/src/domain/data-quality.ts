// The data quality an agent's proposal is judged on. An agent reads the business systems itself,
// so its proposal carries no score of its own: it gets the worst latest score among its domain's
// feeds (the agent may have read the worst of them); for planning, which has no feed, the worst of
// all. No score known means 0: nothing is automatic on data nobody has checked. Stale feeds and
// feeds whose source is not a registered one (data-quality's source registry) are named.
import { Domains, type Domain } from '@governor/contracts';

/** The latest report of one feed, as policy-enforcement keeps it. */
export interface FeedHealth {
  feedSource: string;
  topic: string;
  domain: Domain;
  meanScore: number | null;
  stale: boolean;
  /** false: the feed's source is not registered for its topic; its records were scored untrusted. */
  trusted: boolean;
}

export interface DomainDataQuality {
  score: number;
  issues: string[];
}

export function domainDataQuality(feeds: readonly FeedHealth[], domain: Domain): DomainDataQuality {
  const relevant = domain === Domains.Planning ? feeds : feeds.filter((f) => f.domain === domain);
  const scores = relevant.map((f) => f.meanScore).filter((s): s is number => s !== null);
  const issues = [
    ...relevant.filter((f) => f.stale).map((f) => `stale feed ${f.feedSource}|${f.topic}`),
    ...relevant.filter((f) => !f.trusted).map((f) => `untrusted feed ${f.feedSource}|${f.topic}`),
  ];
  if (scores.length === 0) return { score: 0, issues: [...issues, `no data-quality score reported for ${domain}`] };
  return { score: Math.min(...scores), issues };
}
