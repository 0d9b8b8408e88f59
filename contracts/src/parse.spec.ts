// parse(): every contract type is accepted, and every kind of bad input is refused with its code.
import { ContractErrorCodes, ContractParseError } from './parse-error';
import { parse, type ParseResult } from './parse';
import { DATA_CLASSES } from './registry/data-classes';
import { EVENT_TYPE_VALUES, EventTypes } from './registry/event-types';
import { MAX_EVENT_BYTES } from './registry/limits';
import { Topics, topicOfEventType } from './registry/topics';
import { exampleEvent } from './testing/examples';
import * as classValidation from './validation/validate-class';

function refused(result: ParseResult): ContractParseError {
  if (result.ok) throw new Error(`expected a refusal, got a ${result.event.type}`);
  return result.error;
}

function withData(type: keyof typeof DATA_CLASSES, change: (data: Record<string, unknown>) => void): string {
  const event = exampleEvent(type);
  change(event.data as unknown as Record<string, unknown>);
  return JSON.stringify(event);
}

describe('parse', () => {
  it.each(EVENT_TYPE_VALUES)('accepts a valid %s, from a Buffer and on its topic', (type) => {
    const event = exampleEvent(type);
    const result = parse({ value: Buffer.from(JSON.stringify(event)), topic: topicOfEventType(type) });
    if (!result.ok) throw result.error;
    expect(result.event.type).toBe(type);
    expect(JSON.parse(JSON.stringify(result.event))).toEqual(event);
  });

  it('accepts a string value and a topic the registry does not know', () => {
    const value = JSON.stringify(exampleEvent(EventTypes.InventoryLevelReportedV1));
    expect(parse({ value, topic: 'test.some-fresh-topic' }).ok).toBe(true);
  });

  it('accepts unknown extra payload properties and drops envelope extensions', () => {
    const event = { ...exampleEvent(EventTypes.InventoryDemandRecordedV1), traceparent: 'x' };
    (event.data as unknown as Record<string, unknown>)['futureField'] = 1;
    const result = parse({ value: JSON.stringify(event) });
    if (!result.ok) throw result.error;
    expect(result.event).not.toHaveProperty('traceparent');
    expect(result.event.data).toHaveProperty('futureField', 1);
  });

  it.each([
    ['null', null],
    ['empty', ''],
    ['blank', Buffer.from('  \n')],
    ['garbage', 'not json {'],
    ['truncated JSON', '{"specversion": "1.0",'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
  ])('refuses %s as not-json', (_name, value) => {
    const error = refused(parse({ value }));
    expect(error).toBeInstanceOf(ContractParseError);
    expect(error.code).toBe(ContractErrorCodes.NotJson);
    expect(error.retriable).toBe(false);
  });

  it.each([
    ['an array', '[1, 2]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"hello"'],
  ])('refuses JSON that is %s as not-an-envelope', (_name, value) => {
    expect(refused(parse({ value })).code).toBe(ContractErrorCodes.NotAnEnvelope);
  });

  it('names the missing and wrong envelope attributes', () => {
    const { id: _id, ...event } = {
      ...exampleEvent(EventTypes.DecisionMadeV1),
      specversion: '0.3',
      time: '2025-03-03 08:15',
    };
    const error = refused(parse({ value: JSON.stringify(event) }));
    expect(error.code).toBe(ContractErrorCodes.NotAnEnvelope);
    expect([...error.fields].sort()).toEqual(['id', 'specversion', 'time']);
    expect(error.message).toContain('id');
  });

  it.each([
    ['data is an array', { data: [] }],
    ['data is missing', { data: undefined }],
    ['time has no offset', { time: '2025-03-03T08:15:00' }],
    ['datacontenttype is not JSON', { datacontenttype: 'text/xml' }],
    ['subject is empty', { subject: '' }],
    ['id is a number', { id: 7 }],
  ])('refuses an envelope where %s', (_name, change) => {
    const value = JSON.stringify({ ...exampleEvent(EventTypes.InventoryDemandRecordedV1), ...change });
    expect(refused(parse({ value })).code).toBe(ContractErrorCodes.NotAnEnvelope);
  });

  it('refuses an unknown type, and a known one in the wrong version', () => {
    for (const type of ['inventory.level-reported.v9', 'constructor', '__proto__']) {
      const value = JSON.stringify({ ...exampleEvent(EventTypes.InventoryLevelReportedV1), type });
      const error = refused(parse({ value }));
      expect(error.code).toBe(ContractErrorCodes.UnknownType);
      expect(error.eventType).toBe(type);
    }
  });

  it('refuses a type on a topic that does not carry it', () => {
    const value = JSON.stringify(exampleEvent(EventTypes.InventoryLevelReportedV1));
    const error = refused(parse({ value, topic: Topics.SourceOrdersV1 }));
    expect(error.code).toBe(ContractErrorCodes.WrongTopic);
  });

  it('names the failing payload fields, including a nested line field', () => {
    const value = withData(EventTypes.OrdersSalesOrderPlacedV1, (data) => {
      data['priority'] = 'urgent';
      data['requestedShipDate'] = '2025-02-30';
      (data['lines'] as Record<string, unknown>[])[1]['quantity'] = -1;
    });
    const error = refused(parse({ value }));
    expect(error.code).toBe(ContractErrorCodes.InvalidPayload);
    expect(error.fields).toEqual(['requestedShipDate', 'priority', 'lines.1.quantity']);
    expect(error.message).toContain('lines.1.quantity');
    expect(error.message).toContain('orders.sales-order-placed.v1');
    expect(error.eventType).toBe(EventTypes.OrdersSalesOrderPlacedV1);
  });

  it.each([
    ['a quantity is a string', EventTypes.InventoryDemandRecordedV1, 'quantity', '18', 'quantity'],
    ['a required field is missing', EventTypes.InventoryDemandRecordedV1, 'sku', undefined, 'sku'],
    ['an id is empty', EventTypes.DecisionMadeV1, 'decisionId', '', 'decisionId'],
    ['an enum value is unknown', EventTypes.DecisionMadeV1, 'outcome', 'maybe', 'outcome'],
    ['a timestamp has no offset', EventTypes.InventoryLevelReportedV1, 'asOf', '2025-03-03T08:00:00', 'asOf'],
    ['an optional field is null', EventTypes.OrdersShipmentStatusReportedV1, 'eta', null, 'eta'],
    ['a currency is lower case', EventTypes.CreditCustomerExposureUpdatedV1, 'currency', 'usd', 'currency'],
    ['a confidence is over 1', EventTypes.AgentActionProposedV1, 'confidence', 1.5, 'confidence'],
    [
      'an action type is unknown',
      EventTypes.AgentActionProposedV1,
      'actionType',
      'erp.delete-all',
      'actionType',
    ],
    ['parameters is an array', EventTypes.AgentActionProposedV1, 'parameters', [], 'parameters'],
    ['lines is empty', EventTypes.OrdersSalesOrderPlacedV1, 'lines', [], 'lines'],
    ['lines holds a number', EventTypes.OrdersSalesOrderPlacedV1, 'lines', [5], 'lines.0'],
    ['lines is a string', EventTypes.OrdersSalesOrderPlacedV1, 'lines', 'abc', 'lines'],
    ['attempts is 0', EventTypes.ActionFailedV1, 'attempts', 0, 'attempts'],
    ['attempts is fractional', EventTypes.ActionExecutedV1, 'attempts', 1.5, 'attempts'],
    ['triggeredBy is free text', EventTypes.DomainModeChangedV1, 'triggeredBy', 'someone', 'triggeredBy'],
    ['an offset is a number', EventTypes.DeadLetterV1, 'offset', 1045, 'offset'],
    ['the original is over 64 KiB', EventTypes.DeadLetterV1, 'original', 'é'.repeat(33 * 1024), 'original'],
    [
      'a source topic is not one',
      EventTypes.QualityEventScoredV1,
      'sourceTopic',
      'agents.proposals.v1',
      'sourceTopic',
    ],
    ['a scored event is a string', EventTypes.QualityEventScoredV1, 'event', '{}', 'event'],
    [
      'a dimension score is over 1',
      EventTypes.QualityEventScoredV1,
      'dimensions',
      {
        ...exampleEvent(EventTypes.QualityEventScoredV1).data.dimensions,
        uniqueness: { score: 2, issues: [] },
      },
      'dimensions.uniqueness.score',
    ],
    ['a feed window is 0', EventTypes.FeedHealthReportedV1, 'windowSeconds', 0, 'windowSeconds'],
    ['a feed domain is planning', EventTypes.FeedHealthReportedV1, 'domain', 'planning', 'domain'],
    ['a feed mean score is missing', EventTypes.FeedHealthReportedV1, 'meanScore', undefined, 'meanScore'],
    ['features is an array', EventTypes.RiskActionProposedV1, 'features', [], 'features'],
    [
      'a proposal model has no version',
      EventTypes.RiskActionProposedV1,
      'model',
      { id: 'm' },
      'model.version',
    ],
    ['a psi is negative', EventTypes.ModelHealthReportedV1, 'psi', -0.1, 'psi'],
    [
      'a bias sample size is fractional',
      EventTypes.ModelHealthReportedV1,
      'biasSampleSize',
      1.5,
      'biasSampleSize',
    ],
    [
      'a shadow run has a fractional forecast count',
      EventTypes.ModelHealthReportedV1,
      'shadows',
      [{ version: 'v2', champion: 'v1', since: '2025-03-01T00:00:00Z', forecasts: 1.5, wape: 0.2, championWape: 0.3, wapeDelta: -0.1 }],
      'shadows.0.forecasts',
    ],
    [
      'a shadow run has no champion',
      EventTypes.ModelHealthReportedV1,
      'shadows',
      [{ version: 'v2', since: '2025-03-01T00:00:00Z', forecasts: 1, wape: null, championWape: null, wapeDelta: null }],
      'shadows.0.champion',
    ],
    [
      'a health reason penalty is over 1',
      EventTypes.DomainHealthReportedV1,
      'reasons',
      [{ signal: 's', value: 1, penalty: 1.5, message: 'm' }],
      'reasons.0.penalty',
    ],
    ['a stale feed is empty', EventTypes.DomainHealthReportedV1, 'staleFeeds', [''], 'staleFeeds'],
    ['an approval outcome is unknown', EventTypes.ApprovalResolvedV1, 'outcome', 'withdrawn', 'outcome'],
    ['rejectedBy is empty', EventTypes.ApprovalResolvedV1, 'rejectedBy', '', 'rejectedBy'],
    ['a domain mode is unknown', EventTypes.ReviewRequestedV1, 'domainMode', 'paused', 'domainMode'],
  ])('refuses a payload where %s', (_name, type, field, fieldValue, path) => {
    const value = withData(type, (data) => {
      data[field] = fieldValue;
    });
    const error = refused(parse({ value }));
    expect(error.code).toBe(ContractErrorCodes.InvalidPayload);
    expect(error.fields).toContain(path);
  });

  it('refuses more than 500 lines', () => {
    const value = withData(EventTypes.OrdersSalesOrderPlacedV1, (data) => {
      data['lines'] = Array.from({ length: 501 }, () => ({ sku: 'S', quantity: 1, unitPrice: 1 }));
    });
    expect(refused(parse({ value })).fields).toEqual(['lines']);
  });

  it('validates the nested approval and lineage of action.approved.v1, allowing null model and agent', () => {
    const ok = withData(EventTypes.ActionApprovedV1, (data) => {
      data['lineage'] = { ...(data['lineage'] as object), model: null, agentId: null };
    });
    expect(parse({ value: ok }).ok).toBe(true);
    const bad = withData(EventTypes.ActionApprovedV1, (data) => {
      const lineage = data['lineage'] as Record<string, unknown>;
      delete lineage['model'];
      lineage['sourceEvents'] = [{ source: 'urn:x', id: '', type: 't' }];
      (data['approval'] as Record<string, unknown>)['mode'] = 'robot';
    });
    expect(refused(parse({ value: bad })).fields).toEqual([
      'approval.mode',
      'lineage.sourceEvents.0.id',
      'lineage.model',
    ]);
  });

  it('accepts a model health report without shadows (the field is optional) and with none', () => {
    for (const shadows of [undefined, []]) {
      const value = withData(EventTypes.ModelHealthReportedV1, (data) => {
        if (shadows === undefined) delete data['shadows'];
        else data['shadows'] = shadows;
      });
      const result = parse({ value, topic: topicOfEventType(EventTypes.ModelHealthReportedV1) });
      if (!result.ok) throw result.error;
    }
  });

  it('allows the nullable fields of internal events to be null', () => {
    const changes: [keyof typeof DATA_CLASSES, string][] = [
      [EventTypes.FeedHealthReportedV1, 'secondsSinceLastEvent'],
      [EventTypes.FeedHealthReportedV1, 'meanScore'],
      [EventTypes.RiskActionProposedV1, 'model'],
      [EventTypes.ModelHealthReportedV1, 'psi'],
      [EventTypes.ModelHealthReportedV1, 'forecastBias'],
      [EventTypes.ApprovalResolvedV1, 'rejectedBy'],
    ];
    for (const [type, field] of changes) {
      const result = parse({
        value: withData(type, (data) => (data[field] = null)),
        topic: topicOfEventType(type),
      });
      if (!result.ok) throw result.error;
    }
  });

  it('validates the approved action nested in a review request', () => {
    const value = withData(EventTypes.ReviewRequestedV1, (data) => {
      const approved = data['approved'] as Record<string, unknown>;
      approved['actionType'] = 'erp.delete-all';
      (approved['lineage'] as Record<string, unknown>)['dataQuality'] = { score: 1.2, issues: [] };
    });
    expect(refused(parse({ value })).fields).toEqual([
      'approved.actionType',
      'approved.lineage.dataQuality.score',
    ]);
  });

  it('refuses an internal type on a public topic', () => {
    const value = JSON.stringify(exampleEvent(EventTypes.RiskActionProposedV1));
    expect(refused(parse({ value, topic: Topics.AgentsProposalsV1 })).code).toBe(
      ContractErrorCodes.WrongTopic,
    );
    expect(parse({ value, topic: Topics.ActionsProposedV1 }).ok).toBe(true);
  });

  it('does not let a __proto__ key change the payload class', () => {
    const value = JSON.stringify(exampleEvent(EventTypes.InventoryDemandRecordedV1)).replace(
      '"data":{',
      '"data":{"__proto__":{"polluted":true},',
    );
    const result = parse({ value });
    if (!result.ok) throw result.error;
    expect(result.event.data).toBeInstanceOf(DATA_CLASSES[EventTypes.InventoryDemandRecordedV1]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a value over 256 KiB as too-large before parsing it', () => {
    const jsonParse = jest.spyOn(JSON, 'parse');
    const value = Buffer.alloc(300 * 1024, 0x20);
    const error = refused(parse({ value }));
    expect(error.code).toBe(ContractErrorCodes.TooLarge);
    expect(jsonParse).not.toHaveBeenCalled();
    jsonParse.mockRestore();
    expect(refused(parse({ value: 'x'.repeat(MAX_EVENT_BYTES + 1) })).code).toBe(ContractErrorCodes.TooLarge);
  });

  it('counts bytes, not characters, against the size limit', () => {
    const event = exampleEvent(EventTypes.DeadLetterV1);
    const padding = 'é'.repeat((MAX_EVENT_BYTES - JSON.stringify(event).length) / 2 + 10);
    const value = JSON.stringify({ ...event, padding });
    expect(value.length).toBeLessThan(MAX_EVENT_BYTES);
    expect(refused(parse({ value })).code).toBe(ContractErrorCodes.TooLarge);
  });

  it('refuses deeply nested JSON without crashing', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(refused(parse({ value: deep })).code).toBe(ContractErrorCodes.NotJson);
    const inData = withData(EventTypes.AgentActionProposedV1, (data) => {
      data['parameters'] = { nested: '__DEEP__' };
    }).replace('"__DEEP__"', deep);
    expect(refused(parse({ value: inData })).code).toBe(ContractErrorCodes.NotJson);
  });

  // PostgreSQL text and jsonb cannot hold U+0000: refused at the edge with the field that holds it,
  // instead of failing deep in a service's store.
  it('refuses the NUL character in an envelope attribute, a payload field or a payload key', () => {
    const inSubject = { ...exampleEvent(EventTypes.InventoryLevelReportedV1), subject: 'SKU-1\u0000@DC-1' };
    const envelope = refused(parse({ value: JSON.stringify(inSubject) }));
    expect(envelope.code).toBe(ContractErrorCodes.NotAnEnvelope);
    expect(envelope.fields).toEqual(['subject']);
    expect(envelope.message).toContain('NUL');

    const inLine = refused(parse({ value: withData(EventTypes.OrdersSalesOrderPlacedV1, (data) => {
      (data['lines'] as Record<string, unknown>[])[0]['sku'] = 'SKU\u0000';
    }) }));
    expect({ code: inLine.code, fields: inLine.fields }).toEqual({ code: ContractErrorCodes.InvalidPayload, fields: ['lines.0.sku'] });

    const inKey = refused(parse({ value: withData(EventTypes.InventoryLevelReportedV1, (data) => {
      data['note\u0000'] = 'extra';
    }) }));
    expect(inKey.code).toBe(ContractErrorCodes.InvalidPayload);
    // The escape written out as text is not the character.
    expect(parse({ value: withData(EventTypes.InventoryLevelReportedV1, (data) => void (data['note'] = '\\u0000')) }).ok).toBe(true);
  });
});

// parse() checks each record with the validators compiled from the generated schemas; the classes
// (class-transformer and class-validator) run only for a record those refuse, to say why.
describe('parse, compiled and class validation', () => {
  afterEach(() => jest.restoreAllMocks());

  it('accepts a valid event of every type without class-validator', () => {
    const classPath = jest.spyOn(classValidation, 'validateInstance');
    for (const type of EVENT_TYPE_VALUES) {
      const result = parse({ value: JSON.stringify(exampleEvent(type)), topic: topicOfEventType(type) });
      if (!result.ok) throw result.error;
    }
    expect(classPath).not.toHaveBeenCalled();
  });

  it('refuses an invalid payload through the classes, with their reason', () => {
    const classPath = jest.spyOn(classValidation, 'validateAs');
    const value = withData(EventTypes.InventoryLevelReportedV1, (data) => void (data['onHand'] = -1));
    const error = refused(parse({ value }));
    expect(error.message).toBe('invalid inventory.level-reported.v1 data: onHand (onHand must not be less than 0)');
    expect(classPath).toHaveBeenCalledTimes(1);
  });

  it('leaves keys that name Object.prototype members to the classes, which drop them as before', () => {
    const value = withData(EventTypes.InventoryLevelReportedV1, (data) => {
      data['toString'] = 'shadowed';
      data['note'] = { valueOf: 'shadowed', kept: true };
    });
    const result = parse({ value });
    if (!result.ok) throw result.error;
    expect(Object.hasOwn(result.event.data, 'toString')).toBe(false);
    expect(result.event.data).toHaveProperty('note', { kept: true });
    expect(result.event.data).toBeInstanceOf(DATA_CLASSES[EventTypes.InventoryLevelReportedV1]);
  });
});
