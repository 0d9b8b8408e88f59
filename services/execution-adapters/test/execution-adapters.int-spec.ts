// execution-adapters as a process against the simulated ERP (also a process), the real broker and
// Postgres, on a fresh topic namespace and fresh schemas: one order per approved action whatever is
// replayed, retries through 503s, a refusal by the target's open circuit not counted as an attempt,
// 400 failing at once, automatic approvals held for review while
// their domain has fallen back, compensation, a half-failed transfer undone, SIGKILLs between
// the ERP's answer and the offset commit, and approved actions whose signature does not verify
// (never executed: dead-lettered, counted and reported) or cannot be checked yet (retried).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionTypes, DomainModes, EventTypes, Topics } from '@governor/contracts';
import { generateSigningKey, publicJwks } from '@governor/signing';
import { uniqueName } from '@governor/testing';
import { ExecutionHarness } from './execution-harness';

interface View {
  execution: { state: string; attempts: number; reason: string | null; externalReference: string | null; duplicatesReceived: number; error: string | null; compensation: { inverse: string | null; attempts: number; requestedBy: string | null } };
  attempts: { kind: string; attempt: number; outcome: string | null; errorCode: string | null }[];
}

describe('execution-adapters (a process, with the simulated ERP, real Kafka and Postgres)', () => {
  const h = new ExecutionHarness();
  beforeAll(() => h.start(), 120_000);
  afterAll(() => h.stop(), 60_000);

  const view = async (actionId: string) => (await h.api<View>('GET', `/executions/${actionId}`, h.auditor)).body;

  it('executes an approved purchase order as exactly one order in the ERP, with the idempotency key', async () => {
    const approved = h.approval({ mode: 'automatic' });
    await h.publishApproved(approved);
    const executed = await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1);

    const orders = await h.ordersWithKey(approved.data.idempotencyKey);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'open', quantity: 400, reference: approved.data.actionId });
    expect(executed.source).toBe('urn:governor:execution-adapters');
    expect(executed.data).toEqual({
      actionId: approved.data.actionId,
      actionType: ActionTypes.CreatePurchaseOrder,
      adapter: 'erp',
      externalReference: orders[0].id,
      attempts: 1,
    });
    const seen = await view(approved.data.actionId);
    expect(seen.execution).toMatchObject({ state: 'executed', attempts: 1, externalReference: orders[0].id });
    expect(seen.execution.compensation.inverse).toBe('cancel the purchase order');
    expect(seen.attempts).toEqual([expect.objectContaining({ kind: 'execute', attempt: 1, outcome: 'succeeded' })]);
  });

  it('gives one order and one outcome when the same approved event is published three times', async () => {
    const approved = h.approval();
    for (let i = 0; i < 3; i++) await h.publishApproved(approved);
    await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1);
    await h.until(async () => (await view(approved.data.actionId)).execution.duplicatesReceived === 2, 15_000, 'two duplicates');
    await h.settle();

    expect(await h.ordersWithKey(approved.data.idempotencyKey)).toHaveLength(1);
    expect(h.outcomes(approved.data.actionId)).toHaveLength(1);
    const metrics = await (await fetch(h.url('/metrics'))).text();
    expect(metrics).toMatch(/governor_execution_duplicates_total\{[^}]*state="executed"[^}]*\} [1-9]/);
    expect(h.service.output).toContain('duplicate approved action: not executed again');
  });

  it('retries through two 503s and ends with one order, its outcome in the approved action\'s trace', async () => {
    // The ERP creates the order but answers 503 twice: only the idempotency key keeps it to one.
    await h.erpCall('POST', '/_control', { failNext: 2, status: 503, when: 'after', route: 'POST /purchase-orders' });
    const approved = h.approval();
    const traceId = randomBytes(16).toString('hex');
    await h.publishApproved(approved, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    const record = await h.outcomeRecord(approved.data.actionId, EventTypes.ActionExecutedV1);
    const executed = record.json as { data: { attempts: number; externalReference: string } };
    // The retry scheduler ran the third attempt, and its outcome continues the action's trace
    // (unsampled: the service exports no spans here, but the trace id travels).
    expect(record.headers.traceparent?.split('-')[1]).toBe(traceId);

    expect(executed.data.attempts).toBe(3);
    const orders = await h.ordersWithKey(approved.data.idempotencyKey);
    expect(orders).toHaveLength(1);
    expect(executed.data.externalReference).toBe(orders[0].id);
    expect((await view(approved.data.actionId)).attempts.map((a) => [a.attempt, a.outcome, a.errorCode])).toEqual([
      [1, 'retriable-failure', 'http-503'],
      [2, 'retriable-failure', 'http-503'],
      [3, 'succeeded', null],
    ]);
  });

  it('fails at once with action.failed.v1 when the ERP answers 400', async () => {
    await h.erpCall('POST', '/_control', { failNext: 1, status: 400, route: 'POST /purchase-orders' });
    const approved = h.approval();
    await h.publishApproved(approved);
    const failed = await h.outcome(approved.data.actionId, EventTypes.ActionFailedV1);

    expect(failed.data).toMatchObject({ actionId: approved.data.actionId, adapter: 'erp', attempts: 1 });
    expect(failed.data.error).toContain('erp answered 400 to POST /purchase-orders');
    expect(await h.ordersWithKey(approved.data.idempotencyKey)).toHaveLength(0);
    expect((await view(approved.data.actionId)).execution).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('holds an automatic approval for review after its domain fell back, and executes it once a person approves', async () => {
    await h.setMode(DomainModes.ManualFallback);
    try {
      const automatic = h.approval({ mode: 'automatic' });
      await h.publishApproved(automatic);
      const review = await h.reviewRequest(automatic.data.actionId);
      expect(review.type).toBe(EventTypes.ReviewRequestedV1);
      expect(review.data).toMatchObject({ actionId: automatic.data.actionId, domain: 'procurement', domainMode: 'manual-fallback', approved: automatic.data });
      const held = await view(automatic.data.actionId);
      expect(held.execution.state).toBe('review-requested');
      expect(held.execution.reason).toBe('procurement is in manual-fallback: an automatic approval is not executed; a person must review it');
      expect(await h.ordersWithKey(automatic.data.idempotencyKey)).toHaveLength(0);
      expect(h.outcomes(automatic.data.actionId)).toHaveLength(0);

      // policy-enforcement turns the review into a task; its approval comes back as a human approval.
      const human = h.approval({ actionId: automatic.data.actionId, mode: 'human' });
      await h.publishApproved(human);
      await h.outcome(automatic.data.actionId, EventTypes.ActionExecutedV1);
      await h.publishApproved(human);
      await h.until(async () => (await view(automatic.data.actionId)).execution.duplicatesReceived === 1, 15_000, 'the repeat seen');
      expect(await h.ordersWithKey(automatic.data.idempotencyKey)).toHaveLength(1);
      expect(h.outcomes(automatic.data.actionId)).toHaveLength(1);
    } finally {
      await h.setMode(DomainModes.Automated);
    }
  });

  it('compensates on an operator request: the order is cancelled in the ERP', async () => {
    const approved = h.approval();
    await h.publishApproved(approved);
    const executed = await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1);
    const path = `/executions/${approved.data.actionId}/compensate`;

    expect((await h.api('POST', path, h.auditor)).status).toBe(403);
    const answer = await h.api<View>('POST', path, h.operator);
    expect(answer.status).toBe(200);
    expect(answer.body.execution).toMatchObject({ state: 'compensated', compensation: { attempts: 1, requestedBy: 'olga-operator' } });
    const order = await h.erpCall<{ status: string }>('GET', `/purchase-orders/${executed.data.externalReference}`);
    expect(order.body.status).toBe('cancelled');
    const compensated = await h.outcome(approved.data.actionId, EventTypes.ActionCompensatedV1);
    expect(compensated.data).toEqual({
      actionId: approved.data.actionId,
      actionType: ActionTypes.CreatePurchaseOrder,
      adapter: 'erp',
      externalReference: executed.data.externalReference,
      attempts: 1,
    });
    const again = await h.api<{ error: { code: string } }>('POST', path, h.operator);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already-compensated');
    expect((await h.api<{ error: { code: string } }>('POST', '/executions/act-unknown/compensate', h.operator)).status).toBe(404);
  });

  it('undoes the first step of a stock transfer whose second step fails', async () => {
    await h.erpCall('POST', '/_control', { failNext: 1, status: 409, route: 'POST /stock-transfers/*/receive' });
    const approved = h.approval({
      actionType: ActionTypes.TransferStock,
      domain: 'inventory',
      parameters: { sku: 'SKU-1001', fromLocation: 'DC-EAST', toLocation: 'DC-WEST', quantity: 40, amount: 500 },
    });
    await h.publishApproved(approved);
    const failed = await h.outcome(approved.data.actionId, EventTypes.ActionFailedV1);

    expect(failed.data.adapter).toBe('wms');
    expect(failed.data.error).toMatch(/^receiving transfer TR-\d+ at DC-WEST failed .*; the issue at DC-EAST was reversed$/);
    const transfer = await h.erpCall<{ status: string }>('GET', `/stock-transfers/${failed.data.externalReference}`);
    expect(transfer.body.status).toBe('reversed');
  });

  it('leaves a transfer whose receipt and reversal both fail to the operator, who compensates it once the ERP takes postings again', async () => {
    // The ERP's stock postings fail: every receipt and every reversal answers 503, while issues go through.
    await h.erpCall('POST', '/_control', { failNext: 1_000, status: 503, route: 'POST /stock-transfers/*/receive' });
    await h.erpCall('POST', '/_control', { failNext: 1_000, status: 503, route: 'POST /stock-transfers/*/reverse' });
    const approved = h.approval({
      actionType: ActionTypes.TransferStock,
      domain: 'inventory',
      parameters: { sku: 'SKU-1002', fromLocation: 'DC-WEST', toLocation: 'DC-EAST', quantity: 25, amount: 300 },
    });
    const path = `/executions/${approved.data.actionId}/compensate`;
    try {
      await h.publishApproved(approved);
      const failed = await h.outcome(approved.data.actionId, EventTypes.ActionFailedV1);
      expect(failed.data.error).toMatch(/^receiving transfer TR-\d+ failed .* and reversing its issue failed too .*: an operator must compensate it$/);
      const transferId = failed.data.externalReference as string;
      expect((await h.erpCall<{ status: string }>('GET', `/stock-transfers/${transferId}`)).body.status).toBe('issued');

      // Half-done: listed for the operator as compensation-failed, with the transfer it left.
      const left = await view(approved.data.actionId);
      expect(left.execution).toMatchObject({ state: 'compensation-failed', attempts: 4, externalReference: transferId, error: failed.data.error });
      const listed = await h.api<{ actionId: string }[]>('GET', '/executions?state=compensation-failed', h.operator);
      expect(listed.body.map((e) => e.actionId)).toContain(approved.data.actionId);

      // While the ERP still refuses reversals, the operator's try fails and leaves it to try again.
      const early = await h.api<{ error: { code: string } }>('POST', path, h.operator);
      expect({ status: early.status, code: early.body.error.code }).toEqual({ status: 503, code: 'target-unavailable' });
      expect((await view(approved.data.actionId)).execution.state).toBe('compensation-failed');
    } finally {
      await h.erpCall('DELETE', '/_control');
    }
    // The wms circuit opened on those failures: the operator tries again until it lets a call through.
    let answer = await h.api<View & { error?: { code: string } }>('POST', path, h.operator);
    for (const deadline = Date.now() + 20_000; answer.status === 503 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await h.api<View & { error?: { code: string } }>('POST', path, h.operator);
    }
    expect({ status: answer.status, error: answer.body.error }).toEqual({ status: 200, error: undefined });
    expect(answer.body.execution).toMatchObject({ state: 'compensated', compensation: { requestedBy: 'olga-operator' } });
    const compensated = await h.outcome(approved.data.actionId, EventTypes.ActionCompensatedV1);
    expect((await h.erpCall<{ status: string }>('GET', `/stock-transfers/${compensated.data.externalReference}`)).body.status).toBe('reversed');
  });

  it('reverses on its last attempt a transfer its first attempt issued, when the later ones found the ERP refusing even the issue', async () => {
    // The first issue goes through (a delay-only rule takes it), its receipt fails, then the ERP
    // answers 503 to the next three issues: attempts 2 to 4 never get past the issue step.
    await h.erpCall('POST', '/_control', { route: 'POST /stock-transfers', delayMs: 1, delayNext: 1 });
    await h.erpCall('POST', '/_control', { route: 'POST /stock-transfers', failNext: 3, status: 503 });
    await h.erpCall('POST', '/_control', { route: 'POST /stock-transfers/*/receive', failNext: 1, status: 503 });
    const approved = h.approval({
      actionType: ActionTypes.TransferStock,
      domain: 'inventory',
      parameters: { sku: 'SKU-1003', fromLocation: 'DC-EAST', toLocation: 'DC-WEST', quantity: 10, amount: 120 },
    });
    try {
      await h.publishApproved(approved);
      const failed = await h.outcome(approved.data.actionId, EventTypes.ActionFailedV1);
      expect(failed.data.error).toMatch(/^issuing transfer TR-\d+ again failed .*; its issue at DC-EAST by an earlier attempt was reversed$/);
      const transfer = await h.erpCall<{ status: string }>('GET', `/stock-transfers/${failed.data.externalReference}`);
      expect(transfer.body.status).toBe('reversed');
      expect((await view(approved.data.actionId)).execution).toMatchObject({ state: 'failed', attempts: 4, externalReference: failed.data.externalReference });
    } finally {
      await h.erpCall('DELETE', '/_control');
    }
  });

  it('records the approved actions that arrive together as a group, and executes each once', async () => {
    // Published while the service is down, so they are fetched together when it starts.
    await h.service.stop();
    const approvals = Array.from({ length: 12 }, () => h.approval({ mode: 'automatic' }));
    for (const approved of approvals) await h.publishApproved(approved);
    await h.startService();
    for (const approved of approvals) await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1, 40_000);

    for (const approved of approvals) expect(await h.ordersWithKey(approved.data.idempotencyKey)).toHaveLength(1);
    // Rows written by one statement share its transaction's now(); written one action at a time,
    // each would have its own. The test topic has two partitions, whose groups may be recorded
    // one after the other.
    const times = await h.executionTimes(approvals.map((a) => a.data.actionId));
    expect(times).toHaveLength(12);
    expect(new Set(times.map((t) => t.createdAt.toISOString())).size).toBeLessThanOrEqual(2);
    expect(new Set(times.map((t) => t.executedAt?.toISOString())).size).toBeLessThanOrEqual(2);
  }, 90_000);

  it('never executes a forged approved action (unsigned, signed with another key, changed after signing): dead-lettered as bad-signature, counted and reported, while the genuine ones of its group execute', async () => {
    const other = await generateSigningKey();
    const unsigned = h.approval({ mode: 'automatic' });
    const foreign = await h.signed(h.approval({ mode: 'automatic' }), other);
    const original = await h.signed(h.approval({ mode: 'automatic' }));
    const altered = { ...original, data: { ...original.data, parameters: { ...original.data.parameters, quantity: 40_000 } } };
    const genuine = [h.approval({ mode: 'automatic' }), h.approval({ mode: 'automatic' })];
    // Published while the service is down, so that forgeries and genuine actions arrive in one group.
    await h.service.stop();
    await h.publishApproved(genuine[0]);
    for (const forged of [unsigned, foreign, altered]) await h.publishAsIs(forged);
    await h.publishApproved(genuine[1]);
    await h.startService();

    for (const approved of genuine) await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1, 40_000);
    const forgeries = [
      { forged: unsigned, reason: 'unsigned' },
      { forged: foreign, reason: 'unknown-key' },
      { forged: altered, reason: 'signature-mismatch' },
    ];
    for (const { forged, reason } of forgeries) {
      const actionId = forged.data.actionId;
      expect(await h.deadLetter(actionId)).toMatchObject({
        topic: Topics.ActionsApprovedV1,
        stage: 'execution-adapters',
        errorCode: 'bad-signature',
        error: expect.stringMatching(new RegExp(`^${reason}: `)),
      });
      const reported = await h.securityEvent(actionId);
      expect(reported).toMatchObject({ type: EventTypes.SecurityViolationRecordedV1, source: 'urn:governor:execution-adapters', subject: 'execution-adapters' });
      expect(reported.data).toMatchObject({
        service: 'execution-adapters',
        kind: 'bad-signature',
        code: reason,
        target: Topics.ActionsApprovedV1,
        actor: null,
        domain: 'procurement',
        actionId,
        count: 1,
      });
    }
    await h.settle();
    for (const { forged } of forgeries) {
      expect(await h.ordersWithKey(forged.data.idempotencyKey)).toEqual([]);
      expect(h.outcomes(forged.data.actionId)).toEqual([]);
      expect((await h.api('GET', `/executions/${forged.data.actionId}`, h.auditor)).status).toBe(404);
    }
    for (const approved of genuine) expect(await h.ordersWithKey(approved.data.idempotencyKey)).toHaveLength(1);
    const metrics = await (await fetch(h.url('/metrics'))).text();
    for (const reason of ['unsigned', 'unknown-key', 'signature-mismatch']) {
      expect(metrics).toMatch(new RegExp(`^governor_signature_rejections_total\\{reason="${reason}"[^}]*\\} 1$`, 'm'));
    }
    expect(metrics).toMatch(/^governor_signature_rejections_total\{reason="malformed-signature"[^}]*\} 0$/m);
  }, 90_000);

  it("retries, never dead-letters, an approved action while policy-enforcement's JWKS cannot be fetched, and executes it once it can", async () => {
    let serving = false;
    const jwks = JSON.stringify(publicJwks([h.signingKey]));
    const endpoint = createServer((_req, res) => {
      if (serving) res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      else res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/.well-known/jwks.json`;
    try {
      await h.service.stop();
      await h.startService({ env: { GOVERNOR_SIGNING_JWKS_FILE: '', GOVERNOR_SIGNING_JWKS_URL: url } });
      const approved = h.approval();
      await h.publishApproved(approved);
      await h.until(async () => h.service.output.includes('the keys that sign approved actions cannot be read'), 20_000, 'a retry');
      await h.settle(1_500);
      expect(h.outcomes(approved.data.actionId)).toEqual([]);
      serving = true;
      await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1, 30_000);
      await h.settle();
      expect(h.deadLetters(approved.data.actionId)).toEqual([]);
      expect(await h.ordersWithKey(approved.data.idempotencyKey)).toHaveLength(1);
    } finally {
      await h.service.stop();
      await new Promise((resolve) => endpoint.close(resolve));
      await h.startService();
    }
  }, 90_000);

  it("does not count a call refused by the target's open circuit as an attempt, and executes once the circuit lets calls through", async () => {
    // A circuit that opens after three failed calls and lets a call through again 2 s later.
    await h.service.stop();
    await h.startService({ env: { EXECUTION_ADAPTERS_BREAKER_VOLUME_THRESHOLD: '3', EXECUTION_ADAPTERS_BREAKER_RESET_MS: '2000' } });
    await h.erpCall('POST', '/_control', { failNext: 3, status: 503, route: 'POST /purchase-orders' });
    const approved = h.approval();
    await h.publishApproved(approved);
    const executed = await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1, 30_000);

    // Three 503s open the circuit, and the fourth attempt, the last of the four allowed, is refused
    // without a call; counted, it would have failed the action. Waiting out the reset time, the
    // fifth goes through.
    expect((await view(approved.data.actionId)).attempts.map((a) => [a.attempt, a.outcome, a.errorCode])).toEqual([
      [1, 'retriable-failure', 'http-503'],
      [2, 'retriable-failure', 'http-503'],
      [3, 'retriable-failure', 'http-503'],
      [4, 'retriable-failure', 'circuit-open'],
      [5, 'succeeded', null],
    ]);
    const orders = await h.ordersWithKey(approved.data.idempotencyKey);
    expect(orders).toHaveLength(1);
    expect(executed.data).toMatchObject({ externalReference: orders[0].id, attempts: 5 });
    const metrics = await (await fetch(h.url('/metrics'))).text();
    expect(metrics).toMatch(/governor_execution_attempts_total\{[^}]*outcome="refused"[^}]*\} 1\n/);
    // Four calls were made (three 503s and the success); the refusal took no time of the target's.
    expect(metrics).toMatch(/governor_execution_attempt_seconds_count\{[^}]*kind="execute"[^}]*\} 4\n/);
    expect(h.service.output).toContain("the target's circuit is open: not an attempt that counts; will try again");
  }, 90_000);

  it('keeps exactly one order when killed after the ERP answered and before anything was recorded', async () => {
    await h.service.stop();
    const crashing = await h.startService({ crashPoint: 'after-erp-response' });
    const approved = h.approval({ actionId: uniqueName('act-crash') });
    await h.publishApproved(approved);
    expect((await crashing.exited).signal).toBe('SIGKILL');
    expect(crashing.output).toContain('test crash point after-erp-response reached');
    expect(await h.ordersWithKey(approved.data.idempotencyKey)).toHaveLength(1);
    expect(h.outcomes(approved.data.actionId)).toHaveLength(0);

    // Restarted: the record comes again (its offset was never committed); the execution is found
    // abandoned and tried again with the same key, which the ERP answers with the same order.
    await h.startService({ waitReady: false });
    const executed = await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1, 40_000);
    const orders = await h.ordersWithKey(approved.data.idempotencyKey);
    expect(orders).toHaveLength(1);
    expect(executed.data).toMatchObject({ externalReference: orders[0].id, attempts: 2 });
    expect((await view(approved.data.actionId)).attempts.map((a) => a.outcome)).toEqual(['interrupted', 'succeeded']);
  }, 90_000);

  it('publishes one outcome when killed after recording it and before the offset commit', async () => {
    await h.service.stop();
    const crashing = await h.startService({ crashPoint: 'after-outcome-commit' });
    const approved = h.approval({ actionId: uniqueName('act-crash') });
    await h.publishApproved(approved);
    expect((await crashing.exited).signal).toBe('SIGKILL');

    await h.startService({ waitReady: false });
    await h.outcome(approved.data.actionId, EventTypes.ActionExecutedV1, 40_000);
    // The redelivered approval is recognised by its actionId and not executed again.
    await h.until(async () => (await view(approved.data.actionId)).execution.duplicatesReceived === 1, 40_000, 'the redelivery seen');
    await h.settle();
    expect(await h.ordersWithKey(approved.data.idempotencyKey)).toHaveLength(1);
    expect(h.outcomes(approved.data.actionId)).toHaveLength(1);
  }, 90_000);
});
