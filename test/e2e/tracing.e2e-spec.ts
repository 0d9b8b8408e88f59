// Traces for SREs: with OTEL_EXPORTER_OTLP_ENDPOINT set, every service exports, and one
// auto-approved action's spans, from the source system's publish through data-quality,
// predictive-risk, policy-enforcement and execution-adapters to the ERP call, share one trace id.
import { trace } from '@opentelemetry/api';
import { EventTypes, Topics, type CloudEvent } from '@governor/contracts';
import { exampleEvent } from '@governor/contracts/testing';
import { uniqueName, useTestTracing } from '@governor/testing';
import { GovernorStack } from '../support/governor-stack';
import { OtlpReceiver } from '../support/otlp-receiver';
import { SteadyFeeds } from '../support/steady-feeds';

jest.setTimeout(180_000);

describe('one trace across the services (OTLP/HTTP export)', () => {
  const receiver = new OtlpReceiver();
  let stack: GovernorStack;
  let stopTracing: () => void;
  let feeds: SteadyFeeds;

  beforeAll(async () => {
    stopTracing = useTestTracing();
    const endpoint = await receiver.start();
    stack = await GovernorStack.start({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        RISK_DEMAND_ALPHA: '0.5',
        RISK_SERVICE_LEVEL: '0.95',
        RISK_REVIEW_PERIOD_DAYS: '7',
        RISK_MIN_HISTORY_DAYS: '14',
        // The demand history and the supplier terms below are one-off batches: declared with an
        // hour's stale period, their feeds do not go stale (and the domains fall back) while the
        // test runs, however long publishing them takes.
        DQ_FEED_STALE_AFTER_SECONDS: 'urn:erp:sales|source.inventory.v1=3600,urn:erp:procurement|source.procurement.v1=3600',
      },
    });
    // The WMS feed keeps reporting, as a healthy one does.
    feeds = new SteadyFeeds(stack.publisher);
    feeds.start();
  });

  afterAll(async () => {
    await feeds?.stop();
    await stack?.stop();
    await receiver.stop();
    stopTracing();
  });

  function sourceEvent(type: string, source: string, subject: string, data: object): CloudEvent<unknown> {
    return { ...exampleEvent(type as never), id: uniqueName('src'), source, subject, time: new Date().toISOString(), data };
  }

  it('follows a low stock report to the purchase order in the ERP in one trace', async () => {
    const approved = await stack.record(Topics.ActionsApprovedV1);
    const sku = `SKU-${uniqueName('tr').slice(-8)}`;
    const subject = `${sku}@DC-EAST`;
    // Terms and sixteen days of demand (20 a day, so about 60 over the 3-day lead time), then
    // the stock runs down: 60 on hand is below the reorder point (~70) and a purchase order of
    // about 150 x 12.50 follows, small and confident enough to run automatically.
    const today = Date.now();
    const history = Array.from({ length: 16 }, (_, i) =>
      sourceEvent(EventTypes.InventoryDemandRecordedV1, 'urn:erp:sales', subject, {
        sku,
        location: 'DC-EAST',
        date: new Date(today - (16 - i) * 86_400_000).toISOString().slice(0, 10),
        quantity: 20,
      }),
    );
    const terms = sourceEvent(EventTypes.ProcurementSupplierTermsUpdatedV1, 'urn:erp:procurement', `SUP-A@${sku}`, {
      supplierId: 'SUP-A',
      sku,
      unitCost: 12.5,
      minOrderQuantity: 100,
      quotedLeadTimeDays: 3,
    });
    await stack.publisher.publishAll([
      { topic: Topics.SourceProcurementV1, event: terms },
      ...history.map((event) => ({ topic: Topics.SourceInventoryV1, event })),
    ]);
    const level = (onHand: number) =>
      sourceEvent(EventTypes.InventoryLevelReportedV1, 'urn:wms:dc-east', subject, {
        sku,
        location: 'DC-EAST',
        onHand,
        allocated: 0,
        inTransit: 0,
        unitCost: 12.5,
        asOf: new Date().toISOString(),
      });
    await stack.publisher.publishAll([300, 200, 100].map((n) => ({ topic: Topics.SourceInventoryV1, event: level(n) })));
    // Let the history through data-quality (all 20 scored) and give predictive-risk a moment, so
    // the last report is the one that triggers the order.
    const scored = await stack.record(Topics.QualityScoredV1);
    await scored.waitForCount((m) => (m.json as { subject: string }).subject.includes(sku), 20, 60_000);
    await new Promise((r) => setTimeout(r, 3_000));

    const traceId = await trace.getTracer('wms').startActiveSpan('wms publish level', async (span) => {
      await stack.publisher.publish(Topics.SourceInventoryV1, level(60));
      span.end();
      return span.spanContext().traceId;
    });

    const action = await approved.waitFor(
      (m) => (m.json as { data: { parameters: { sku?: string } } }).data.parameters.sku === sku,
      60_000,
      `an approved purchase order for ${sku}`,
    );
    const data = (action.json as { data: { actionId: string; approval: { mode: string } } }).data;
    expect(data.approval.mode).toBe('automatic');
    expect(action.headers.traceparent).toContain(traceId);

    const expected = ['data-quality', 'predictive-risk', 'policy-enforcement', 'execution-adapters', 'simulated-erp'];
    // Spans arrive in batches from each service: wait for the ERP call and its handling too.
    const erpCall = () =>
      receiver.spans.some((s) => s.traceId === traceId && s.service === 'execution-adapters' && /^POST/.test(s.name)) &&
      receiver.spans.some((s) => s.traceId === traceId && s.service === 'simulated-erp' && /^POST/.test(s.name));
    const deadline = Date.now() + 30_000;
    while (!(expected.every((s) => receiver.servicesIn(traceId).has(s)) && erpCall()) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const services = receiver.servicesIn(traceId);
    expect([...services].sort()).toEqual(expect.arrayContaining(expected));
    expect(services.size).toBeGreaterThanOrEqual(4);
    // The ERP call of execution-adapters, and the ERP's handling of it, belong to the same trace.
    const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
    expect(inTrace.some((s) => s.service === 'execution-adapters' && /^POST/.test(s.name))).toBe(true);
    expect(inTrace.some((s) => s.service === 'simulated-erp' && /^POST/.test(s.name))).toBe(true);
  });
});
