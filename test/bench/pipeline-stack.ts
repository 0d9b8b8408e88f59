// P, the pipeline under test: the six services and the simulated ERP as processes (GovernorStack:
// fresh database, topic namespace and ports), set up for throughput rather than for a test of
// fallbacks: production-like health timings, feeds that may rest without tripping a breaker,
// proposals repeated for every triggering event (cooldown 0, so every measured source event yields
// a decision), consumer groups of its own, logs at warn. Also: restart with other settings (the
// tracing runs), consumer lag per service, and what to watch for CPU and memory.
import { Admin } from 'kafkajs';
import { SOURCE_TOPIC_VALUES, Topics } from '@governor/contracts';
import type { ServiceName } from '@governor/cli';
import { deleteTopicNamespace, uniqueName } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';
import type { Watched } from './process-stats';

/** Each service's consumer-group setting (all configurable, see each service's config.ts). */
const GROUP_VARIABLES: Partial<Record<ServiceName, string>> = {
  'data-quality': 'DATA_QUALITY_GROUP_ID',
  'predictive-risk': 'PREDICTIVE_RISK_GROUP_ID',
  'policy-enforcement': 'POLICY_ENFORCEMENT_GROUP_ID',
  'execution-adapters': 'EXECUTION_ADAPTERS_GROUP_ID',
  'resilience-monitor': 'RESILIENCE_MONITOR_GROUP_ID',
  'circuit-breaker': 'CIRCUIT_BREAKER_GROUP_ID',
};

/** What each service's group consumes (each service's main.ts), for its lag. */
const SUBSCRIPTIONS: Partial<Record<ServiceName, string[]>> = {
  'data-quality': [...SOURCE_TOPIC_VALUES, Topics.DeadLetterV1],
  'predictive-risk': [Topics.QualityScoredV1],
  'policy-enforcement': [Topics.ActionsProposedV1, Topics.AgentsProposalsV1, Topics.FeedHealthV1, Topics.DomainModesV1, Topics.ActionsOutcomesV1, Topics.ReviewRequestsV1],
  'execution-adapters': [Topics.ActionsApprovedV1],
  'resilience-monitor': [Topics.FeedHealthV1, Topics.ModelHealthV1, Topics.DecisionsV1, Topics.ApprovalsV1, Topics.ActionsOutcomesV1, Topics.DomainModesV1],
  'circuit-breaker': [Topics.DomainHealthV1],
};

/** Pipeline order, for naming the stage where a backlog builds up. */
export const PIPELINE_ORDER: ServiceName[] = ['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters', 'resilience-monitor', 'circuit-breaker'];

export interface Pipeline {
  stack: GovernorStack;
  groups: Partial<Record<ServiceName, string>>;
}

export async function startPipeline(extraEnv: Record<string, string> = {}): Promise<Pipeline> {
  const run = uniqueName('bench');
  const groups = Object.fromEntries(Object.keys(GROUP_VARIABLES).map((s) => [s, `governor.${s}.${run}`])) as Partial<Record<ServiceName, string>>;
  const env: Record<string, string> = {
    LOG_LEVEL: 'warn',
    // Every low stock report proposes again: one decision per measured source event.
    RISK_PROPOSAL_COOLDOWN_SECONDS: '0',
    // Otherwise every setting is the services' default, as `npm start` runs them (fastTimings off
    // below). A feed resting for the length of the bench is not stale, and the restarts for the
    // tracing runs leave gaps in feed health: neither is a reason to fall back here.
    DQ_STALE_AFTER_SECONDS: '3600',
    HEALTH_FEED_REPORT_MAX_AGE_SECONDS: '3600',
    ...Object.fromEntries(Object.entries(GROUP_VARIABLES).map(([s, variable]) => [variable, groups[s as ServiceName] as string])),
    ...extraEnv,
  };
  // A stack that cannot start stops what it started and drops its database itself.
  // The registry's partitions, as production has them (tests use two per topic).
  return { stack: await GovernorStack.start({ env, topicPartitions: Number.POSITIVE_INFINITY, fastTimings: false }), groups };
}

/**
 * Stops every service and starts it again with `extraEnv` on top (same database and topics). It
 * waits for the consumer groups to empty first: a member that did not leave cleanly would hold the
 * new one's join (and its readiness) until its session times out.
 */
export async function restartPipeline(admin: Admin, pipeline: Pipeline, extraEnv: Record<string, string>): Promise<void> {
  const services = [...pipeline.stack.processes.keys()];
  await Promise.all(services.map((s) => pipeline.stack.stopService(s)));
  const groupIds = Object.values(pipeline.groups).filter((g): g is string => g !== undefined);
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const { groups } = await admin.describeGroups(groupIds);
    if (groups.every((g) => g.members.length === 0)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await Promise.all(services.map((s) => pipeline.stack.startService(s, extraEnv)));
}

/** Records not yet committed by each service's group, over the topics it consumes. */
export async function consumerLag(admin: Admin, pipeline: Pipeline): Promise<Partial<Record<ServiceName, number>>> {
  const lags: Partial<Record<ServiceName, number>> = {};
  const highs = new Map<string, Map<number, number>>();
  const high = async (topic: string) => {
    let map = highs.get(topic);
    if (!map) {
      map = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
      highs.set(topic, map);
    }
    return map;
  };
  for (const service of PIPELINE_ORDER) {
    const groupId = pipeline.groups[service];
    if (!groupId) continue;
    let lag = 0;
    const topics = (SUBSCRIPTIONS[service] ?? []).map((t) => pipeline.stack.namespace + t);
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      const ends = await high(topic);
      for (const p of partitions) {
        // Nothing committed yet: everything on the (fresh) topic is still to be consumed.
        const committed = Math.max(0, Number(p.offset));
        lag += Math.max(0, (ends.get(p.partition) ?? 0) - committed);
      }
    }
    lags[service] = lag;
  }
  return lags;
}

/** Waits until no service has anything left to consume (after seeding, between phases). */
export async function waitQuiet(admin: Admin, pipeline: Pipeline, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lags = await consumerLag(admin, pipeline);
    const total = Object.values(lags).reduce((a, b) => a + (b ?? 0), 0);
    if (total === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function pipelineWatched(pipeline: Pipeline): Watched[] {
  const instances = pipeline.stack.instances.map(({ service, process: child, port }, i) => ({
    name: `${service}-${i + 2}`,
    pids: () => (child.pid ? [child.pid] : []),
    metricsUrl: `http://127.0.0.1:${port}/metrics`,
  }));
  return [
    ...[...pipeline.stack.processes].map(([service, child]) => ({
      name: service,
      pids: () => (child.pid ? [child.pid] : []),
      metricsUrl: `${pipeline.stack.url(service)}/metrics`,
    })),
    ...instances,
  ];
}

/** Stops the services, drops the database, and deletes the run's topics. */
export async function stopPipeline(admin: Admin, pipeline: Pipeline): Promise<void> {
  await pipeline.stack.stop();
  await deleteTopicNamespace(admin, pipeline.stack.namespace);
}
