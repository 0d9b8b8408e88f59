// The registry of AI agents: who is accountable for each (its owner, for separation of duties),
// what it may propose (its scope) and what it is; register a new one or edit one (PUT /agents/{id}).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, call, page } from '../api';

interface Agent {
  agentId: string;
  owner: string;
  scope: string[];
  description: string;
  publicKey?: unknown;
}

const EMPTY = { agentId: '', owner: '', scope: '', description: '', publicKey: '' };

export default function Agents() {
  const [agents, setAgents] = useState<Agent[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [form, setForm] = useState(EMPTY);
  const [message, setMessage] = useState('');
  const load = useCallback(async (url: string, append: boolean) => {
    try {
      const result = await page<Agent>(url);
      setAgents((old) => (append ? [...old, ...result.items] : result.items));
      setNext(result.next);
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load('/api/policy-enforcement/agents', false);
  }, [load]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const existing = agents.find((a) => a.agentId === form.agentId);
    try {
      // The public JWK the agent signs its proposals with: required for a new agent, kept when editing.
      const publicKey = form.publicKey.trim() ? (JSON.parse(form.publicKey) as unknown) : existing?.publicKey;
      await call('policy-enforcement', `/agents/${encodeURIComponent(form.agentId)}`, 'PUT', {
        owner: form.owner,
        scope: form.scope.split(',').map((s) => s.trim()).filter(Boolean),
        description: form.description,
        ...(publicKey ? { publicKey } : {}),
      });
      setMessage(`Saved ${form.agentId}.`);
      setForm(EMPTY);
      void load('/api/policy-enforcement/agents', false);
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof SyntaxError ? `the public key is not JSON: ${e.message}` : String(e));
    }
  };
  const input = (name: 'agentId' | 'owner' | 'scope' | 'description', label: string) => (
    <label>
      {label}
      <input value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} required />
    </label>
  );

  return (
    <section aria-labelledby="agents-title">
      <h1 id="agents-title">Agents</h1>
      <table>
        <caption>Registered agents</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Owner</th>
            <th scope="col">Scope</th>
            <th scope="col">Description</th>
            <th scope="col">Edit</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.agentId}>
              <td>{a.agentId}</td>
              <td>{a.owner}</td>
              <td>{a.scope.join(', ')}</td>
              <td>{a.description}</td>
              <td>
                <button type="button" onClick={() => setForm({ agentId: a.agentId, owner: a.owner, scope: a.scope.join(', '), description: a.description, publicKey: '' })} aria-label={`Edit ${a.agentId}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void load(next, true)}>
          More agents
        </button>
      )}
      <form className="stacked" onSubmit={(e) => void save(e)}>
        <h2>Register or edit an agent</h2>
        {input('agentId', 'Agent id')}
        {input('owner', 'Owner (user id)')}
        {input('scope', 'Scope (action types, comma-separated)')}
        {input('description', 'Description')}
        <label>
          Public key (a JWK as JSON; leave empty to keep the agent&apos;s key)
          <textarea rows={3} value={form.publicKey} onChange={(e) => setForm({ ...form, publicKey: e.target.value })} />
        </label>
        <button type="submit">Save agent</button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
