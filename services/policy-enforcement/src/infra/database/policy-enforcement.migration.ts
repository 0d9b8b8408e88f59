// The tables of policy-enforcement: policy versions and the active one, the agent registry,
// decisions (with the Cedar request each was made from, for simulation), approval tasks and their
// approvals, the hash-chained audit log, and what it keeps from other services' events (feed
// health, domain modes, execution outcomes). Schema changes go only through migrations.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumnMigration, assertSchemaName, type MigrationClass } from '@governor/messaging';
import { taskAmount, taskRisk } from '../../domain/review-order';
import type { PendingAction } from './approval-store';

export function policyEnforcementMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class PolicyEnforcementTables1764200000000 implements MigrationInterface {
    name = 'PolicyEnforcementTables1764200000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".policy_versions (
          version     integer     PRIMARY KEY,
          description text        NOT NULL,
          policies    text        NOT NULL,
          created_by  text        NOT NULL,
          created_at  timestamptz NOT NULL DEFAULT now()
        )`);
      // One row: the version every instance decides with (each polls it).
      await runner.query(`
        CREATE TABLE "${s}".active_policy (
          singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
          version      integer     NOT NULL REFERENCES "${s}".policy_versions (version),
          activated_by text        NOT NULL,
          activated_at timestamptz NOT NULL
        )`);
      await runner.query(`
        CREATE TABLE "${s}".agents (
          agent_id    text        PRIMARY KEY,
          owner       text        NOT NULL,
          scope       text[]      NOT NULL,
          description text        NOT NULL,
          updated_by  text        NOT NULL,
          updated_at  timestamptz NOT NULL
        )`);
      await runner.query(`
        CREATE TABLE "${s}".decisions (
          decision_id        uuid        PRIMARY KEY,
          action_id          text        NOT NULL UNIQUE,
          action_type        text        NOT NULL,
          domain             text        NOT NULL,
          outcome            text        NOT NULL,
          reasons            jsonb       NOT NULL,
          policy_version     integer     NOT NULL,
          domain_mode        text        NOT NULL,
          required_approvers integer     NOT NULL,
          agent_id           text,
          parameters         jsonb       NOT NULL,
          lineage            jsonb       NOT NULL,
          proposal           jsonb       NOT NULL,
          cedar_request      jsonb,
          decided_at         timestamptz NOT NULL
        )`);
      await runner.query(`CREATE INDEX decisions_decided_at ON "${s}".decisions (decided_at)`);
      await runner.query(`
        CREATE TABLE "${s}".approval_tasks (
          task_id            uuid        PRIMARY KEY,
          action_id          text        NOT NULL,
          decision_id        text        NOT NULL,
          origin             text        NOT NULL,
          action_type        text        NOT NULL,
          domain             text        NOT NULL,
          required_role      text        NOT NULL,
          required_approvers integer     NOT NULL,
          status             text        NOT NULL,
          proposed_by        text,
          agent_owner        text,
          action             jsonb       NOT NULL,
          reasons            jsonb       NOT NULL,
          review_reason      text,
          policy_version     text        NOT NULL,
          requested_at       timestamptz NOT NULL,
          escalates_at       timestamptz NOT NULL,
          expires_at         timestamptz NOT NULL,
          escalated_at       timestamptz,
          resolved_at        timestamptz,
          rejected_by        text,
          resolution_comment text,
          UNIQUE (action_id, origin)
        )`);
      await runner.query(
        `CREATE INDEX approval_tasks_pending ON "${s}".approval_tasks (expires_at) WHERE status = 'pending'`,
      );
      await runner.query(`
        CREATE TABLE "${s}".approvals (
          task_id     uuid        NOT NULL REFERENCES "${s}".approval_tasks (task_id),
          approver    text        NOT NULL,
          comment     text,
          approved_at timestamptz NOT NULL,
          PRIMARY KEY (task_id, approver)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".audit_log (
          seq         bigint      PRIMARY KEY,
          occurred_at timestamptz NOT NULL,
          kind        text        NOT NULL,
          actor       text        NOT NULL,
          subject     text        NOT NULL,
          payload     jsonb       NOT NULL,
          prev_hash   text        NOT NULL,
          hash        text        NOT NULL
        )`);
      await runner.query(`CREATE INDEX audit_log_subject ON "${s}".audit_log (subject)`);
      // Append-only for everyone but a table owner who disables this on purpose; the hash chain
      // shows what such a person changes anyway.
      await runner.query(`
        CREATE FUNCTION "${s}".audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'the audit log is append-only';
        END $$`);
      await runner.query(`
        CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON "${s}".audit_log
        FOR EACH ROW EXECUTE FUNCTION "${s}".audit_log_append_only()`);
      await runner.query(`
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "${s}".audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION "${s}".audit_log_append_only()`);
      await runner.query(`
        CREATE TABLE "${s}".feed_health (
          feed_source text             NOT NULL,
          topic       text             NOT NULL,
          domain      text             NOT NULL,
          mean_score  double precision,
          stale       boolean          NOT NULL,
          reported_at timestamptz      NOT NULL,
          PRIMARY KEY (feed_source, topic)
        )`);
      await runner.query(`
        CREATE TABLE "${s}".domain_modes (
          domain        text        PRIMARY KEY,
          mode          text        NOT NULL,
          previous_mode text        NOT NULL,
          reason        text        NOT NULL,
          triggered_by  text        NOT NULL,
          since         timestamptz NOT NULL
        )`);
      await runner.query(`
        CREATE TABLE "${s}".action_outcomes (
          source             text        NOT NULL,
          event_id           text        NOT NULL,
          action_id          text        NOT NULL,
          type               text        NOT NULL,
          adapter            text        NOT NULL,
          external_reference text,
          error              text,
          attempts           integer     NOT NULL,
          occurred_at        timestamptz NOT NULL,
          PRIMARY KEY (source, event_id)
        )`);
      await runner.query(`CREATE INDEX action_outcomes_action ON "${s}".action_outcomes (action_id)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const table of [
        'action_outcomes',
        'domain_modes',
        'feed_health',
        'audit_log',
        'approvals',
        'approval_tasks',
        'decisions',
        'agents',
        'active_policy',
        'policy_versions',
      ]) {
        await runner.query(`DROP TABLE "${s}".${table}`);
      }
      await runner.query(`DROP FUNCTION "${s}".audit_log_append_only()`);
    }
  };
}

