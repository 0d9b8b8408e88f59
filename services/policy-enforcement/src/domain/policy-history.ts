// The history of policy versions (docs/contract.md section 7): what changed from one version to
// another, as a unified diff of their Cedar text, and the two-person rule of activation, so that no
// single person both writes a policy and puts it in force.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { SEPARATION_OF_DUTIES } from './approval-rules';

export interface StoredVersionText {
  version: number;
  policies: string;
  createdAt: Date;
}

/** The lines of context around each change, as `diff -u` has them. */
const CONTEXT_LINES = 3;

/**
 * The unified diff from `from` to `to`: `---`/`+++` headers naming the versions (with when each
 * was stored, as diff puts a file's time there) and `@@` hunks; only the headers when nothing changed.
 */
export function policyDiff(from: StoredVersionText, to: StoredVersionText): string {
  return createTwoFilesPatch(
    `policy-version-${from.version}`,
    `policy-version-${to.version}`,
    from.policies,
    to.policies,
    from.createdAt.toISOString(),
    to.createdAt.toISOString(),
    { context: CONTEXT_LINES, headerOptions: FILE_HEADERS_ONLY },
  );
}

export interface ActivationRefusal {
  code: typeof SEPARATION_OF_DUTIES;
  message: string;
}

/**
 * Why `activator` may not activate a version `author` stored, if they may not: a second person
 * from governance puts a version in force. (The default bundle is stored and activated by the
 * service itself at first start, which does not come through here.)
 */
export function activationRefusal(author: string, activator: string): ActivationRefusal | undefined {
  if (author !== activator) return undefined;
  return {
    code: SEPARATION_OF_DUTIES,
    message: 'you stored this policy version: a second person from governance activates it',
  };
}
