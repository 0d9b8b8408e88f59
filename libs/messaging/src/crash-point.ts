// Test-only crash points: with GOVERNOR_TEST_CRASH_POINT=<name> in the environment (never set in
// production), the process SIGKILLs itself when it reaches that point, so fault tests can hit a
// narrow window (after a database commit and before the offset commit, say) every time.
export type CrashPointName =
  | 'after-handler-commit'
  | 'after-outbox-commit'
  | 'after-relay-publish';

export function crashPoint(name: CrashPointName): void {
  if (process.env.GOVERNOR_TEST_CRASH_POINT === name) {
    process.stderr.write(`crash point ${name} reached: SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
