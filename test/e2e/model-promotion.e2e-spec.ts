// A refit's promotion decided by Cedar policy (issue 23), through Governor's own pipeline: predictive-
// risk, policy-enforcement, execution-adapters and resilience-monitor as processes on real Kafka and
// Postgres. Demand drifts (a weekly season sets in), demand sensing is refitted, runs in shadow (the
// scorecard shows it against its champion), and once its shadow run has enough live forecasts it
// proposes its own promotion (planning.promote-model-version).
// A low-risk model's refit that beat its champion is auto-approved by the default bundle and
// execution promotes it over HTTP, with no person; the same refit of a medium-risk model waits for
// a person with the role governance, and is promoted once approved. Both promotions are audited
// naming the approval and its decision.
import { type ApiClient } from '@governor/cli';
import { ActionTypes, Topics } from '@governor/contracts';
import { RETRAINING_RISK_ENV, seasonalDemand, type TopicRecorder } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';

jest.setTimeout(420_000);

const LOCATION = 'DC-EAST';
const SKUS = ['SKU-P1', 'SKU-P2'];
// The retraining process test's drift and settings, and a refit proposed after 12 live forecasts in shadow.
const RISK_ENV: Record<string, string> = { ...RETRAINING_RISK_ENV, RISK_SHADOW_MIN_FORECASTS: '12' };

interface Version {
  version: string;
  status: string;
  promotion: { by: string; replaced: string; reason: string | null } | null;
  card: { riskTier?: string };
}
interface Model {
  champion: string | null;
  versions: Version[];
}
interface Decision {
  data: { actionId: string; actionType: string; outcome: string; reasons: string[] };
}
interface Approved {
  data: { actionId: string; parameters: Record<string, unknown>; approval: { mode: string; approvers: string[]; decisionId: string }; lineage: { model: { id: string; version: string } | null } };
}
interface ShadowRun {
  modelId: string;
  version: string;
  champion: string;
  forecasts: number;
  wape: number | null;
  championWape: number | null;
  wapeDelta: number | null;
}
interface AuditEntry {
  kind: string;
  actor: string;
  subject: string;
  payload: { version: string; by: string; reason: string | null };
}

