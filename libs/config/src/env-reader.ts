// Reads typed values from an environment (process.env by default), collecting every problem
// instead of stopping at the first, so `finish()` can report all bad variables in one message.
import { ConfigError } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

interface Options<T> {
  default?: T;
  /** Optional settings return undefined when unset instead of a problem. */
  optional?: boolean;
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env = process.env) {}

  string(name: string, options: Options<string> = {}): string {
    return this.read(name, options, (raw) => raw) as string;
  }

  optionalString(name: string): string | undefined {
    return this.read<string>(name, { optional: true }, (raw) => raw);
  }

  int(name: string, options: Options<number> & { min?: number; max?: number } = {}): number {
    return this.read(name, options, (raw) => {
      if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be an integer, got "${raw}"`);
      return checkRange(Number(raw), options);
    }) as number;
  }

  number(name: string, options: Options<number> & { min?: number; max?: number } = {}): number {
    return this.read(name, options, (raw) => {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw new Error(`must be a number, got "${raw}"`);
      return checkRange(value, options);
    }) as number;
  }

  boolean(name: string, options: Options<boolean> = {}): boolean {
    return this.read(name, options, (raw) => {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      throw new Error(`must be true or false, got "${raw}"`);
    }) as boolean;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], options: Options<T> = {}): T {
    return this.read(name, options, (raw) => {
      if (!(allowed as readonly string[]).includes(raw)) {
        throw new Error(`must be one of ${allowed.join(', ')}, got "${raw}"`);
      }
      return raw as T;
    }) as T;
  }

  /** A comma-separated list of host:port pairs, e.g. KAFKA_BROKERS. */
  hostPorts(name: string, options: Options<string[]> = {}): string[] {
    return this.read(name, options, (raw) => {
      const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (items.length === 0) throw new Error('must list at least one host:port');
      for (const item of items) {
        const match = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(item);
        if (!match || Number(match[2]) > 65535) throw new Error(`"${item}" is not host:port`);
      }
      return items;
    }) as string[];
  }

  url(name: string, protocols: readonly string[], options: Options<string> = {}): string {
    return this.read(name, options, (raw) => {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new Error(`must be a URL, got "${redact(raw)}"`);
      }
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        throw new Error(`must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
      return raw;
    }) as string;
  }

  /** Records a problem found by a cross-field rule of the caller. */
  problem(name: string, message: string): void {
    this.problems.push(`${name}: ${message}`);
  }

  /** Throws one ConfigError naming every bad variable, or returns the value built from them. */
  finish<T>(value: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return value;
  }

  private read<T>(name: string, options: Options<T>, parse: (raw: string) => T): T | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      if (options.default !== undefined) return options.default;
      if (!options.optional) this.problems.push(`${name}: is required and not set`);
      return undefined;
    }
    try {
      return parse(raw);
    } catch (error) {
      this.problems.push(`${name}: ${(error as Error).message}`);
      return undefined;
    }
  }
}

function checkRange(value: number, range: { min?: number; max?: number }): number {
  if (range.min !== undefined && value < range.min) throw new Error(`must be >= ${range.min}, got ${value}`);
  if (range.max !== undefined && value > range.max) throw new Error(`must be <= ${range.max}, got ${value}`);
  return value;
}

/** Never echo a password back into logs. */
function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
