// Paged lists (docs/contract.md section 7, "Lists page"): every list answer takes `limit` (default
// 100, at most 500) and `after`, an opaque cursor from the previous page, and names the next page
// in a `Link: <...>; rel="next"` header (RFC 8288). The body stays a JSON array.
//
// This file is the framework-free part (paging.ts is the Nest glue). The cursor is the sort key of
// a page's last item (keyset paging: a page is `WHERE key > cursor ORDER BY key LIMIT n + 1`, so it
// costs the same deep in the list as at its start and never skips or repeats a row that was there
// when the first page was read). It is base64url JSON: opaque to clients, who only pass it back.

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;

/** A request for a page that cannot be answered: a 400 with this code (paging.ts). */
export class InvalidPageError extends Error {
  constructor(
    readonly code: 'invalid-limit' | 'invalid-cursor',
    message: string,
  ) {
    super(message);
  }
}

/** A cursor's content: the sort key of the last item of the previous page. */
export type CursorKey = Record<string, string | number | null>;

export interface PageRequest {
  limit: number;
  /** The previous page's last key; absent on the first page. */
  after?: CursorKey;
}

/** One page of a list: its items, and the key to continue after when there are more. */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly next?: CursorKey,
  ) {}

  /**
   * A page from up to `limit + 1` rows in list order (the extra row only tells that there is more):
   * at most `limit` items, and the next cursor from the last of them when there was an extra row.
   */
  static of<R, T = R>(rows: readonly R[], request: PageRequest, keyOf: (row: R) => CursorKey, view?: (row: R) => T): Page<T> {
    const taken = rows.slice(0, request.limit);
    const items = taken.map((row) => (view ? view(row) : (row as unknown as T)));
    const more = rows.length > request.limit && taken.length > 0;
    return new Page(items, more ? keyOf(taken[taken.length - 1]) : undefined);
  }
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The page a request asks for; a bad `limit` or `after` throws InvalidPageError. */
export function pageRequest(limit: unknown, after: unknown): PageRequest {
  let size = DEFAULT_PAGE_LIMIT;
  if (limit !== undefined && limit !== '') {
    if (typeof limit !== 'string' || !/^\d{1,6}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_PAGE_LIMIT) {
      throw new InvalidPageError('invalid-limit', `limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}`);
    }
    size = Number(limit);
  }
  if (after === undefined || after === '') return { limit: size };
  return { limit: size, after: decodeCursor(after) };
}

function decodeCursor(after: unknown): CursorKey {
  const invalid = () => new InvalidPageError('invalid-cursor', 'after must be the cursor of a previous page, as its Link header gave it');
  if (typeof after !== 'string' || after.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(after)) throw invalid();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  for (const value of Object.values(key)) {
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw invalid();
  }
  return key as CursorKey;
}

/**
 * The cursor's key, checked against the fields a list sorts by: a cursor from another list (or
 * another sort of the same list) is a 400, not a wrong page.
 */
export function cursorFields<K extends string>(request: PageRequest, fields: readonly K[]): Record<K, string | number | null> | undefined {
  if (!request.after) return undefined;
  const keys = Object.keys(request.after);
  if (keys.length !== fields.length || !fields.every((f) => keys.includes(f))) {
    throw new InvalidPageError('invalid-cursor', 'after is the cursor of another list or another sort order');
  }
  return request.after as Record<K, string | number | null>;
}

/** The URL of the next page: the request's own path and query, with `after` set to the cursor. */
export function nextPageLink(request: { originalUrl: string }, next: CursorKey): string {
  const url = new URL(request.originalUrl, 'http://governor.invalid');
  url.searchParams.set('after', encodeCursor(next));
  return `<${url.pathname}${url.search}>; rel="next"`;
}