/**
 * The trace context of the decision (or review request) that opened an approval task, so that
 * what the approval schedule does to it later (its expiry) continues that trace.
 */
export function approvalTaskTraceMigration(schema: string): MigrationClass {
  return addColumnMigration(schema, {
    name: 'ApprovalTaskTrace1764200100000',
    table: 'approval_tasks',
    column: 'trace_headers',
    definition: 'jsonb',
  });
}

/**
 * Signed checkpoints of the audit chain's head, beside the log and append-only like it (the same
 * trigger function): `GET /audit/verify` holds the log to the newest one whose signature verifies,
 * so cutting the log's newest entries no longer leaves a chain that looks whole.
 */
export function auditCheckpointsMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class AuditCheckpoints1764200200000 implements MigrationInterface {
    name = 'AuditCheckpoints1764200200000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${s}".audit_checkpoints (
          seq        bigint      PRIMARY KEY,
          hash       text        NOT NULL,
          at         timestamptz NOT NULL,
          kid        text        NOT NULL,
          signature  text        NOT NULL
        )`);
      await runner.query(`
        CREATE TRIGGER audit_checkpoints_no_update_or_delete BEFORE UPDATE OR DELETE ON "${s}".audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION "${s}".audit_log_append_only()`);
      await runner.query(`
        CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "${s}".audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION "${s}".audit_log_append_only()`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${s}".audit_checkpoints`);
    }
  };
}

