// The small pieces of grammar every command shares (commander parses the command line,
// governor-commands.ts): option values checked as they are read, and the query string they become.
import { InvalidArgumentError } from 'commander';

/** `--limit N`: a whole number from 1 (the services cap it at 500 and say so). */
export function positiveInteger(text: string): string {
  if (!/^[1-9]\d*$/.test(text)) throw new InvalidArgumentError('give a whole number from 1.');
  return text;
}

/** `--scope a,b`: the comma-separated items, without blanks. */
export function commaList(text: string): string[] {
  const items = text.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('give one or more items separated by commas.');
  return items;
}

/** `?a=1&b=2` of the parameters that are set; '' when none is. */
export function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}
