// No tracked file may refer outside the repository (docs/contract.md is the repository's own
// contract; a clone has nothing beside it), and every relative markdown link must resolve.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  brokenLinks,
  markdownAnchors,
  markdownLinks,
  outsideReferences,
  type Finding,
  type RepositoryView,
} from './repository-paths';

const ROOT = join(__dirname, '..', '..');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((path) => path !== '');
}

function readText(path: string): string | undefined {
  const bytes = readFileSync(join(ROOT, path));
  return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

function report(findings: Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}: ${f.problem}`).join('\n');
}

function viewOf(files: readonly string[], texts: Map<string, string>): RepositoryView {
  const paths = new Set(files);
  for (const file of files) {
    for (let slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
      paths.add(file.slice(0, slash));
    }
  }
  paths.add('');
  return {
    has: (path) => paths.has(path),
    anchorsOf: (path) => markdownAnchors(texts.get(path) ?? ''),
  };
}

describe('the repository refers to nothing outside it', () => {
  const files = trackedFiles();
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = readText(file);
    if (text !== undefined) texts.set(file, text);
  }

  it('finds the tracked files', () => {
    expect(files).toContain('docs/contract.md');
    expect(files).toContain('README.md');
  });

  it('has no tracked file that mentions a sibling folder of the checkout or an absolute path on the authors\' machine', () => {
    const findings = [...texts].flatMap(([file, text]) => outsideReferences(file, text));
    if (findings.length > 0) throw new Error(`paths outside the repository:\n${report(findings)}`);
  });

  it('has no relative markdown link that leads nowhere', () => {
    const view = viewOf(files, texts);
    const findings = [...texts]
      .filter(([file]) => file.endsWith('.md'))
      .flatMap(([file, text]) => brokenLinks(file, text, view));
    if (findings.length > 0) throw new Error(`broken links:\n${report(findings)}`);
  });
});

describe('repository-paths checks', () => {
  // Built from parts, or the first suite would find them in this file.
  const shared = ['..', 'shared'].join('/');
  const work = ['', 'work', ''].join('/');
  const view: RepositoryView = {
    has: (path) => ['', 'README.md', 'docs', 'docs/contract.md', 'contracts/README.md'].includes(path),
    anchorsOf: (path) => (path === 'docs/contract.md' ? new Set(['1-the-envelope']) : new Set()),
  };

  it('flags a sibling folder of the checkout and an absolute path on the authors\' machine, not a word that merely ends in those letters', () => {
    const text = [
      `see ${shared}/notes.md`,
      `at ${work}elsewhere/notes.md`,
      `network${work}sub and framework/`,
    ].join('\n');
    expect(outsideReferences('a.ts', text).map((f) => f.line)).toEqual([1, 2]);
  });

  it('reads inline links, images and definitions, not code', () => {
    const text = [
      '[a](docs/contract.md) and ![b](img.png "title")',
      '`[c](in-a-code-span.md)`',
      '```',
      '[d](in-a-fence.md)',
      '```',
      '[e]: other.md',
    ].join('\n');
    expect(markdownLinks(text).map((l) => l.target)).toEqual(['docs/contract.md', 'img.png', 'other.md']);
  });

  it('accepts links to tracked files, folders and headings, and external ones', () => {
    const text = '[c](docs/contract.md#1-the-envelope) [d](docs/) [e](https://example.com/x.md) [f](#top)';
    expect(
      brokenLinks('README.md', text, { ...view, anchorsOf: () => new Set(['top', '1-the-envelope']) }),
    ).toEqual([]);
  });

  it('flags a link that climbs out, names a missing file, or a missing heading', () => {
    const text = `[a](${shared}/notes.md) [b](missing.md) [c](docs/contract.md#no-such-heading)`;
    expect(brokenLinks('README.md', text, view).map((f) => f.problem)).toEqual([
      `link ${shared}/notes.md leaves the repository`,
      'link missing.md: no missing.md in the repository',
      'link docs/contract.md#no-such-heading: docs/contract.md has no heading #no-such-heading',
    ]);
  });
});
