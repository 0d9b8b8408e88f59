// Policy versions: the list with who stored and who last activated each; a diff between any two;
// a simulation of one version against a window of recorded decisions, listing those whose outcome
// would change; and activation, which the version's author is refused (the two-person rule: the
// 403 reason is shown as it is).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, call, page, when } from '../api';

interface Version {
  version: string;
  description: string;
  createdBy: string;
  createdAt: string;
  active: boolean;
  activatedBy: string | null;
  activatedAt: string | null;
}

interface Changed {
  actionId: string;
  actionType: string;
  domain: string;
  recorded: { outcome: string; reasons: string[] };
  simulated: { outcome: string; reasons: string[] };
}

interface Simulation {
  decisions: number;
  recorded: Record<string, number>;
  simulated: Record<string, number>;
  changed: Changed[];
}

const local = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const message = (e: unknown) => (e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));

export default function Policies() {
  const [versions, setVersions] = useState<Version[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState('');
  const load = useCallback(async (url: string, append: boolean) => {
    try {
      const result = await page<Version>(url);
      setVersions((old) => (append ? [...old, ...result.items] : result.items));
      setNext(result.next);
    } catch (e) {
      setError(message(e));
    }
  }, []);
  useEffect(() => {
    void load('/api/policy-enforcement/policies', false);
  }, [load]);

  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">Policies</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table>
        <caption>Policy versions, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Description</th>
            <th scope="col">Stored by</th>
            <th scope="col">Last activated</th>
            <th scope="col">Active</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{v.description}</td>
              <td>
                {v.createdBy} {when(v.createdAt)}
              </td>
              <td>{v.activatedBy ? `${v.activatedBy} ${when(v.activatedAt)}` : 'never'}</td>
              <td>{v.active ? 'active' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void load(next, true)}>
          More versions
        </button>
      )}
      {versions.length > 0 && <Diff versions={versions} />}
      {versions.length > 0 && <SimulateAndActivate versions={versions} onActivated={() => void load('/api/policy-enforcement/policies', false)} />}
    </section>
  );
}

function VersionSelect({ label, versions, value, onChange }: { label: string; versions: Version[]; value: string; onChange: (v: string) => void }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version}
            {v.active ? ' (active)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function Diff({ versions }: { versions: Version[] }) {
  const [from, setFrom] = useState(versions[0].version);
  const [to, setTo] = useState(versions[versions.length - 1].version);
  const [diff, setDiff] = useState<string | undefined>();
  const [error, setError] = useState('');
  const show = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setDiff((await call<{ diff: string }>('policy-enforcement', `/policies/${from}/diff/${to}`)).diff);
      setError('');
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <form className="card" onSubmit={(e) => void show(e)} aria-labelledby="diff-title">
      <h2 id="diff-title">Diff</h2>
      <div className="filters">
        <VersionSelect label="From version" versions={versions} value={from} onChange={setFrom} />
        <VersionSelect label="To version" versions={versions} value={to} onChange={setTo} />
        <button type="submit">Show diff</button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {diff !== undefined && (
        <pre className="diff" aria-label={`diff of version ${from} to ${to}`}>
          {diff === '' ? 'The versions are the same.' : diff.split('\n').map((line, i) => <span key={i} className={line.startsWith('+') ? 'added' : line.startsWith('-') ? 'removed' : undefined}>{`${line}\n`}</span>)}
        </pre>
      )}
    </form>
  );
}

function SimulateAndActivate({ versions, onActivated }: { versions: Version[]; onActivated: () => void }) {
  const [version, setVersion] = useState(versions[versions.length - 1].version);
  const [range, setRange] = useState({ from: local(new Date(Date.now() - 86_400_000)), to: local(new Date(Date.now() + 3_600_000)) });
  const [report, setReport] = useState<Simulation | undefined>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();
  const simulate = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    try {
      setReport(await call<Simulation>('policy-enforcement', `/policies/${version}/simulate`, 'POST', { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() }));
    } catch (e) {
      setOutcome({ ok: false, text: message(e) });
    }
  };
  const activate = async () => {
    setOutcome(undefined);
    try {
      await call('policy-enforcement', `/policies/${version}/activate`, 'POST', {});
      setOutcome({ ok: true, text: `Version ${version} is active.` });
      onActivated();
    } catch (e) {
      // A 403 separation-of-duties (the author activating their own version) is the reason itself.
      setOutcome({ ok: false, text: message(e) });
    }
  };
  return (
    <form className="card" onSubmit={(e) => void simulate(e)} aria-labelledby="simulate-title">
      <h2 id="simulate-title">Simulate and activate</h2>
      <div className="filters">
        <VersionSelect label="Version to simulate or activate" versions={versions} value={version} onChange={setVersion} />
        <label>
          Decisions from
          <input type="datetime-local" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          to
          <input type="datetime-local" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <button type="submit">Simulate</button>
        <button type="button" className="secondary" onClick={() => void activate()}>
          Activate
        </button>
      </div>
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? undefined : 'error'}>
          {outcome.text}
        </p>
      )}
      {report && (
        <>
          <p>
            {report.decisions} decisions replayed; {report.changed.length} would change. Recorded: {counts(report.recorded)}. Simulated: {counts(report.simulated)}.
          </p>
          <table>
            <caption>Decisions whose outcome would change</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Type</th>
                <th scope="col">Recorded</th>
                <th scope="col">Simulated</th>
              </tr>
            </thead>
            <tbody>
              {report.changed.map((c) => (
                <tr key={c.actionId} data-action-id={c.actionId}>
                  <td>{c.actionId}</td>
                  <td>{c.actionType}</td>
                  <td>
                    {c.recorded.outcome} ({c.recorded.reasons.join(', ')})
                  </td>
                  <td>
                    {c.simulated.outcome} ({c.simulated.reasons.join(', ')})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </form>
  );
}

function counts(byOutcome: Record<string, number>): string {
  return Object.entries(byOutcome)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(', ');
}
