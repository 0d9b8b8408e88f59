// The audit chain's entries, paged and filtered by subject, kind and time; a check of the whole
// chain (GET /audit/verify); and an evidence pack of a time range to download (GET /audit/export),
// which `governor audit verify-pack` checks offline.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { call, page, when } from '../api';

interface Entry {
  seq: number;
  kind: string;
  subject: string;
  actor: string;
  at: string;
  hash: string;
}

/** A datetime-local value (local time) as RFC 3339, or undefined when empty. */
const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
const local = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export default function Audit() {
  const [filters, setFilters] = useState({ subject: '', kind: '', from: '', to: '' });
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [verdict, setVerdict] = useState('');
  const [range, setRange] = useState({ from: local(new Date(Date.now() - 86_400_000)), to: local(new Date(Date.now() + 3_600_000)) });

  const load = useCallback(async (url: string, append: boolean) => {
    try {
      const result = await page<Entry>(url);
      setEntries((old) => (append ? [...old, ...result.items] : result.items));
      setNext(result.next);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load(`/api/policy-enforcement/audit?limit=50${query}`, false);
  }, [query, load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const params = Object.entries({ subject: filters.subject, kind: filters.kind, from: iso(filters.from), to: iso(filters.to) }).filter((e): e is [string, string] => Boolean(e[1]));
    setQuery(params.length ? `&${new URLSearchParams(params)}` : '');
  };
  const verify = async () => {
    setVerdict('checking…');
    try {
      const result = await call<{ ok: boolean; entries: number; firstBadEntry?: number }>('policy-enforcement', '/audit/verify');
      setVerdict(result.ok ? `The chain holds: ${result.entries} entries verified.` : `The chain is broken at entry ${result.firstBadEntry} (${result.entries} entries).`);
    } catch (e) {
      setVerdict((e as Error).message);
    }
  };
  const exportUrl = `/api/policy-enforcement/audit/export?${new URLSearchParams({ from: iso(range.from) ?? '', to: iso(range.to) ?? '' })}`;
  const field = (name: keyof typeof filters, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.target.value })} />
    </label>
  );

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit</h1>
      <div className="row">
        <button type="button" onClick={() => void verify()}>
          Verify the chain
        </button>
        <p role="status">{verdict}</p>
      </div>
      <form className="filters" aria-label="Evidence pack">
        <label>
          Pack from
          <input type="datetime-local" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          to
          <input type="datetime-local" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <a className="button" href={exportUrl} download="evidence-pack.json">
          Export evidence pack
        </a>
      </form>
      <form className="filters" onSubmit={apply} aria-label="Filter entries">
        {field('subject', 'Subject')}
        {field('kind', 'Kind')}
        {field('from', 'From', 'datetime-local')}
        {field('to', 'To', 'datetime-local')}
        <button type="submit">Filter</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table>
        <caption>Audit entries, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Seq</th>
            <th scope="col">At</th>
            <th scope="col">Kind</th>
            <th scope="col">Subject</th>
            <th scope="col">Actor</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{when(e.at)}</td>
              <td>{e.kind}</td>
              <td>{e.subject}</td>
              <td>{e.actor}</td>
              <td className="hash">{e.hash.slice(0, 12)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void load(next, true)}>
          More entries
        </button>
      )}
    </section>
  );
}
