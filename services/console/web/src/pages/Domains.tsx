// Each domain's mode and health: the health over the last 24 hours as a line (from the breaker's
// health history, topped up as new reports arrive) with the mode changes marked on it, the mode
// changes as a stepped line and as a timeline (from the domain's history), the health reasons and
// stale feeds; an override needs a reason, and so does clearing it.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { ApiError, call, page, when } from '../api';
import { ChartView } from '../Chart';

interface DomainView {
  domain: string;
  mode: string;
  since: string;
  override: { mode: string; userId: string; reason: string; at: string } | null;
  health: { value: number; staleFeeds: string[]; reasons: { signal: string; message: string; penalty: number }[]; reportedAt: string } | null;
}

interface ModeChange {
  eventId: string;
  mode: string;
  previousMode: string;
  reason: string;
  triggeredBy: string;
  since: string;
}

interface HealthPoint {
  reportedAt: string;
  health: number;
}

const MODE_LEVEL: Record<string, number> = { automated: 2, probation: 1, 'manual-fallback': 0 };
const POLL_MS = 5_000;
const HEALTH_WINDOW_MS = 24 * 3_600_000;
/** Pages of 500 read at most per load: a day of reports at one every 30 s is six. */
const MAX_HEALTH_PAGES = 20;

/** The domain's health reports from `from` (the last 24 hours when absent), oldest first, every page. */
async function healthSince(domain: string, from?: string): Promise<HealthPoint[]> {
  const points: HealthPoint[] = [];
  let url: string | undefined = `/api/circuit-breaker/domains/${domain}/health?limit=500${from ? `&from=${encodeURIComponent(from)}` : ''}`;
  for (let pages = 0; url && pages < MAX_HEALTH_PAGES; pages++) {
    const next: { items: HealthPoint[]; next?: string } = await page<HealthPoint>(url);
    points.push(...next.items.map(({ reportedAt, health }) => ({ reportedAt, health })));
    url = next.next;
  }
  return points;
}

/** The index of the last point at or before `at` (the first point when `at` is before them all). */
function pointAt(points: readonly HealthPoint[], at: string): number {
  const t = Date.parse(at);
  let index = 0;
  points.forEach((p, i) => {
    if (Date.parse(p.reportedAt) <= t) index = i;
  });
  return index;
}

