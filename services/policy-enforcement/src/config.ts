// The typed configuration of policy-enforcement, read once at start-up; a bad value stops the
// process naming the variable.
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigOrExit, readCommonConfig, readGroupId, type CommonConfig, type EnvReader } from '@governor/config';
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
  /** The keys that sign approved actions and audit checkpoints. */
  signing: SigningConfig;
  /** How often the audit chain's head is checkpointed when it has moved. */
  auditCheckpointIntervalSeconds: number;
  /** Retention (StoreRetention): decisions by decided_at, resolved approval tasks by resolved_at; 0 keeps them. */
  retention: { decisionsKeepDays: number; approvalsKeepDays: number };
}

export interface SigningConfig {
  /** GOVERNOR_SIGNING_KEY_FILE: the key that signs; when unset, `generatedKeyFile` (made at first start). */
  keyFile: string | undefined;
  generatedKeyFile: string;
  /** GOVERNOR_SIGNING_PREVIOUS_KEY_FILES: keys of a rotation, still published in the JWKS, never used to sign. */
  previousKeyFiles: string[];
}

export const SigningVariables = {
  KeyFile: 'GOVERNOR_SIGNING_KEY_FILE',
  PreviousKeyFiles: 'GOVERNOR_SIGNING_PREVIOUS_KEY_FILES',
  DataDirectory: 'GOVERNOR_DATA_DIR',
} as const;

export function loadConfig(): PolicyEnforcementConfig {
  return loadConfigOrExit(readPolicyEnforcementConfig);
}

export function readPolicyEnforcementConfig(r: EnvReader): PolicyEnforcementConfig {
  const config = {
    ...readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT),
    schema: r.string('POLICY_ENFORCEMENT_DB_SCHEMA', { default: 'policy_enforcement' }),
    groupId: readGroupId(r, SERVICE_NAME),
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
    signing: readSigningConfig(r),
    auditCheckpointIntervalSeconds: r.number('AUDIT_CHECKPOINT_INTERVAL_SECONDS', { default: 60, min: 0.1, max: 86_400 }),
    // 0: kept as long as the audit log (which keeps everything), whose entries and evidence packs name them.
    retention: {
      decisionsKeepDays: r.number('DECISIONS_KEEP_DAYS', { default: 0, min: 0 }),
      approvalsKeepDays: r.number('APPROVALS_KEEP_DAYS', { default: 0, min: 0 }),
    },
  };
  if (!/^[a-z_][a-z0-9_]*$/.test(config.schema)) {
    r.problem('POLICY_ENFORCEMENT_DB_SCHEMA', 'must be a lower-case identifier (letters, digits, _)');
  }
  if (config.approvalEscalateAfterSeconds > config.approvalExpireAfterSeconds) {
    r.problem('APPROVAL_ESCALATE_AFTER_SECONDS', 'must not be later than APPROVAL_EXPIRE_AFTER_SECONDS');
  }
  return config;
}

function readSigningConfig(r: EnvReader): SigningConfig {
  const keyFile = r.optionalString(SigningVariables.KeyFile);
  const dataDirectory = path.resolve(r.string(SigningVariables.DataDirectory, { default: defaultDataDirectory() }));
  const previousKeyFiles = (r.optionalString(SigningVariables.PreviousKeyFiles) ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter((file) => file !== '');
  if (keyFile !== undefined) checkKeyFile(r, SigningVariables.KeyFile, keyFile);
  for (const file of previousKeyFiles) checkKeyFile(r, SigningVariables.PreviousKeyFiles, file);
  return { keyFile, generatedKeyFile: path.join(dataDirectory, 'keys', 'signing-key.pem'), previousKeyFiles };
}

/** A PKCS#8 PEM private key, Ed25519 or P-256; never echoes the file's content. */
function checkKeyFile(r: EnvReader, variable: string, file: string): void {
  if (!existsSync(file)) return r.problem(variable, `${file} does not exist`);
  let type: string | undefined;
  let curve: string | undefined;
  try {
    const key = createPrivateKey(readFileSync(file, 'utf8'));
    type = key.asymmetricKeyType;
    curve = key.asymmetricKeyDetails?.namedCurve;
  } catch {
    return r.problem(variable, `${file} is not a PEM private key (PKCS#8)`);
  }
  if (type !== 'ed25519' && !(type === 'ec' && curve === 'prime256v1')) {
    r.problem(variable, `${file} must hold an Ed25519 or P-256 key, not ${type ?? 'an unknown type'}`);
  }
}

/** `infra/.data` in the repository (found from the source or the dist tree), else in the working directory. */
function defaultDataDirectory(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return path.join(dir, 'infra', '.data');
  }
  return path.resolve('infra', '.data');
}
