// The typed configuration of policy-enforcement, read once at start-up; a bad value stops the
// process naming the variable.
import { loadConfigOrExit, readCommonConfig, type CommonConfig } from '@governor/config';
import { defaultPolicyDirectory } from './infra/cedar/policy-files';

export const SERVICE_NAME = 'policy-enforcement';
export const DEFAULT_PORT = 3003;

export interface PolicyEnforcementConfig extends CommonConfig {
  /** Postgres schema (POLICY_ENFORCEMENT_DB_SCHEMA). */
  schema: string;
  /** Kafka consumer group (POLICY_ENFORCEMENT_GROUP_ID). */
  groupId: string;
  /** The Cedar schema and the bundle stored as version 1 at first start. */
  policyDirectory: string;
  /** How often each instance looks for a newly activated policy version. */
  policyPollSeconds: number;
  approvalEscalateAfterSeconds: number;
  approvalExpireAfterSeconds: number;
  /** How often expiries and escalations are checked. */
  approvalSchedulerSeconds: number;
}

export function loadConfig(): PolicyEnforcementConfig {
  return loadConfigOrExit((r) => {
    const config = {
      ...readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT),
      schema: r.string('POLICY_ENFORCEMENT_DB_SCHEMA', { default: 'policy_enforcement' }),
      groupId: r.string('POLICY_ENFORCEMENT_GROUP_ID', { default: `governor.${SERVICE_NAME}` }),
      policyDirectory: r.string('POLICY_ENFORCEMENT_POLICY_DIR', { default: defaultPolicyDirectory() }),
      policyPollSeconds: r.number('POLICY_ENFORCEMENT_POLICY_POLL_SECONDS', {
        default: 2,
        min: 0.1,
        max: 3600,
      }),
      approvalEscalateAfterSeconds: r.number('APPROVAL_ESCALATE_AFTER_SECONDS', {
        default: 4 * 3600,
        min: 1,
      }),
      approvalExpireAfterSeconds: r.number('APPROVAL_EXPIRE_AFTER_SECONDS', { default: 24 * 3600, min: 1 }),
      approvalSchedulerSeconds: r.number('APPROVAL_SCHEDULER_SECONDS', { default: 5, min: 0.1, max: 3600 }),
    };
    if (!/^[a-z_][a-z0-9_]*$/.test(config.schema)) {
      r.problem('POLICY_ENFORCEMENT_DB_SCHEMA', 'must be a lower-case identifier (letters, digits, _)');
    }
    if (config.approvalEscalateAfterSeconds > config.approvalExpireAfterSeconds) {
      r.problem('APPROVAL_ESCALATE_AFTER_SECONDS', 'must not be later than APPROVAL_EXPIRE_AFTER_SECONDS');
    }
    return config;
  });
}
