// A configuration problem found at start-up: it names every bad variable so the operator can fix
// them all at once, and the process stops with that message.
export class ConfigError extends Error {
  readonly code = 'invalid-configuration';
  readonly retriable = false;

  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
