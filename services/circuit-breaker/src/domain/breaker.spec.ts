// Every transition of the breaker, flapping health, stale reports, and forced modes.
import { DomainModes } from '@governor/contracts';
import {
  applyHealth,
  BreakerRuleError,
  BreakerSettings,
  BreakerState,
  clearOverride,
  force,
  HealthReport,
  initialState,
  ModeChange,
} from './breaker';

const settings: BreakerSettings = {
  tripThreshold: 0.5,
  recoveryThreshold: 0.8,
  coolDownMs: 10_000,
  probationWindows: 3,
  maxReportAgeMs: 60_000,
};
const T0 = Date.parse('2025-03-03T08:00:00Z');
const FEED = 'urn:wms:dc-east|source.inventory.v1';

function report(health: number, at: number, staleFeeds: string[] = []): HealthReport {
  return { health, staleFeeds, reportedAt: at };
}

/** Feeds windows one second apart from `start`, returning the final state and every announced change. */
function feed(state: BreakerState, healths: number[], start: number) {
  const changes: ModeChange[] = [];
  let current = state;
  healths.forEach((health, i) => {
    const t = start + i * 1_000;
    const { state: next, change } = applyHealth(current, report(health, t), t, settings);
    current = next;
    if (change) changes.push(change);
  });
  return { state: current, changes };
}

