// Offered load, the same way for the raw Kafka chain (B0) and for Governor (P): a unit of work is
// sent at a fixed rate, the system under test reports when it reaches each milestone (the record
// timestamps of its output topics), and each step is judged afterwards from those timestamps:
// throughput over the measured window, how the backlog moved, and latency percentiles.
import { countUpTo, type LatencySummary, round, sleep, summarize } from './stats';

export interface Unit {
  id: string;
  step: string;
  sentAt: number;
  done: Map<string, number>;
}

/** Every unit sent in a run and the moments it reached its milestones (epoch ms). */
export class Tracker {
  private readonly units = new Map<string, Unit>();
  private pendingCount = 0;

  constructor(
    /** The milestone that completes a unit (B0: the last hop; P: the decision). */
    readonly primary: string,
    readonly milestones: readonly string[],
  ) {}

  sent(id: string, step: string, at: number): void {
    this.units.set(id, { id, step, sentAt: at, done: new Map() });
    this.pendingCount++;
  }

  /** Ignores ids it did not send (seeding, other traffic) and repeats (redelivery). */
  reached(id: string, milestone: string, at: number): void {
    const unit = this.units.get(id);
    if (!unit || unit.done.has(milestone)) return;
    unit.done.set(milestone, at);
    if (milestone === this.primary) this.pendingCount--;
  }

  knows(id: string): boolean {
    return this.units.has(id);
  }

  get pending(): number {
    return this.pendingCount;
  }

  unitsOf(step: string): Unit[] {
    return [...this.units.values()].filter((u) => u.step === step);
  }

  all(): Unit[] {
    return [...this.units.values()];
  }
}

/** Where units come from: it publishes `count` new ones and tells the tracker when it sent each. */
export interface LoadSource {
  send(count: number, step: string, tracker: Tracker): Promise<void>;
}

export interface StepOptions {
  label: string;
  ratePerS: number;
  durationMs: number;
  /** The first part of the step warms up and is not measured. */
  warmFraction: number;
  /** How long to wait after sending for the measured units to complete. */
  graceMs: number;
  maxBatch?: number;
  /** Called before sending starts, and when sending stops (before waiting for the rest). */
  atStart?: () => Promise<void>;
  atSendEnd?: () => Promise<void>;
}

export interface StepResult {
  label: string;
  offeredPerS: number;
  /** What the generator managed to send (below offered when the bench itself is the limit). */
  sentPerS: number;
  achievedPerS: number;
  /** In-flight units at the end of the window minus at its start: flat means sustainable. */
  backlogGrowth: number;
  /** Share of the measured units that reached the primary milestone before we stopped waiting. */
  complete: number;
  sustainable: boolean;
  latency: Record<string, LatencySummary>;
  /** Measured units not done when we stopped waiting, by the last stage each reached. */
  stalled?: Record<string, number>;
}

/** Units not done, by the furthest milestone (in the tracker's order) each reached. */
export function stalledAt(tracker: Tracker, units: readonly Unit[]): Record<string, number> | undefined {
  const stalled: Record<string, number> = {};
  for (const u of units) {
    if (u.done.has(tracker.primary)) continue;
    const furthest = [...tracker.milestones].reverse().find((m) => u.done.has(m)) ?? 'sent';
    stalled[furthest] = (stalled[furthest] ?? 0) + 1;
  }
  return Object.keys(stalled).length > 0 ? stalled : undefined;
}

/** Sends at `ratePerS` for `durationMs`; returns the moment it started. */
export async function offer(source: LoadSource, tracker: Tracker, step: string, ratePerS: number, durationMs: number, maxBatch = 1_000): Promise<{ start: number; sent: number }> {
  const start = Date.now();
  let sent = 0;
  for (;;) {
    const elapsed = Date.now() - start;
    if (elapsed >= durationMs) break;
    const due = Math.floor((ratePerS * elapsed) / 1_000) - sent;
    if (due > 0) {
      const n = Math.min(due, maxBatch);
      await source.send(n, step, tracker);
      sent += n;
    } else {
      await sleep(Math.min(20, Math.max(2, 1_000 / ratePerS / 2)));
    }
  }
  // What fell due while the last sends were in flight still belongs to this step's offer.
  for (let due = Math.floor((ratePerS * durationMs) / 1_000) - sent; due > 0; due -= maxBatch) {
    const n = Math.min(due, maxBatch);
    await source.send(n, step, tracker);
    sent += n;
  }
  return { start, sent };
}

