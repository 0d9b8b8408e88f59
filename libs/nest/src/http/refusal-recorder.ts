// Every refused API call (401, 403) of a service: counted in /metrics by route pattern, status and
// reason code (governor_http_refusals_total), and reported for the audit log as
// security.violation-recorded.v1 on internal.security-events.v1. Reports are grouped per actor,
// route, code and minute, so that a flood of refusals is one event a minute, not one per request; a
// group is published once its minute has closed. A timer runs only while groups are open (an idle
// service never wakes for this), and stop() publishes what is still open. stop() also runs as a
// Nest shutdown hook (the recorder is a provider of InfrastructureModule): on SIGTERM, Nest's own
// signal handler ends the process once the app has closed, so only work done within close() is sure
// to happen.
import {
  envelope,
  EventTypes,
  SecurityViolationKinds,
  Topics,
  type CloudEvent,
  type Domain,
  type SecurityViolationRecordedV1,
} from '@governor/contracts';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { Counter } from 'prom-client';

export interface Refusal {
  status: 401 | 403;
  /** A stable code: the token failure of a 401 (e.g. `token-expired`), the error code of a 403. */
  code: string;
  reason: string;
  /** `METHOD /route/:pattern`, never the raw URL (one series per route, not per id). */
  target: string;
  actor: string | null;
  domain: Domain | null;
}

export interface RefusalPublisher {
  publishAll(records: readonly { topic: string; event: CloudEvent<unknown> }[]): Promise<void>;
}

export interface RefusalRecorderOptions {
  serviceName: string;
  publisher: RefusalPublisher;
  counter: Counter;
  logger?: { warn(message: string): void };
  now?: () => number;
}

interface Group {
  refusal: Refusal;
  minute: number;
  count: number;
  firstAt: number;
  lastAt: number;
}

const MINUTE_MS = 60_000;

export class RefusalRecorder implements BeforeApplicationShutdown {
  private readonly groups = new Map<string, Group>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: RefusalRecorderOptions) {
    this.now = options.now ?? Date.now;
  }

  record(refusal: Refusal): void {
    this.options.counter.inc({ route: refusal.target, status: String(refusal.status), code: refusal.code });
    const at = this.now();
    const minute = Math.floor(at / MINUTE_MS);
    const key = JSON.stringify([refusal.actor, refusal.target, refusal.code, minute]);
    const group = this.groups.get(key);
    if (group) {
      group.count += 1;
      group.lastAt = at;
    } else {
      this.groups.set(key, { refusal, minute, count: 1, firstAt: at, lastAt: at });
    }
    this.schedule();
  }

  /** Publishes the groups whose minute has closed (all of them with `all`). */
  flush(all = false): Promise<void> {
    const current = Math.floor(this.now() / MINUTE_MS);
    const closed = [...this.groups].filter(([, g]) => all || g.minute < current);
    for (const [key] of closed) this.groups.delete(key);
    if (closed.length === 0) return this.flushing;
    const events = closed.map(([, g]) => ({ topic: Topics.SecurityEventsV1, event: this.event(g) }));
    this.flushing = this.flushing
      .then(() => this.options.publisher.publishAll(events))
      .catch((error: unknown) =>
        this.options.logger?.warn(`could not publish ${events.length} refusal report(s): ${(error as Error).message}`),
      );
    return this.flushing;
  }

  /** Publishes every open group and stops the timer. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush(true);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  get openGroups(): number {
    return this.groups.size;
  }

  private schedule(): void {
    if (this.timer || this.groups.size === 0) return;
    const earliest = Math.min(...[...this.groups.values()].map((g) => g.minute));
    const wait = Math.max(0, (earliest + 1) * MINUTE_MS - this.now()) + 10;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().then(() => this.schedule());
    }, wait);
    this.timer.unref();
  }

  private event(group: Group): CloudEvent<SecurityViolationRecordedV1> {
    const { refusal } = group;
    const service = this.options.serviceName;
    return envelope(EventTypes.SecurityViolationRecordedV1, {
      source: `urn:governor:${service}`,
      subject: service,
      time: new Date(group.lastAt).toISOString(),
      data: {
        service,
        kind: refusal.status === 401 ? SecurityViolationKinds.Unauthenticated : SecurityViolationKinds.Forbidden,
        code: refusal.code,
        reason: refusal.reason,
        target: refusal.target,
        actor: refusal.actor,
        domain: refusal.domain,
        actionId: null,
        count: group.count,
        firstAt: new Date(group.firstAt).toISOString(),
        lastAt: new Date(group.lastAt).toISOString(),
      },
    });
  }
}
