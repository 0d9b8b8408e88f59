// The system tests' Kafka identities, as `npm start` gives them: against the local broker running
// secured, each service connects as its own principal and the namespace a test runs on gets the ACLs
// the topic registry implies (applied as governor-admin, removed again when the stack stops). Off
// when the broker runs plaintext, or when KAFKA_SASL_USERNAME names another cluster's identity.
import { existsSync } from 'node:fs';
import type { Admin } from 'kafkajs';
import { localCredentialsFile, localPrincipalSecurity, localSecurityMode } from '@governor/config';
import { registryAcls, ToolPrincipals, type AclBinding } from '@governor/contracts';
import { applyAcls, createKafka, removeAcls } from '@governor/messaging';
import { testKafkaBrokers } from '@governor/testing';

/** True when the tests run against the local broker secured (the default of `npm test`). */
export function localPrincipalsInUse(): boolean {
  const user = process.env.KAFKA_SASL_USERNAME;
  const ours = user === undefined || user === ToolPrincipals.Test || user === ToolPrincipals.Bench;
  return ours && localSecurityMode() !== 'plaintext' && existsSync(localCredentialsFile(ToolPrincipals.Admin));
}

/** The environment that makes a process connect as `principal` with its local password. */
export function principalEnv(principal: string): Record<string, string> {
  // The simulated ERP speaks only HTTP: it has no principal, and keeps the environment's.
  if (!localPrincipalsInUse() || !existsSync(localCredentialsFile(principal))) return {};
  return { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: principal, KAFKA_SASL_PASSWORD_FILE: localCredentialsFile(principal) };
}

/** Grants the registry's ACLs on a topic namespace; returns what undoes it. */
export async function grantNamespace(namespace: string): Promise<() => Promise<void>> {
  if (!localPrincipalsInUse()) return async () => undefined;
  // The namespace's topics only: the groups (governor.<service>...) and the test principals' rights
  // are the registry's own, granted by `npm run topics` and shared by every namespace.
  const bindings: AclBinding[] = registryAcls({ namespace }).filter((b) => b.resourceType === 'topic' && b.name.startsWith(namespace));
  await asAdmin((admin) => applyAcls(admin, bindings));
  return () => asAdmin((admin) => removeAcls(admin, bindings));
}

async function asAdmin(work: (admin: Admin) => Promise<void>): Promise<void> {
  const admin = createKafka({ brokers: testKafkaBrokers(), clientId: 'system-test-acls', security: localPrincipalSecurity(ToolPrincipals.Admin) }).admin();
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.disconnect();
  }
}
