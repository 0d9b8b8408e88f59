// Scorecard windows as people write them: `15m`, `1h`, `24h`, `7d`.
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };
const WINDOW = /^([1-9][0-9]{0,6})([smhd])$/;

export const DEFAULT_WINDOW = '24h';
/** Longer windows than this are refused: the figures behind them are not kept (retention). */
export const MAX_WINDOW_SECONDS = 90 * 86_400;

export class WindowError extends Error {
  readonly code = 'invalid-window';
}

/** The length of a window in seconds, or a WindowError saying what is wrong with it. */
export function parseWindow(text: string): number {
  const match = WINDOW.exec(text.trim());
  if (!match) throw new WindowError(`window "${text}" is not a number followed by s, m, h or d, e.g. 15m, 1h, 24h`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]];
  if (seconds > MAX_WINDOW_SECONDS) throw new WindowError(`window "${text}" is longer than ${MAX_WINDOW_SECONDS / 86_400} days`);
  return seconds;
}
