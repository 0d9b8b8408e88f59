import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A pass that ends when the test says so. */
  function controlledPasses() {
    const ends: (() => void)[] = [];
    const run = jest.fn(() => new Promise<void>((resolve) => ends.push(resolve)));
    return { run, endPass: (n: number) => ends[n - 1]() };
  }

  it('runs a pass at a time: the next one an interval after the last ended', async () => {
    const { run, endPass } = controlledPasses();
    const task = new PeriodicTask(100, run);
    task.start(0);
    await jest.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    // However long the pass takes, no other starts meanwhile.
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    endPass(1);
    await jest.advanceTimersByTimeAsync(99);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    endPass(2);
    await task.stop();
  });

  it('waits one interval for the first pass unless told otherwise', async () => {
    const { run, endPass } = controlledPasses();
    const task = new PeriodicTask(100, run);
    task.start();
    await jest.advanceTimersByTimeAsync(99);
    expect(run).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    endPass(1);
    await task.stop();
  });

  it('stop() waits for the pass under way, and no pass runs after it or after a start once stopped', async () => {
    const { run, endPass } = controlledPasses();
    const task = new PeriodicTask(100, run);
    task.start(0);
    await jest.advanceTimersByTimeAsync(0);
    expect(task.active).toBe(true);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    expect(task.stopping).toBe(true);
    expect(task.active).toBe(false);
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    endPass(1);
    await stopping;
    expect(stopped).toBe(true);
    task.start(0);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('PeriodicTask that knows when it is due', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sleeps until the time a pass names (never longer than the interval), and wake() runs one at once', async () => {
    const dueIn: (number | undefined)[] = [250, 60_000, undefined];
    const run = jest.fn(async () => dueIn.shift());
    const task = new PeriodicTask(10_000, run);
    task.start(0);
    await jest.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(249);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    // Due in a minute: the interval caps the sleep.
    await jest.advanceTimersByTimeAsync(9_999);
    expect(run).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(3);
    task.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(4);
    await task.stop();
  });

  it('a wake during a pass runs another right after it', async () => {
    const ends: (() => void)[] = [];
    const run = jest.fn(() => new Promise<void>((resolve) => ends.push(resolve)));
    const task = new PeriodicTask(10_000, run);
    task.start(0);
    await jest.advanceTimersByTimeAsync(0);
    task.wake();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    ends[0]();
    await jest.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(2);
    ends[1]();
    await task.stop();
  });
});