/** The public JWK each agent signs its proposals with (docs/contract.md section 7); null for agents registered before. */
export function agentPublicKeyMigration(schema: string): MigrationClass {
  return addColumnMigration(schema, {
    name: 'AgentPublicKey1766200000000',
    table: 'agents',
    column: 'public_key',
    definition: 'jsonb',
  });
}

/**
 * Who last activated each policy version and when (docs/contract.md section 7: the versions carry
 * who activated them, not only the one active now); the active version's are copied from its pointer.
 */
export function policyVersionActivationMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class PolicyVersionActivation1766300000000 implements MigrationInterface {
    name = 'PolicyVersionActivation1766300000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(
        `ALTER TABLE "${s}".policy_versions ADD COLUMN activated_by text, ADD COLUMN activated_at timestamptz`,
      );
      await runner.query(`
        UPDATE "${s}".policy_versions v SET activated_by = a.activated_by, activated_at = a.activated_at
        FROM "${s}".active_policy a WHERE a.version = v.version`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(
        `ALTER TABLE "${s}".policy_versions DROP COLUMN activated_by, DROP COLUMN activated_at`,
      );
    }
  };
}

/**
 * The review queue's orders (`GET /approvals?sort=age|amount|risk`, domain/review-order.ts): each
 * task's amount and risk as columns, computed once when the task is written (existing tasks here,
 * with the same functions), and an index per order, led by the status every listing filters on,
 * so that a page is an index range whatever its depth.
 */
export function approvalTaskOrdersMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class ApprovalTaskOrders1766310000000 implements MigrationInterface {
    name = 'ApprovalTaskOrders1766310000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${s}".approval_tasks ADD COLUMN amount numeric, ADD COLUMN risk double precision`);
      for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
        const rows: { task_id: string; action: PendingAction }[] = await runner.query(
          `SELECT task_id, action FROM "${s}".approval_tasks WHERE task_id > $1 ORDER BY task_id LIMIT 1000`,
          [after],
        );
        if (rows.length === 0) break;
        await runner.query(
          `UPDATE "${s}".approval_tasks t SET amount = u.amount, risk = u.risk
           FROM unnest($1::uuid[], $2::numeric[], $3::float8[]) AS u(task_id, amount, risk) WHERE t.task_id = u.task_id`,
          [rows.map((r) => r.task_id), rows.map((r) => taskAmount(r.action)), rows.map((r) => taskRisk(r.action))],
        );
        after = rows[rows.length - 1].task_id;
      }
      await runner.query(`ALTER TABLE "${s}".approval_tasks ALTER COLUMN risk SET NOT NULL`);
      await runner.query(
        `CREATE INDEX approval_tasks_by_age ON "${s}".approval_tasks (status, requested_at, task_id)`,
      );
      await runner.query(
        `CREATE INDEX approval_tasks_by_amount ON "${s}".approval_tasks (status, (-coalesce(amount, -1)), requested_at, task_id)`,
      );
      await runner.query(
        `CREATE INDEX approval_tasks_by_risk ON "${s}".approval_tasks (status, (-risk), requested_at, task_id)`,
      );
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const index of ['approval_tasks_by_age', 'approval_tasks_by_amount', 'approval_tasks_by_risk']) {
        await runner.query(`DROP INDEX "${s}".${index}`);
      }
      await runner.query(`ALTER TABLE "${s}".approval_tasks DROP COLUMN amount, DROP COLUMN risk`);
    }
  };
}

/**
 * The audit log by time: `GET /audit?from=&to=` and the evidence pack's range (`seqRange`) look
 * entries up by when they were written, which scanned the whole log without it.
 */
export function auditLogTimeMigration(schema: string): MigrationClass {
  const s = assertSchemaName(schema);
  return class AuditLogTime1766320000000 implements MigrationInterface {
    name = 'AuditLogTime1766320000000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE INDEX audit_log_occurred_at ON "${s}".audit_log (occurred_at)`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP INDEX "${s}".audit_log_occurred_at`);
    }
  };
}
