import { activationRefusal, policyDiff } from './policy-history';

const version = (n: number, policies: string) => ({
  version: n,
  policies,
  createdAt: new Date(Date.UTC(2026, 0, n)),
});

const BEFORE = [
  '@id("a")',
  'permit (principal, action, resource)',
  'when { context.riskTier == "low" };',
  '',
  '@id("b")',
  'forbid (principal, action, resource)',
  'when { context.dataQuality < 0.5 };',
  '',
].join('\n');

describe('policyDiff', () => {
  it('gives the changed lines in a unified hunk under headers naming both versions', () => {
    const after = BEFORE.replace('"low"', '"medium"') + '// added\n';
    expect(policyDiff(version(1, BEFORE), version(2, after))).toBe(
      [
        '--- policy-version-1\t2026-01-01T00:00:00.000Z',
        '+++ policy-version-2\t2026-01-02T00:00:00.000Z',
        '@@ -1,7 +1,8 @@',
        ' @id("a")',
        ' permit (principal, action, resource)',
        '-when { context.riskTier == "low" };',
        '+when { context.riskTier == "medium" };',
        ' ',
        ' @id("b")',
        ' forbid (principal, action, resource)',
        ' when { context.dataQuality < 0.5 };',
        '+// added',
        '',
      ].join('\n'),
    );
  });

  it('keeps three lines of context, so distant changes are separate hunks', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `// line ${i + 1}`);
    const changed = [...lines];
    changed[1] = '// second';
    changed[18] = '// nineteenth';
    const diff = policyDiff(version(1, lines.join('\n') + '\n'), version(2, changed.join('\n') + '\n'));
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,5 +1,5 @@', '@@ -16,5 +16,5 @@']);
  });

  it('is only the headers when nothing changed, and says so when the last line lost its newline', () => {
    expect(policyDiff(version(3, BEFORE), version(4, BEFORE))).toBe(
      '--- policy-version-3\t2026-01-03T00:00:00.000Z\n+++ policy-version-4\t2026-01-04T00:00:00.000Z\n',
    );
    expect(policyDiff(version(1, 'x\n'), version(2, 'x'))).toContain('\\ No newline at end of file');
  });
});

describe('activationRefusal', () => {
  it('refuses the author with separation-of-duties and lets anyone else activate', () => {
    expect(activationRefusal('gwen', 'gwen')).toEqual({
      code: 'separation-of-duties',
      message: expect.stringMatching(/second person/),
    });
    expect(activationRefusal('gwen', 'gus')).toBeUndefined();
    expect(activationRefusal('system:policy-enforcement', 'gwen')).toBeUndefined();
  });
});
