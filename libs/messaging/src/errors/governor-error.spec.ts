import { classifyError, NonRetriableError, RetriableError } from './governor-error';

describe('classifyError', () => {
  it('keeps the flag of our own errors', () => {
    expect(classifyError(new RetriableError('db-down', 'x'))).toEqual({ code: 'db-down', retriable: true, message: 'x' });
    expect(classifyError(new NonRetriableError('bad', 'y')).retriable).toBe(false);
  });

  it('treats connection loss and operator termination in Postgres as retriable', () => {
    expect(classifyError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).retriable).toBe(true);
    expect(classifyError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toMatchObject({ code: 'postgres-57P01', retriable: true });
    expect(classifyError(Object.assign(new Error('deadlock'), { code: '40P01' })).retriable).toBe(true);
    expect(classifyError(new Error('Connection terminated unexpectedly')).retriable).toBe(true);
    expect(classifyError(new Error('Query runner already released. Cannot run queries anymore.')).retriable).toBe(true);
    expect(classifyError(Object.assign(new Error('database "x" is not currently accepting connections'), { code: '55000' }))).toMatchObject({ code: 'postgres-55000', retriable: true });
  });

  it('looks through TypeORM QueryFailedError at the driver error', () => {
    const wrapped = Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('x'), { code: '08006' }) });
    expect(classifyError(wrapped).retriable).toBe(true);
  });

  it('treats constraint violations and programming errors as final', () => {
    expect(classifyError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toMatchObject({ code: 'error-23505', retriable: false });
    expect(classifyError(new TypeError('undefined is not a function'))).toMatchObject({ code: 'handler-failed', retriable: false });
  });

  it('honours the retriable flag of kafkajs errors', () => {
    const kafkaError = Object.assign(new Error('leader not available'), { name: 'KafkaJSProtocolError', retriable: true });
    expect(classifyError(kafkaError)).toMatchObject({ code: 'kafka-error', retriable: true });
  });
});
