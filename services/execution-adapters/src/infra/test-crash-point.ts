// Test-only crash points of this service (the shared ones in @governor/messaging do not cover the
// moment after the target has answered): with EXECUTION_ADAPTERS_TEST_CRASH_POINT=<name> (never
// set in production) the process SIGKILLs itself there, so a fault test hits that window every time.
import { TestCrashPoint } from '../config';

export function testCrashPoint(configured: TestCrashPoint | undefined, name: TestCrashPoint): void {
  if (configured !== name) return;
  process.stderr.write(`test crash point ${name} reached: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}
