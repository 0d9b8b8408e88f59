// The model registry (predictive-risk, GET /models): each model with its champion; for the model
// picked, every version with its status, its validation (backtest against the champion), its shadow
// run, its live accuracy and its promotion, and the model card of the champion. A person with the
// governance role promotes a version, with a reason when it did worse than the champion.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, call, page } from '../api';

interface Accuracy {
  n: number;
  wape: number | null;
  relativeBias: number | null;
}

interface Summary {
  modelId: string;
  domain: string;
  champion: string | null;
  purpose: string;
  versions: { version: string; status: string }[];
}

interface Version {
  version: string;
  status: string;
  statusChangedAt: string;
  validation: { method: string; comparedWith: string | null; backtest?: { candidate: Accuracy; champion: Accuracy } } | null;
  shadow: { shadow: Accuracy; championAccuracy: Accuracy } | null;
  promotion: { by: string; at: string; reason: string | null } | null;
  cardPath: string;
  card: {
    purpose: string;
    inputs: string[];
    assumptions: string[];
    limitations: string[];
    owner: string;
    trainingWindow: string;
    liveAccuracy?: Accuracy;
    /** Order fulfilment and credit risk: against recorded outcomes, and which model is in use. */
    calibration?: {
      outcomes: number;
      inUse?: 'formula' | 'fitted';
      formula: { brier: number | null };
      logistic: { brier: number | null; formulaBrier: number | null } | null;
      note: string;
    };
  };
}

interface Detail {
  modelId: string;
  domain: string;
  champion: string | null;
  versions: Version[];
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const versus = (a?: Accuracy, b?: Accuracy) => (a && b ? `WAPE ${pct(a.wape)} vs ${pct(b.wape)}` : '–');

/** `modelId`: the model to open (the page's path is `/models/<modelId>`, as the lineage links to it). */
export default function Models({ modelId }: { modelId?: string }) {
  const [models, setModels] = useState<Summary[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [detail, setDetail] = useState<Detail | undefined>();
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const load = useCallback(async (url: string, append: boolean) => {
    try {
      const result = await page<Summary>(url);
      setModels((old) => (append ? [...old, ...result.items] : result.items));
      setNext(result.next);
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, []);
  useEffect(() => {
    void load('/api/predictive-risk/models', false);
  }, [load]);
  const open = useCallback(async (id: string) => {
    try {
      setDetail(await call<Detail>('predictive-risk', `/models/${encodeURIComponent(id)}`));
    } catch (e) {
      setMessage((e as Error).message);
    }
  }, []);
  const promote = async (event: FormEvent, version: string) => {
    event.preventDefault();
    if (!detail) return;
    try {
      const path = `/models/${encodeURIComponent(detail.modelId)}/versions/${encodeURIComponent(version)}/promote`;
      await call('predictive-risk', path, 'POST', reason.trim() ? { reason: reason.trim() } : {});
      setMessage(`Promoted ${version}.`);
      setReason('');
      await open(detail.modelId);
      void load('/api/predictive-risk/models', false);
    } catch (e) {
      setMessage(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    }
  };
  useEffect(() => {
    if (modelId) void open(modelId);
  }, [modelId, open]);
  const champion = detail?.versions.find((v) => v.status === 'champion');

  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
      <table>
        <caption>Registered models</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Domain</th>
            <th scope="col">Champion</th>
            <th scope="col">Versions</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.modelId}>
              <td>
                <button type="button" onClick={() => void open(m.modelId)}>
                  {m.modelId}
                </button>
              </td>
              <td>{m.domain}</td>
              <td>{m.champion ?? '–'}</td>
              <td>{m.versions.map((v) => `${v.version} ${v.status}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void load(next, true)}>
          More models
        </button>
      )}
      {detail && (
        <>
          <h2>{detail.modelId}</h2>
          <table>
            <caption>Versions of {detail.modelId}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Since</th>
                <th scope="col">Backtest</th>
                <th scope="col">Shadow</th>
                <th scope="col">Live WAPE</th>
                <th scope="col">Live bias</th>
                <th scope="col">Promotion</th>
                <th scope="col">Promote</th>
              </tr>
            </thead>
            <tbody>
              {detail.versions.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td>
                  <td>{v.status}</td>
                  <td>{v.statusChangedAt}</td>
                  <td>{v.validation?.backtest ? versus(v.validation.backtest.candidate, v.validation.backtest.champion) : (v.validation?.method ?? '–')}</td>
                  <td>{v.shadow ? `${versus(v.shadow.shadow, v.shadow.championAccuracy)} (${v.shadow.shadow.n} days)` : '–'}</td>
                  <td>{pct(v.card.liveAccuracy?.wape)}</td>
                  <td>{pct(v.card.liveAccuracy?.relativeBias)}</td>
                  <td>{v.promotion ? `${v.promotion.by}${v.promotion.reason ? `: ${v.promotion.reason}` : ''}` : '–'}</td>
                  <td>
                    {v.status !== 'champion' && (
                      <form onSubmit={(e) => void promote(e, v.version)}>
                        <button type="submit" aria-label={`Promote ${v.version}`}>
                          Promote
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            Reason (required to promote a version that did worse than the champion)
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          {champion && (
            <dl className="card facts" aria-label="Model card">
              <dt>Purpose</dt>
              <dd>{champion.card.purpose}</dd>
              <dt>Inputs</dt>
              <dd>{champion.card.inputs.join('; ')}</dd>
              <dt>Assumptions</dt>
              <dd>{champion.card.assumptions.join(' ')}</dd>
              <dt>Limitations</dt>
              <dd>{champion.card.limitations.join(' ')}</dd>
              <dt>Owner</dt>
              <dd>{champion.card.owner}</dd>
              <dt>Training window</dt>
              <dd>{champion.card.trainingWindow}</dd>
              {champion.card.calibration && (
                <>
                  <dt>Calibration</dt>
                  <dd>
                    {champion.card.calibration.inUse === 'fitted' && 'Fitted model in use. '}
                    {champion.card.calibration.outcomes} outcomes, Brier {champion.card.calibration.formula.brier?.toFixed(4) ?? '–'}
                    {champion.card.calibration.logistic &&
                      `; logistic ${champion.card.calibration.logistic.brier?.toFixed(4) ?? '–'} vs formula ${champion.card.calibration.logistic.formulaBrier?.toFixed(4) ?? '–'}`}{' '}
                    ({champion.card.calibration.note})
                  </dd>
                </>
              )}
            </dl>
          )}
        </>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
