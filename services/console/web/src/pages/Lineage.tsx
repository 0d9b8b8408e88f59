// One action's whole story (GET /lineage/{actionId}) as a graph, left to right: the source events,
// the data-quality score, the model and its inputs, the decision and its policies, the approvers,
// and the execution or compensation, each with its time. The same stages are listed below the graph.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Background, Controls, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { call, when } from '../api';
import { Link } from '../Link';
import { navigate } from '../router';
import type { Task } from './Approvals';

interface LineageView {
  actionId: string;
  actionType: string;
  domain: string;
  parameters: Record<string, unknown>;
  /** `time` is null when the proposal did not give it (decisions made before it did). */
  sourceEvents: { id: string; type: string; source: string; time?: string | null }[];
  dataQuality: { score: number; issues: string[] } | null;
  model: {
    id: string;
    version: string;
    confidence?: number;
    inputs?: Record<string, unknown> | null;
    /** Where predictive-risk's model registry shows this version's card (null for an agent's model). */
    card?: { service: string; path: string } | null;
  } | null;
  agentId: string | null;
  decision: { outcome: string; reasons: string[]; policyVersion: string; domainMode: string; decidedAt: string } | null;
  approvals: Task[];
  outcomes: { type: string; adapter: string; externalReference: string | null; error: string | null; attempts: number; occurredAt: string }[];
}

interface Stage {
  id: string;
  kind: string;
  title: string;
  detail: string;
  column: number;
}

/** The stages of the story in order; each becomes a node, joined to every node of the column before. */
export function stagesOf(l: LineageView): Stage[] {
  const stages: Stage[] = l.sourceEvents.map((e, i) => ({ id: `source-${i}`, kind: 'source', title: e.type, detail: `${e.source} · ${e.id}${e.time ? ` · ${when(e.time)}` : ''}`, column: 0 }));
  if (l.dataQuality) stages.push({ id: 'quality', kind: 'data-quality', title: `data quality ${l.dataQuality.score.toFixed(2)}`, detail: l.dataQuality.issues.join(', ') || 'no issues', column: 1 });
  if (l.model) {
    const inputs = l.model.inputs ? Object.entries(l.model.inputs).map(([name, value]) => `${name}=${String(value)}`).join(', ') : '';
    stages.push({ id: 'model', kind: 'model', title: `model ${l.model.id} v${l.model.version}`, detail: `${l.model.confidence !== undefined ? `confidence ${l.model.confidence}` : ''}${inputs ? ` · inputs ${inputs}` : ''}${l.agentId ? ` · agent ${l.agentId}` : ''}`, column: 1 });
  }
  if (l.decision) {
    stages.push({ id: 'decision', kind: 'decision', title: `decision: ${l.decision.outcome}`, detail: `policy v${l.decision.policyVersion} · ${l.decision.reasons.join(', ')} · ${when(l.decision.decidedAt)}`, column: 2 });
  }
  l.approvals.forEach((t, i) => {
    const who = t.approvals.map((a) => `${a.approver} ${when(a.approvedAt)}`).join('; ');
    stages.push({ id: `approval-${i}`, kind: 'approval', title: `approval ${t.status}`, detail: `${t.approvals.length}/${t.requiredApprovers} ${who}${t.rejectedBy ? ` · rejected by ${t.rejectedBy}` : ''}`, column: 3 });
  });
  l.outcomes.forEach((o, i) => {
    const kind = o.type.includes('compensat') ? 'compensation' : 'execution';
    stages.push({ id: `outcome-${i}`, kind, title: o.type, detail: `${o.adapter}${o.externalReference ? ` ${o.externalReference}` : ''}${o.error ? ` · ${o.error}` : ''} · ${when(o.occurredAt)}`, column: 4 + i });
  });
  return stages;
}

function graphOf(stages: Stage[]): { nodes: Node[]; edges: Edge[] } {
  const columns = [...new Set(stages.map((s) => s.column))].sort((a, b) => a - b);
  const nodes: Node[] = stages.map((s) => {
    const column = columns.indexOf(s.column);
    const row = stages.filter((o) => o.column === s.column).indexOf(s);
    return {
      id: s.id,
      position: { x: column * 260, y: row * 110 },
      data: { label: `${s.title}\n${s.detail}` },
      className: `stage stage-${s.kind}`,
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      ariaLabel: `${s.kind}: ${s.title}. ${s.detail}`,
      connectable: false,
    };
  });
  const edges: Edge[] = [];
  for (const s of stages) {
    const previous = columns.indexOf(s.column) - 1;
    if (previous < 0) continue;
    for (const p of stages.filter((o) => o.column === columns[previous])) edges.push({ id: `${p.id}-${s.id}`, source: p.id, target: s.id });
  }
  return { nodes, edges };
}

export default function Lineage({ actionId }: { actionId: string }) {
  const [input, setInput] = useState(actionId);
  const [lineage, setLineage] = useState<LineageView | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    setInput(actionId);
    setLineage(undefined);
    if (!actionId) return;
    call<LineageView>('policy-enforcement', `/lineage/${encodeURIComponent(actionId)}`)
      .then((l) => {
        setLineage(l);
        setError('');
      })
      .catch((e: Error) => setError(e.message));
  }, [actionId]);
  const stages = useMemo(() => (lineage ? stagesOf(lineage) : []), [lineage]);
  const graph = useMemo(() => graphOf(stages), [stages]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/lineage/${encodeURIComponent(input.trim())}`);
  };
  return (
    <section aria-labelledby="lineage-title">
      <h1 id="lineage-title">Lineage</h1>
      <form className="filters" onSubmit={submit}>
        <label>
          Action id
          <input value={input} onChange={(e) => setInput(e.target.value)} required />
        </label>
        <button type="submit">Show</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {lineage && (
        <>
          <p>
            {lineage.actionType} in {lineage.domain}
          </p>
          {lineage.model?.card && (
            <p>
              <Link to={`/models/${encodeURIComponent(lineage.model.id)}`}>
                Model card of {lineage.model.id} {lineage.model.version}
              </Link>
            </p>
          )}
          <div className="graph" aria-label={`lineage graph of ${lineage.actionId}`} role="group">
            <ReactFlow nodes={graph.nodes} edges={graph.edges} fitView nodesDraggable={false} nodesConnectable={false}>
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          </div>
          <h2>Stages</h2>
          <ol className="timeline">
            {stages.map((s) => (
              <li key={s.id} data-stage={s.kind}>
                <strong>{s.title}</strong> {s.detail}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
