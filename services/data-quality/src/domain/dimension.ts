// One quality dimension's result: a score in [0,1] and the issues that lowered it. Issues are
// `code: detail` strings; the code is stable (tests and dashboards match on it), the detail is for
// people.
export interface DimensionScore {
  score: number;
  issues: string[];
}

export function issue(code: string, detail: string): string {
  return `${code}: ${detail}`;
}

/** 1 less `penalty` per issue, never below 0. */
export function scoreFromIssues(issues: string[], penalty: number): DimensionScore {
  return { score: clampUnit(1 - issues.length * penalty), issues };
}

export function clampUnit(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Scores travel as JSON; four decimals are plenty and keep 0.1 + 0.2 out of reports. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