export async function waitUntil(done: () => boolean, timeoutMs: number, pollMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

export async function runStep(source: LoadSource, tracker: Tracker, options: StepOptions): Promise<StepResult> {
  await options.atStart?.();
  const { start, sent } = await offer(source, tracker, options.label, options.ratePerS, options.durationMs, options.maxBatch);
  const sendEnd = Date.now();
  await options.atSendEnd?.();
  const warmEnd = start + options.durationMs * options.warmFraction;
  const units = tracker.unitsOf(options.label);
  const measured = units.filter((u) => u.sentAt >= warmEnd);
  await waitUntil(() => measured.every((u) => u.done.has(tracker.primary)), options.graceMs);

  // Backlog and throughput from timestamps, over every unit in the system (earlier steps included).
  const everything = tracker.all();
  const sentTimes = everything.map((u) => u.sentAt).sort((a, b) => a - b);
  const doneTimes = everything
    .map((u) => u.done.get(tracker.primary))
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  const inflight = (t: number) => countUpTo(sentTimes, t) - countUpTo(doneTimes, t);
  const windowS = (sendEnd - warmEnd) / 1_000;
  const achievedPerS = (countUpTo(doneTimes, sendEnd) - countUpTo(doneTimes, warmEnd)) / windowS;
  const backlogGrowth = inflight(sendEnd) - inflight(warmEnd);
  const completed = measured.filter((u) => u.done.has(tracker.primary)).length;
  const complete = measured.length === 0 ? 0 : completed / measured.length;

  const latency: Record<string, LatencySummary> = {};
  for (const milestone of tracker.milestones) {
    const samples = measured.flatMap((u) => {
      const at = u.done.get(milestone);
      return at === undefined ? [] : [at - u.sentAt];
    });
    latency[milestone] = summarize(samples);
  }
  const offeredInWindow = options.ratePerS * windowS;
  // Judged against what was actually sent: when the generator itself falls behind (sentPerS well
  // under the offer) the step says so, and the system is not blamed for it.
  // Two units of slack: at a few units per second a window holds only a handful of them.
  const sentPerS = sent / ((sendEnd - start) / 1_000);
  const sustainable =
    achievedPerS * windowS >= 0.95 * Math.min(options.ratePerS, sentPerS) * windowS - 2 &&
    backlogGrowth <= Math.max(0.05 * offeredInWindow, 5) &&
    complete >= 0.99;
  return {
    label: options.label,
    offeredPerS: options.ratePerS,
    sentPerS: round(sentPerS) ?? 0,
    achievedPerS: round(achievedPerS) ?? 0,
    backlogGrowth,
    complete: round(complete, 3) ?? 0,
    sustainable,
    latency,
    stalled: stalledAt(tracker, measured),
  };
}

export interface CapacityProbe {
  units: number;
  completed: number;
  /** 90% of the units over the time from the first send to the 90th percentile completion. */
  capacityPerS: number;
  sendS: number;
}

/**
 * Sends `count` units as fast as the producer takes them and measures how fast the system drains
 * them: its capacity, found in seconds rather than by a long ramp.
 */
export async function probeCapacity(
  source: LoadSource,
  tracker: Tracker,
  label: string,
  count: number,
  timeoutMs: number,
  atDrained?: () => Promise<void>,
): Promise<CapacityProbe> {
  const start = Date.now();
  for (let sent = 0; sent < count; ) {
    const n = Math.min(1_000, count - sent);
    await source.send(n, label, tracker);
    sent += n;
  }
  const sendS = (Date.now() - start) / 1_000;
  const units = tracker.unitsOf(label);
  await waitUntil(() => units.every((u) => u.done.has(tracker.primary)), timeoutMs);
  await atDrained?.();
  const done = units
    .map((u) => u.done.get(tracker.primary))
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  let capacityPerS = 0;
  // From the first send, not from the 10th percentile completion: the services handle a fetch's
  // records in one transaction and publish them together, so a small burst completes in a few
  // clusters of one timestamp each, and the spread between its percentiles measured nothing (a
  // burst of 40 "drained at 15,500/s"). The burst's latency counts, which for a probe of thousands
  // is a small part of the span.
  if (done.length >= 10) {
    const hi = Math.ceil(done.length * 0.9) - 1;
    capacityPerS = (hi + 1) / Math.max(0.001, (done[hi] - start) / 1_000);
  }
  return { units: count, completed: done.length, capacityPerS: round(capacityPerS) ?? 0, sendS: round(sendS, 2) ?? 0 };
}
