// Creates and removes the ACL bindings the topic registry implies (contracts' registryAcls), on the
// cluster an administrator's client is connected to. Creating an ACL that exists is harmless, so
// applying the registry again after a change only adds what is new.
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Admin } from 'kafkajs';
import type { AclBinding } from '@governor/contracts';

const RESOURCE_TYPES: Record<AclBinding['resourceType'], AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
};

const OPERATIONS: Record<AclBinding['operation'], AclOperationTypes> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
  create: AclOperationTypes.CREATE,
  delete: AclOperationTypes.DELETE,
  alter: AclOperationTypes.ALTER,
  'describe-configs': AclOperationTypes.DESCRIBE_CONFIGS,
  'alter-configs': AclOperationTypes.ALTER_CONFIGS,
  all: AclOperationTypes.ALL,
};

export function toAclEntry(binding: AclBinding): AclEntry {
  return {
    principal: binding.principal,
    host: '*',
    operation: OPERATIONS[binding.operation],
    permissionType: AclPermissionTypes.ALLOW,
    resourceType: RESOURCE_TYPES[binding.resourceType],
    resourceName: binding.name,
    resourcePatternType: binding.patternType === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
  };
}

/**
 * Creates the bindings (in requests of at most 100) and waits until the broker enforces them: the
 * controller acknowledges an ACL before the broker's authorizer has it, and a client that connects
 * in between is refused. The admin's principal must be allowed to alter ACLs.
 */
export async function applyAcls(admin: Admin, bindings: readonly AclBinding[], timeoutMs = 10_000): Promise<void> {
  for (let i = 0; i < bindings.length; i += 100) {
    await admin.createAcls({ acl: bindings.slice(i, i + 100).map(toAclEntry) });
  }
  const deadline = Date.now() + timeoutMs;
  for (const binding of [bindings[0], bindings[bindings.length - 1]].filter((b): b is AclBinding => b !== undefined)) {
    while (!(await visible(admin, binding))) {
      if (Date.now() > deadline) throw new Error(`the broker does not show ACL ${JSON.stringify(binding)} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function visible(admin: Admin, binding: AclBinding): Promise<boolean> {
  const described = await admin.describeAcls(toAclEntry(binding));
  return described.resources.some((resource) => resource.acls.length > 0);
}

/** Removes exactly these bindings, e.g. a test namespace's when its stack stops. */
export async function removeAcls(admin: Admin, bindings: readonly AclBinding[]): Promise<void> {
  for (let i = 0; i < bindings.length; i += 100) {
    await admin.deleteAcls({ filters: bindings.slice(i, i + 100).map(toAclEntry) });
  }
}
