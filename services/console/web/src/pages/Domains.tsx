// Each domain's mode and health: the health as a line over the time this page has watched it, the
// mode changes as a stepped line and as a timeline (from the domain's history), the health
// reasons and stale feeds; an override needs a reason, and so does clearing it.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
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

const MODE_LEVEL: Record<string, number> = { automated: 2, probation: 1, 'manual-fallback': 0 };
const POLL_MS = 5_000;

export default function Domains() {
  const [domains, setDomains] = useState<DomainView[]>([]);
  const [samples, setSamples] = useState<Record<string, { at: string; value: number }[]>>({});
  const [error, setError] = useState('');
  const refresh = useCallback(async () => {
    try {
      const { domains: list } = await call<{ domains: DomainView[] }>('circuit-breaker', '/domains');
      setDomains(list);
      setSamples((old) => {
        const next = { ...old };
        for (const d of list) {
          if (!d.health) continue;
          const seen = next[d.domain] ?? [];
          if (seen[seen.length - 1]?.at !== d.health.reportedAt) next[d.domain] = [...seen, { at: d.health.reportedAt, value: d.health.value }].slice(-120);
        }
        return next;
      });
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
        <DomainCard key={d.domain} domain={d} samples={samples[d.domain] ?? []} onChange={() => void refresh()} />
      ))}
    </section>
  );
}

function DomainCard({ domain, samples, onChange }: { domain: DomainView; samples: { at: string; value: number }[]; onChange: () => void }) {
  const [history, setHistory] = useState<ModeChange[]>([]);
  const [mode, setMode] = useState('manual-fallback');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const loadHistory = useCallback(async () => {
    setHistory((await page<ModeChange>(`/api/circuit-breaker/domains/${domain.domain}/history?limit=50`)).items);
  }, [domain.domain]);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory, domain.mode, domain.override?.at]);

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
  const healthChart = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: samples.map((s) => new Date(s.at).toLocaleTimeString()),
        datasets: [{ label: 'health', data: samples.map((s) => s.value), borderColor: '#2d7d46' }],
      },
      options: { scales: { y: { min: 0, max: 1 } } },
    }),
    [samples],
  );

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
        <ChartView config={healthChart} label={`${id} health`} summary={samples.length ? `${samples.length} reports, last ${samples[samples.length - 1].value.toFixed(2)}` : 'no reports yet'} />
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
