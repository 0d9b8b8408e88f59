import { EventTypes, parse, Topics, topicOfEventType } from '@governor/contracts';
import { WEEKLY_SEASONALITY } from './catalog';
import { buildScenario } from './scenario';

describe('buildScenario', () => {
  const start = new Date('2026-11-26T08:00:00Z');
  const small = buildScenario({ seed: 7, size: 'small', durationSeconds: 120, start, runId: 'r1' });

  it('produces only events that the contract accepts, on the topic that carries their type', () => {
    for (const { topic, event } of small.events) {
      const parsed = parse({ value: JSON.stringify(event), topic });
      if (!parsed.ok) throw new Error(`${event.type}: ${parsed.error.message}`);
      expect(topicOfEventType(event.type as never)).toBe(topic);
    }
  });

  it('is the same day for the same seed, apart from the run id', () => {
    const again = buildScenario({ seed: 7, size: 'small', durationSeconds: 120, start, runId: 'r2' });
    const strip = (s: typeof small) => s.events.map((e) => ({ ...e, event: { ...e.event, id: '', data: e.event.data } }));
    expect(JSON.stringify(strip(again)).replace(/act-r2-/g, 'act-r1-').replace(/r2-ORD-UNMASTERED/g, 'r1-ORD-UNMASTERED')).toBe(JSON.stringify(strip(small)));
    expect(new Set(small.events.map((e) => e.event.id)).size).toBe(small.events.length);
    const other = buildScenario({ seed: 8, size: 'small', durationSeconds: 120, start, runId: 'r1' });
    expect(JSON.stringify(other.events.map((e) => e.event.data))).not.toBe(JSON.stringify(small.events.map((e) => e.event.data)));
  });

  it('silences the WMS feeds midway, then sends implausible levels, then recovers', () => {
    const levels = small.events.filter((e) => e.event.type === EventTypes.InventoryLevelReportedV1);
    expect(levels.filter((e) => e.phase === 'wms-stale')).toHaveLength(0);
    const stale = small.phases.find((p) => p.phase === 'wms-stale')!;
    expect(levels.some((e) => e.at >= stale.from && e.at < stale.to)).toBe(false);
    const implausible = levels.filter((e) => e.phase === 'wms-implausible').map((e) => e.event.data as { onHand: number; allocated: number; inTransit: number });
    expect(implausible.some((l) => l.allocated > l.onHand + l.inTransit)).toBe(true);
    expect(implausible.some((l) => l.onHand >= 1_000)).toBe(true);
    expect(levels.filter((e) => e.phase === 'recovery').length).toBeGreaterThan(0);
    // Other feeds go on while the WMS is silent.
    expect(small.events.some((e) => e.phase === 'wms-stale' && e.topic === Topics.SourceOrdersV1)).toBe(true);
  });

  it('has demand history with weekly seasonality, and agents within and outside their scope', () => {
    const today = start.toISOString().slice(0, 10);
    const demand = small.events.filter((e) => e.event.type === EventTypes.InventoryDemandRecordedV1 && (e.event.data as { date: string }).date < today);
    expect(demand.length).toBe(12 * 2 * 14);
    // Per SKU-location, the days arrive in date order.
    const bySubject = new Map<string, string[]>();
    for (const e of demand) bySubject.set(e.event.subject, [...(bySubject.get(e.event.subject) ?? []), (e.event.data as { date: string }).date]);
    for (const dates of bySubject.values()) expect([...dates].sort()).toEqual(dates);
    const proposals = small.events.filter((e) => e.topic === Topics.AgentsProposalsV1).map((e) => e.event.data as { agentId: string; actionType: string });
    const scopes = new Map(small.agents.map((a) => [a.agentId, a.scope as string[]]));
    expect(proposals.some((p) => scopes.get(p.agentId)!.includes(p.actionType))).toBe(true);
    expect(proposals.some((p) => !scopes.get(p.agentId)!.includes(p.actionType))).toBe(true);
    const ordered = small.events.map((e) => e.at);
    expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);
  });

  it('records the demand of the played day late in the day, after the business hours, so the forecasts made in the day meet their actuals', () => {
    const today = start.toISOString().slice(0, 10);
    const played = small.events.filter((e) => e.event.type === EventTypes.InventoryDemandRecordedV1 && (e.event.data as { date: string }).date === today);
    // One record per SKU@location, each after every order of the day was placed and in the day (UTC).
    expect(new Set(played.map((e) => e.event.subject)).size).toBe(12 * 2);
    expect(played).toHaveLength(12 * 2);
    const businessEnd = small.phases.find((p) => p.phase === 'business')?.to ?? Infinity;
    const lastOrder = Math.max(...small.events.filter((e) => e.event.type === EventTypes.OrdersSalesOrderPlacedV1).map((e) => e.at));
    for (const e of played) {
      expect(e.at).toBeGreaterThan(businessEnd);
      expect(e.at).toBeGreaterThan(lastOrder);
      expect(e.at).toBeLessThan(120);
      expect(e.event.time.slice(0, 10)).toBe(today);
    }
    // Drawn from the same weekly law as the history: the day's total is near the catalog's mean for that weekday.
    const expected = small.catalog.skus.reduce((sum, s) => sum + s.baseDemand * WEEKLY_SEASONALITY[start.getUTCDay()], 0) * 2;
    const recorded = played.reduce((sum, e) => sum + (e.event.data as { quantity: number }).quantity, 0);
    expect(Math.abs(recorded - expected) / expected).toBeLessThan(0.25);
  });
});
