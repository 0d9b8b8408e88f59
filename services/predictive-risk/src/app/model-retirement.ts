// Retiring a version that will not be promoted (a refit that did worse or was superseded, a version
// validated against a champion since replaced): its status in the registry and its event for the
// audit chain (risk.model-retired.v1), in the caller's transaction.
import { type EntityManager } from 'typeorm';
import { type RetirementReason, type SourceDomain, Topics } from '@governor/contracts';
import { type Outbox } from '@governor/messaging';
import { ModelStatuses } from '../domain/models/model-cards';
import { retiredEvent } from '../domain/models/model-lifecycle';
import { type ModelRegistryRepository, type VersionRecord } from '../infra/model-registry.repository';

export async function retireVersion(
  store: { readonly registry: ModelRegistryRepository; readonly outbox: Outbox },
  manager: EntityManager,
  version: VersionRecord,
  reason: RetirementReason,
  supersededBy: string | null,
): Promise<void> {
  const model = { id: version.modelId, version: version.version, domain: version.domain as SourceDomain };
  await store.registry.setStatus(manager, model, ModelStatuses.Retired);
  await store.outbox.enqueue(manager, [
    { topic: Topics.ModelLifecycleV1, event: retiredEvent(model, version, reason, supersededBy, new Date()) },
  ]);
}
