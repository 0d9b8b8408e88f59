// The review queue: paged (following the service's Link header), filtered by domain and status,
// sorted by age, amount or risk; each task with what it would do, why people must decide, the data
// and model behind it, the two-person progress and its clock; approve or reject with a comment.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, call, DOMAINS, page, when } from '../api';
import { Link } from '../Link';

export interface Task {
  taskId: string;
  status: string;
  actionId: string;
  actionType: string;
  domain: string;
  action: { parameters?: Record<string, unknown> };
  reasons: string[];
  reviewReason?: string | null;
  lineage?: { dataQuality?: { score?: number } | null; model?: { id: string; version: string; confidence?: number } | null; agentId?: string | null };
  proposedBy?: string | null;
  requiredRole: string;
  requiredApprovers: number;
  approvals: { approver: string; comment: string | null; approvedAt: string }[];
  escalatesAt: string;
  escalated: boolean;
  expiresAt: string;
  rejectedBy?: string | null;
}

const STATUSES = ['pending', 'approved', 'rejected', 'expired', 'all'];

export function Approvals() {
  const [domain, setDomain] = useState('');
  const [status, setStatus] = useState('pending');
  const [sort, setSort] = useState('age');
  const [tasks, setTasks] = useState<Task[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState('');

  const first = `/api/policy-enforcement/approvals?${new URLSearchParams({ status, sort, limit: '20', ...(domain ? { domain } : {}) })}`;
  const load = useCallback(async (url: string, append: boolean) => {
    setError('');
    try {
      const result = await page<Task>(url);
      setTasks((old) => (append ? [...old, ...result.items] : result.items));
      setNext(result.next);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load(first, false);
  }, [first, load]);

  const replace = (task: Task) => setTasks((old) => old.map((t) => (t.taskId === task.taskId ? task : t)));

  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">Approvals</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Domain
          <select value={domain} onChange={(e) => setDomain(e.target.value)}>
            <option value="">all</option>
            {DOMAINS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Sort by
          <select value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="age">age (oldest first)</option>
            <option value="amount">amount (largest first)</option>
            <option value="risk">risk (riskiest first)</option>
          </select>
        </label>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {tasks.length === 0 && !error && <p>No tasks.</p>}
      <ul className="cards">
        {tasks.map((task) => (
          <li key={task.taskId}>
            <TaskCard task={task} onChange={replace} />
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" onClick={() => void load(next, true)}>
          More tasks
        </button>
      )}
    </section>
  );
}

function TaskCard({ task, onChange }: { task: Task; onChange: (task: Task) => void }) {
  const [comment, setComment] = useState('');
  const [refusal, setRefusal] = useState('');
  const params = task.action.parameters ?? {};
  const score = task.lineage?.dataQuality?.score;
  const model = task.lineage?.model;
  const commentId = `comment-${task.taskId}`;

  const decide = async (verdict: 'approve' | 'reject') => {
    setRefusal('');
    try {
      onChange(await call<Task>('policy-enforcement', `/approvals/${encodeURIComponent(task.taskId)}/${verdict}`, 'POST', { comment }));
      setComment('');
    } catch (e) {
      // A refusal such as 403 separation-of-duties is the reason itself, not a generic failure.
      setRefusal(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };

  return (
    <article className="card" aria-labelledby={`task-${task.taskId}`} data-action-id={task.actionId}>
      <h2 id={`task-${task.taskId}`}>
        {task.actionType} <span className="muted">({task.domain})</span>
      </h2>
      <dl className="facts">
        <dt>Action</dt>
        <dd>
          <Link to={`/lineage/${encodeURIComponent(task.actionId)}`}>{task.actionId}</Link>
          {typeof params.amount === 'number' && <> · amount {params.amount.toLocaleString()}</>}
          {typeof params.sku === 'string' && <> · {params.sku}</>}
          {typeof params.quantity === 'number' && <> × {params.quantity}</>}
        </dd>
        <dt>Why people decide</dt>
        <dd>
          {task.reviewReason ?? ''}
          <ul className="reasons">
            {task.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </dd>
        <dt>Data quality, model</dt>
        <dd>
          {score === undefined ? 'no score' : `score ${score.toFixed(2)}`} · {model ? `${model.id} v${model.version}${model.confidence !== undefined ? `, confidence ${model.confidence}` : ''}` : 'no model'}
          {task.lineage?.agentId && <> · agent {task.lineage.agentId}</>}
        </dd>
        <dt>Status</dt>
        <dd>
          {task.status}: {task.approvals.length} of {task.requiredApprovers} approvals ({task.requiredRole})
          {task.approvals.length > 0 && <> by {task.approvals.map((a) => a.approver).join(', ')}</>}
        </dd>
        <dt>Escalates, expires</dt>
        <dd>
          {when(task.escalatesAt)}
          {task.escalated ? ' (escalated)' : ''} · {when(task.expiresAt)}
        </dd>
      </dl>
      {task.status === 'pending' && (
        <div className="decide">
          <label htmlFor={commentId}>Comment</label>
          <textarea id={commentId} value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
          <button type="button" onClick={() => void decide('approve')}>
            Approve
          </button>
          <button type="button" className="secondary" onClick={() => void decide('reject')}>
            Reject
          </button>
        </div>
      )}
      {refusal && (
        <p role="alert" className="error">
          {refusal}
        </p>
      )}
    </article>
  );
}
