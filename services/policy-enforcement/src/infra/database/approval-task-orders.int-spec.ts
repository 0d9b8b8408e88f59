// The migration that gives approval tasks their sort keys, on a real Postgres: tasks written
// before it get the amount and risk their action implies, as tasks written after it do.
import type { DataSource } from 'typeorm';
import { messagingMigrations, openDatabase } from '@governor/messaging';
import { testDatabaseUrl, uniqueSchema } from '@governor/testing';
import { taskAmount, taskRisk } from '../../domain/review-order';
import {
  agentPublicKeyMigration,
  approvalTaskOrdersMigration,
  approvalTaskTraceMigration,
  auditCheckpointsMigration,
  policyEnforcementMigration,
} from './policy-enforcement.migration';

describe('approval task orders migration (real Postgres)', () => {
  const schema = uniqueSchema('pe_orders');
  const before = [
    ...messagingMigrations(schema),
    policyEnforcementMigration(schema),
    approvalTaskTraceMigration(schema),
    auditCheckpointsMigration(schema),
    agentPublicKeyMigration(schema),
  ];
  const open = (migrations: typeof before) => openDatabase({ url: testDatabaseUrl(), schema, migrations, applicationName: 'orders-test', poolSize: 2 });
  let db: DataSource | undefined;

  afterAll(async () => {
    await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.destroy();
  });

  it('computes the amount and risk of the tasks already there', async () => {
    const actions = [
      { actionType: 'procurement.create-purchase-order', parameters: { amount: 12_500 }, lineage: { dataQuality: { score: 0.6 } } },
      { actionType: 'planning.notify-planner', parameters: { message: 'x' }, lineage: { dataQuality: { score: 0.9 } } },
    ] as const;
    const old = await open(before);
    for (const [i, action] of actions.entries()) {
      await old.query(
        `INSERT INTO "${schema}".approval_tasks (task_id, action_id, decision_id, origin, action_type, domain, required_role,
           required_approvers, status, action, reasons, policy_version, requested_at, escalates_at, expires_at)
         VALUES (gen_random_uuid(), $1, 'd', 'decision', $2, 'procurement', 'planner', 1, 'pending', $3, '[]', '1', now(), now(), now())`,
        [`act-${i}`, action.actionType, JSON.stringify(action)],
      );
    }
    await old.destroy();
    db = await open([...before, approvalTaskOrdersMigration(schema)]);
    const rows: { action_id: string; amount: string | null; risk: number }[] = await db.query(
      `SELECT action_id, amount, risk FROM "${schema}".approval_tasks ORDER BY action_id`,
    );
    expect(rows).toEqual([
      { action_id: 'act-0', amount: '12500', risk: taskRisk(actions[0]) },
      { action_id: 'act-1', amount: null, risk: taskRisk(actions[1]) },
    ]);
    expect(taskAmount(actions[0])).toBe(12_500);
    expect(rows[0].risk).toBeCloseTo(4.4);
    expect(rows[1].risk).toBeCloseTo(0.1);
  });
});
