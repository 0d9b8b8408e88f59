// Parses configuration once at start-up; on a bad value the process stops with a message that
// names the variable, before anything connects anywhere.
import { ConfigError } from './config-error';
import { EnvReader, Env } from './env-reader';

export function loadConfig<T>(build: (reader: EnvReader) => T, env: Env = process.env): T {
  const reader = new EnvReader(env);
  const value = build(reader);
  return reader.finish(value);
}

/** For a process's main(): print the problems and exit 78 (EX_CONFIG) instead of a stack trace. */
export function loadConfigOrExit<T>(build: (reader: EnvReader) => T, env: Env = process.env): T {
  try {
    return loadConfig(build, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