describe('a refit promoted by policy (predictive-risk, policy-enforcement, execution-adapters, resilience-monitor as processes)', () => {
  let stack: GovernorStack;
  let decisions: TopicRecorder;
  let approved: TopicRecorder;
  const reader = (): ApiClient => stack.api.as('u-reader', ['auditor']);

  beforeAll(async () => {
    stack = await GovernorStack.start({
      services: ['policy-enforcement', 'execution-adapters', 'predictive-risk', 'resilience-monitor'],
      env: RISK_ENV,
    });
    [decisions, approved] = await Promise.all([stack.record(Topics.DecisionsV1), stack.record(Topics.ActionsApprovedV1)]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Each SKU's demand for `count` days from day `offset` of the series (day 0 is Sunday 5 January 2025). */
  async function publishDemand(offset: number, count: number): Promise<void> {
    const events = seasonalDemand(SKUS, LOCATION, offset, count);
    await stack.publisher.publishAll(events.map((event) => ({ topic: Topics.QualityScoredV1, event })));
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe().catch(() => undefined);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs} ms\n${stack.output()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  const demandModel = () => reader().call<Model>('predictive-risk', 'GET', '/models/demand-sensing');
  const inShadow = () => eventually(async () => (await demandModel()).versions.find((v) => v.status === 'shadow'), 'refit in shadow');
  const promotionDecision = (outcome: string) =>
    decisions.waitFor(
      (m) => {
        const d = (m.json as Decision).data;
        return d.actionType === ActionTypes.PromoteModelVersion && d.outcome === outcome;
      },
      90_000,
      `a promotion decided ${outcome}`,
    );

  it("promotes a low-risk model's refit that beat its champion by policy, with no person", async () => {
    await publishDemand(0, 57);
    const refit = await inShadow();
    const before = (await demandModel()).champion;
    // Live days for the shadow run: two SKUs, six resolved days and more.
    await publishDemand(57, 7);

    // The governance scorecard compares the shadow with its champion, from model health reports.
    const shadowRun = await eventually(async () => {
      const card = await reader().call<{ domains: Record<string, { shadowVsChampion: ShadowRun[] }> }>('resilience-monitor', 'GET', '/scorecard?window=1h');
      return card.domains.inventory.shadowVsChampion.find((r) => r.version === refit.version && r.forecasts >= 12);
    }, 'the shadow run on the scorecard');
    expect(shadowRun).toMatchObject({ modelId: 'demand-sensing', champion: before });
    expect(shadowRun.wapeDelta).toBeLessThan(0);
    expect(shadowRun.wapeDelta).toBeCloseTo((shadowRun.wape ?? NaN) - (shadowRun.championWape ?? NaN), 4);

    const decision = (await promotionDecision('auto-approved')).json as Decision;
    expect(decision.data).toMatchObject({ outcome: 'auto-approved', reasons: ['model-promotion.low-risk-better-automatic'] });
    const action = (await approved.waitFor((m) => (m.json as Approved).data.actionId === decision.data.actionId, 30_000, 'the approved promotion')).json as Approved;
    expect(action.data).toMatchObject({
      parameters: { modelId: 'demand-sensing', version: refit.version, champion: before, modelRiskTier: 'low', beatsChampion: true },
      approval: { mode: 'automatic', approvers: [] },
      lineage: { model: { id: 'demand-sensing', version: refit.version } },
    });

    // Execution carried it out on the registry: the refit is champion, promoted by policy.
    const model = await eventually(async () => {
      const m = await demandModel();
      return m.champion === refit.version ? m : undefined;
    }, 'the refit promoted');
    const promoted = model.versions.find((v) => v.version === refit.version);
    expect(promoted?.card.riskTier).toBe('low');
    expect(promoted?.promotion).toMatchObject({ by: 'policy', replaced: before });
    expect(promoted?.promotion?.reason).toContain(`action ${decision.data.actionId} approved automatically`);
    expect(model.versions.find((v) => v.version === before)?.status).toBe('retired');
    const execution = await stack.api.as('u-operator', ['operator']).call<{ execution: { state: string; adapter: string } }>(
      'execution-adapters',
      'GET',
      `/executions/${decision.data.actionId}`,
    );
    expect(execution.execution).toMatchObject({ state: 'executed', adapter: 'model-registry' });

    // The action's lineage names the refit as its model, and its card (the evidence) is reachable.
    const lineage = await reader().call<{ model: { id: string; version: string; card: { service: string; path: string } | null } }>(
      'policy-enforcement',
      'GET',
      `/lineage/${decision.data.actionId}`,
    );
    expect(lineage.model).toMatchObject({ id: 'demand-sensing', version: refit.version, card: { service: 'predictive-risk' } });
    const card = await reader().call<Version & { validation: { trigger?: { reason: string } } }>('predictive-risk', 'GET', lineage.model.card?.path ?? '');
    expect(card).toMatchObject({ version: refit.version, status: 'champion', validation: { trigger: { reason: 'drift' } } });

    // Audited, naming the approval and the decision.
    const audit = await eventually(async () => {
      const entries = await reader().call<AuditEntry[]>('policy-enforcement', 'GET', '/audit?kind=model.promoted');
      return entries.find((e) => e.payload.version === refit.version);
    }, 'the model.promoted audit entry');
    expect(audit).toMatchObject({ actor: 'policy', subject: 'model:demand-sensing' });
    expect(audit.payload.reason).toContain(`decision ${action.data.approval.decisionId}`);
  });

  it("sends a medium-risk model's refit to a person with the role governance, and promotes it once approved", async () => {
    // The same service as a medium-risk model, on a registry of its own that replays the topic
    // (another gap setting, so its versions, and so its actions, are its own).
    await stack.stopService('predictive-risk');
    await stack.startService('predictive-risk', {
      RISK_DEMAND_RISK_TIER: 'medium',
      RISK_DEMAND_MAX_GAP_DAYS: '27',
      PREDICTIVE_RISK_DB_SCHEMA: 'predictive_risk_medium',
      PREDICTIVE_RISK_GROUP_ID: `governor.predictive-risk.${stack.namespace}.medium`,
    });
    const refit = await inShadow();
    const before = (await demandModel()).champion;
    await publishDemand(64, 7);

    const decision = (await promotionDecision('approval-required')).json as Decision;
    expect(decision.data.reasons).toEqual(['model-promotion.governance-approves']);
    const approvalsOf = (roles: string[], user = 'u-gwen') => stack.api.as(user, ['approver', ...roles]);
    const task = await eventually(async () => {
      const tasks = await approvalsOf(['governance']).call<{ taskId: string; requiredRole: string; status: string }[]>(
        'policy-enforcement',
        'GET',
        `/approvals?status=pending&actionId=${encodeURIComponent(decision.data.actionId)}`,
      );
      return tasks[0];
    }, 'the approval task');
    expect(task.requiredRole).toBe('governance');
    // Nothing happens before a person approves, and a planner may not.
    expect((await demandModel()).champion).toBe(before);
    await expect(approvalsOf(['planner'], 'u-pat').call('policy-enforcement', 'POST', `/approvals/${task.taskId}/approve`, {})).rejects.toMatchObject({ status: 403 });
    await approvalsOf(['governance']).call('policy-enforcement', 'POST', `/approvals/${task.taskId}/approve`, { comment: 'shadow run looks right' });

    const model = await eventually(async () => {
      const m = await demandModel();
      return m.champion === refit.version ? m : undefined;
    }, 'the refit promoted after the approval');
    const promoted = model.versions.find((v) => v.version === refit.version);
    expect(promoted?.card.riskTier).toBe('medium');
    expect(promoted?.promotion).toMatchObject({ by: 'u-gwen', replaced: before });
    expect(promoted?.promotion?.reason).toContain(`action ${decision.data.actionId} approved by u-gwen`);
    const audit = await eventually(async () => {
      const entries = await reader().call<AuditEntry[]>('policy-enforcement', 'GET', '/audit?kind=model.promoted');
      return entries.find((e) => e.payload.version === refit.version);
    }, 'the model.promoted audit entry');
    expect(audit).toMatchObject({ actor: 'u-gwen', subject: 'model:demand-sensing' });
  });
});