describe('circuit breaker state machine', () => {
  const automated = initialState('inventory', T0);

  it('starts automated', () => {
    expect(automated).toEqual({ domain: 'inventory', mode: 'automated', since: T0, healthyStreak: 0, override: null });
  });

  it('stays automated on health at or above the trip threshold', () => {
    const { state, change } = applyHealth(automated, report(0.5, T0 + 1_000), T0 + 1_000, settings);
    expect(change).toBeNull();
    expect(state).toBe(automated);
  });

  it('automated -> manual-fallback when health falls below the trip threshold', () => {
    const { state, change } = applyHealth(automated, report(0.49, T0 + 1_000), T0 + 1_000, settings);
    expect(state.mode).toBe(DomainModes.ManualFallback);
    expect(state.since).toBe(T0 + 1_000);
    expect(change).toEqual({
      domain: 'inventory',
      mode: 'manual-fallback',
      previousMode: 'automated',
      reason: 'health 0.49 below the trip threshold 0.50',
      triggeredBy: 'breaker',
      since: T0 + 1_000,
    });
  });

  it('automated -> manual-fallback on a stale feed even when the health figure is high', () => {
    const { state, change } = applyHealth(automated, report(0.9, T0 + 1_000, [FEED]), T0 + 1_000, settings);
    expect(state.mode).toBe('manual-fallback');
    expect(change?.reason).toBe(`stale feeds: ${FEED}`);
  });

  describe('from manual-fallback', () => {
    const tripped = applyHealth(automated, report(0.2, T0), T0, settings).state;

    it('stays in manual-fallback before the cool-down has passed, however healthy', () => {
      const { state, change } = applyHealth(tripped, report(1, T0 + 9_999), T0 + 9_999, settings);
      expect(change).toBeNull();
      expect(state.mode).toBe('manual-fallback');
    });

    it('stays in manual-fallback after the cool-down while health is below the recovery threshold', () => {
      expect(applyHealth(tripped, report(0.79, T0 + 20_000), T0 + 20_000, settings).change).toBeNull();
      expect(applyHealth(tripped, report(0.95, T0 + 20_000, [FEED]), T0 + 20_000, settings).change).toBeNull();
    });

    it('manual-fallback -> probation once cooled down and health reaches the recovery threshold', () => {
      const { state, change } = applyHealth(tripped, report(0.8, T0 + 10_000), T0 + 10_000, settings);
      expect(state).toMatchObject({ mode: 'probation', since: T0 + 10_000, healthyStreak: 0 });
      expect(change).toMatchObject({
        mode: 'probation',
        previousMode: 'manual-fallback',
        triggeredBy: 'breaker',
        reason: 'health 0.80 at or above the recovery threshold 0.80 after a cool-down of 10 s',
      });
    });
  });

  describe('from probation', () => {
    const probation: BreakerState = { domain: 'inventory', mode: 'probation', since: T0, healthyStreak: 0, override: null };

    it('probation -> automated after N healthy windows in a row, not before', () => {
      const { state, changes } = feed(probation, [0.9, 0.85, 0.95], T0 + 1_000);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        mode: 'automated',
        previousMode: 'probation',
        reason: '3 healthy windows in a row in probation',
        since: T0 + 3_000,
      });
      expect(state).toMatchObject({ mode: 'automated', healthyStreak: 0 });
      expect(feed(probation, [0.9, 0.85], T0 + 1_000).state).toMatchObject({ mode: 'probation', healthyStreak: 2 });
    });

    it('a window between the thresholds breaks the streak without tripping', () => {
      const { state, changes } = feed(probation, [0.9, 0.9, 0.6, 0.9, 0.9], T0 + 1_000);
      expect(changes).toEqual([]);
      expect(state).toMatchObject({ mode: 'probation', healthyStreak: 2 });
    });

    it('probation -> manual-fallback on one unhealthy window', () => {
      const { state, changes } = feed(probation, [0.9, 0.9, 0.3], T0 + 1_000);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        mode: 'manual-fallback',
        previousMode: 'probation',
        reason: 'unhealthy window in probation: health 0.30 below the trip threshold 0.50',
      });
      expect(state).toMatchObject({ mode: 'manual-fallback', since: T0 + 3_000, healthyStreak: 0 });
    });

    it('probation -> manual-fallback on a stale feed', () => {
      const { state } = applyHealth(probation, report(1, T0 + 1_000, [FEED]), T0 + 1_000, settings);
      expect(state.mode).toBe('manual-fallback');
    });
  });

  it('flapping health never leaves manual-fallback sooner than the cool-down', () => {
    // Health alternates healthy/unhealthy every second for two minutes.
    const healths = Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? 0.2 : 0.95));
    const { changes } = feed(automated, healths, T0 + 1_000);
    const trips = changes.filter((c) => c.mode === 'manual-fallback');
    const exits = changes.filter((c) => c.previousMode === 'manual-fallback');
    // Every stay in manual-fallback lasts at least the cool-down ...
    for (const exit of exits) {
      const entered = trips.filter((t) => t.since <= exit.since).at(-1)?.since ?? Number.NaN;
      expect(exit.since - entered).toBeGreaterThanOrEqual(settings.coolDownMs);
    }
    // ... so two minutes hold at most 120 s / 10 s + 1 trips, and probation never completes here.
    expect(trips.length).toBeLessThanOrEqual(13);
    expect(trips.length).toBeGreaterThan(1);
    expect(changes.some((c) => c.mode === 'automated')).toBe(false);
  });

  it('ignores a report that was already too old when it arrived', () => {
    const { state, change } = applyHealth(automated, report(0.1, T0), T0 + 60_001, settings);
    expect(change).toBeNull();
    expect(state.mode).toBe('automated');
  });

  describe('forced modes', () => {
    it('a forced manual-fallback holds against healthy windows until cleared', () => {
      const forced = force(automated, 'manual-fallback', 'ops-1', 'ERP migration tonight', T0 + 1_000);
      expect(forced.change).toEqual({
        domain: 'inventory',
        mode: 'manual-fallback',
        previousMode: 'automated',
        reason: 'forced by operator: ERP migration tonight',
        triggeredBy: 'operator:ops-1',
        since: T0 + 1_000,
      });
      const { state, changes } = feed(forced.state, Array<number>(60).fill(1), T0 + 2_000);
      expect(changes).toEqual([]);
      expect(state).toMatchObject({ mode: 'manual-fallback', override: { mode: 'manual-fallback', userId: 'ops-1' } });
    });

    it('a forced automated holds against unhealthy windows and stale feeds', () => {
      const forced = force(automated, 'automated', 'ops-1', 'known false alarm', T0).state;
      const { state, change } = applyHealth(forced, report(0, T0 + 1_000, [FEED]), T0 + 1_000, settings);
      expect(change).toBeNull();
      expect(state.mode).toBe('automated');
      // Forcing the mode the domain is already in is still announced, for the audit log.
      expect(force(automated, 'automated', 'ops-1', 'x', T0).change).toMatchObject({ mode: 'automated', previousMode: 'automated', since: T0 });
    });

    it('clearing hands control back to the rules from the current mode', () => {
      const forced = force(automated, 'manual-fallback', 'ops-1', 'drill', T0).state;
      const cleared = clearOverride(forced, 'ops-2', 'drill over');
      expect(cleared.change).toEqual({
        domain: 'inventory',
        mode: 'manual-fallback',
        previousMode: 'manual-fallback',
        reason: 'override cleared by operator, the health rules decide again: drill over',
        triggeredBy: 'operator:ops-2',
        since: T0,
      });
      expect(cleared.state.override).toBeNull();
      // The cool-down counts from when the domain entered manual-fallback, so probation follows.
      const next = applyHealth(cleared.state, report(0.9, T0 + 10_000), T0 + 10_000, settings);
      expect(next.change?.mode).toBe('probation');
    });

    it('clearing when nothing is forced is refused', () => {
      expect(() => clearOverride(automated, 'ops-1', 'x')).toThrow(BreakerRuleError);
    });

    it('a cleared forced automated trips on the next unhealthy window', () => {
      const forced = force(initialState('credit', T0), 'automated', 'ops-1', 'x', T0).state;
      const cleared = clearOverride(forced, 'ops-1', 'y').state;
      expect(applyHealth(cleared, report(0.1, T0 + 1_000), T0 + 1_000, settings).state.mode).toBe('manual-fallback');
    });
  });
});
