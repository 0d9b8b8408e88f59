// What a tracked file may refer to: nothing outside the repository. A user's clone holds only the
// repository, so a link to a sibling folder or a path on the machine it was written on is broken
// there. Pure functions over file contents; repository-paths.spec.ts applies them to `git ls-files`.
import { posix } from 'node:path';

/** Text that points outside the repository: a sibling `shared` folder or the authors' machine. */
const OUTSIDE_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  // Built from parts so that this file does not match itself.
  { name: ['..', 'shared'].join('/'), pattern: new RegExp(['\\.\\.', 'shared'].join('/')) },
  { name: ['', 'work', ''].join('/'), pattern: new RegExp(`(^|[^\\w.-])${['', 'work', ''].join('/')}`) },
];

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/** Each line of `text` that mentions a path outside the repository. */
export function outsideReferences(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((content, index) => {
    for (const { name, pattern } of OUTSIDE_PATTERNS) {
      if (pattern.test(content)) findings.push({ file, line: index + 1, problem: `refers to ${name}` });
    }
  });
  return findings;
}

export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/**
 * The link targets of a markdown text: inline `[text](target "title")`, images and reference
 * definitions `[id]: target`, outside fenced code blocks and code spans.
 */
export function markdownLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const opener = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (opener) {
      if (fence === undefined) fence = opener[1];
      else if (opener[1].startsWith(fence)) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    const content = raw.replace(/`[^`]*`/g, '');
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(content);
    if (definition) links.push({ line: index + 1, target: definition[1] });
    for (const match of content.matchAll(/\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line: index + 1, target: match[1] });
    }
  });
  return links;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a markdown text's headings (GitHub numbers repeats: `a`, `a-1`, ...). */
export function markdownAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence;
    const heading = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** What a markdown file's repository needs to answer about itself. */
export interface RepositoryView {
  /** Whether a repository-relative path is a tracked file or a folder holding one. */
  has(path: string): boolean;
  /** The anchors of a tracked markdown file. */
  anchorsOf(path: string): Set<string>;
}

/** Each relative link of the markdown file `file` that does not lead to a tracked file (and anchor). */
export function brokenLinks(file: string, text: string, repository: RepositoryView): Finding[] {
  const findings: Finding[] = [];
  for (const { line, target } of markdownLinks(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and other schemes
    const [pathPart, anchor] = splitAnchor(target);
    const path = pathPart === '' ? file : resolveInRepository(file, decodeURI(pathPart));
    if (path === undefined) {
      findings.push({ file, line, problem: `link ${target} leaves the repository` });
    } else if (!repository.has(path)) {
      findings.push({ file, line, problem: `link ${target}: no ${path} in the repository` });
    } else if (anchor !== undefined && path.endsWith('.md') && !repository.anchorsOf(path).has(anchor)) {
      findings.push({ file, line, problem: `link ${target}: ${path} has no heading #${anchor}` });
    }
  }
  return findings;
}

function splitAnchor(target: string): [string, string | undefined] {
  const hash = target.indexOf('#');
  return hash < 0 ? [target, undefined] : [target.slice(0, hash), target.slice(hash + 1)];
}

/** The repository-relative path a link from `file` names, or undefined when it climbs out. */
function resolveInRepository(file: string, target: string): string | undefined {
  const joined = target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(file), target);
  const normal = posix.normalize(joined).replace(/\/$/, '');
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal === '.' ? '' : normal;
}
