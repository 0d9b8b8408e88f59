import { PartitionBackoff } from './backoff';

describe('PartitionBackoff', () => {
  it('doubles the delay while the same record fails, up to the maximum', () => {
    const backoff = new PartitionBackoff({ initialDelayMs: 100, maxDelayMs: 500 }, () => 1);
    expect(backoff.next('t:0', '5')).toEqual({ delayMs: 100, failures: 1 });
    expect(backoff.next('t:0', '5')).toEqual({ delayMs: 200, failures: 2 });
    expect(backoff.next('t:0', '5')).toEqual({ delayMs: 400, failures: 3 });
    expect(backoff.next('t:0', '5')).toEqual({ delayMs: 500, failures: 4 });
  });

  it('starts over for another record or after a reset, and keeps partitions apart', () => {
    const backoff = new PartitionBackoff({ initialDelayMs: 100 }, () => 0);
    backoff.next('t:0', '5');
    expect(backoff.next('t:0', '6')).toEqual({ delayMs: 50, failures: 1 });
    expect(backoff.next('t:1', '6').failures).toBe(1);
    backoff.reset('t:0');
    expect(backoff.next('t:0', '6').failures).toBe(1);
  });
});