export default function Domains() {
  const [domains, setDomains] = useState<DomainView[]>([]);
  const [error, setError] = useState('');
  const refresh = useCallback(async () => {
    try {
      const { domains: list } = await call<{ domains: DomainView[] }>('circuit-breaker', '/domains');
      setDomains(list);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section aria-labelledby="domains-title">
      <h1 id="domains-title">Domains</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {domains.map((d) => (
        <DomainCard key={d.domain} domain={d} onChange={() => void refresh()} />
      ))}
    </section>
  );
}

function DomainCard({ domain, onChange }: { domain: DomainView; onChange: () => void }) {
  const [history, setHistory] = useState<ModeChange[]>([]);
  const [samples, setSamples] = useState<HealthPoint[]>([]);
  /** The points drawn, for the next load to continue after (ISO times compare as text). */
  const drawn = useRef<HealthPoint[]>([]);
  const [mode, setMode] = useState('manual-fallback');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const loadHistory = useCallback(async () => {
    setHistory((await page<ModeChange>(`/api/circuit-breaker/domains/${domain.domain}/history?limit=50`)).items);
  }, [domain.domain]);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory, domain.mode, domain.override?.at]);
  // The last 24 hours once, then, at each new report, what came after the last point drawn.
  const lastReport = domain.health?.reportedAt;
  useEffect(() => {
    let cancelled = false;
    const last = drawn.current[drawn.current.length - 1]?.reportedAt;
    if (last !== undefined && last === lastReport) return undefined;
    healthSince(domain.domain, last)
      .then((points) => {
        if (cancelled) return;
        const current = drawn.current;
        const end = current[current.length - 1]?.reportedAt;
        const since = new Date(Date.now() - HEALTH_WINDOW_MS).toISOString();
        drawn.current = [...current, ...(end ? points.filter((p) => p.reportedAt > end) : points)].filter((p) => p.reportedAt >= since);
        setSamples(drawn.current);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [domain.domain, lastReport]);

  const submit = async (event: FormEvent, action: string) => {
    event.preventDefault();
    setMessage('');
    try {
      await call('circuit-breaker', `/domains/${domain.domain}/override`, 'POST', { mode: action, reason });
      setReason('');
      onChange();
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };

  const modeChart = useMemo<ChartConfiguration>(() => {
    // Oldest first, and the current mode held until now.
    const changes = [...history].reverse();
    return {
      type: 'line',
      data: {
        labels: [...changes.map((c) => new Date(c.since).toLocaleTimeString()), 'now'],
        datasets: [{ label: 'mode (2 automated, 1 probation, 0 manual fallback)', data: [...changes.map((c) => MODE_LEVEL[c.mode] ?? 0), MODE_LEVEL[domain.mode] ?? 0], stepped: true, borderColor: '#1f5fa8' }],
      },
      options: { scales: { y: { min: 0, max: 2, ticks: { stepSize: 1 } } } },
    };
  }, [history, domain.mode]);
  const healthChart = useMemo<ChartConfiguration>(() => {
    // Each mode change of the range marked on the report it followed, at the health it had then.
    const marks: (number | null)[] = samples.map(() => null);
    const first = samples[0]?.reportedAt;
    for (const c of history) {
      if (first && c.since >= first) marks[pointAt(samples, c.since)] = samples[pointAt(samples, c.since)].health;
    }
    return {
      type: 'line',
      data: {
        labels: samples.map((s) => new Date(s.reportedAt).toLocaleTimeString()),
        datasets: [
          { label: 'health', data: samples.map((s) => s.health), borderColor: '#2d7d46', pointRadius: samples.length > 60 ? 0 : 2 },
          { label: 'mode change', data: marks, showLine: false, pointRadius: 6, pointStyle: 'triangle', borderColor: '#b3261e', backgroundColor: '#b3261e' },
        ],
      },
      options: { scales: { y: { min: 0, max: 1 } } },
    };
  }, [samples, history]);
  const changesInRange = samples.length > 0 ? history.filter((c) => c.since >= samples[0].reportedAt).length : 0;

  const id = domain.domain;
  return (
    <article className="card" aria-labelledby={`domain-${id}`} data-domain={id}>
      <h2 id={`domain-${id}`}>
        {id}: <span className={`mode mode-${domain.mode}`}>{domain.mode}</span>
      </h2>
      <p>
        Since {when(domain.since)} · health {domain.health ? domain.health.value.toFixed(2) : 'not reported yet'}
        {domain.override && (
          <>
            {' '}
            · forced {domain.override.mode} by {domain.override.userId}: “{domain.override.reason}”
          </>
        )}
      </p>
      {domain.health && domain.health.staleFeeds.length > 0 && <p>Stale feeds: {domain.health.staleFeeds.join(', ')}</p>}
      {domain.health && domain.health.reasons.length > 0 && (
        <ul className="reasons">
          {domain.health.reasons.map((r) => (
            <li key={r.signal}>
              {r.signal}: {r.message}
            </li>
          ))}
        </ul>
      )}
      <div className="charts">
        <ChartView config={healthChart} label={`${id} health`} summary={
            samples.length
              ? `${samples.length} reports in the last 24 h, last ${samples[samples.length - 1].health.toFixed(2)}, ${changesInRange} mode changes marked`
              : 'no reports in the last 24 h'
          } />
        <ChartView config={modeChart} label={`${id} mode changes`} summary={`${history.length} changes`} />
      </div>
      <form className="override" onSubmit={(e) => void submit(e, mode)}>
        <label>
          Force mode
          <select value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="manual-fallback">manual-fallback</option>
            <option value="automated">automated</option>
          </select>
        </label>
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} required name={`reason-${id}`} />
        </label>
        <button type="submit">Override</button>
        <button type="button" className="secondary" disabled={!domain.override} onClick={(e) => void submit(e, 'clear')}>
          Clear override
        </button>
      </form>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <h3>History</h3>
      <ol className="timeline" aria-label={`${id} mode changes, newest first`}>
        {history.map((c) => (
          <li key={c.eventId}>
            <time dateTime={c.since}>{when(c.since)}</time> {c.previousMode} → <strong>{c.mode}</strong>: {c.reason} <span className="muted">({c.triggeredBy})</span>
          </li>
        ))}
      </ol>
    </article>
  );
}
