import { cursorFields, encodeCursor, InvalidPageError, nextPageLink, Page, pageRequest } from './page';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof InvalidPageError ? error.code : String(error);
  }
  return undefined;
}

describe('paging', () => {
  it('takes limit 100 by default, 1 to 500 when given, and refuses anything else with invalid-limit', () => {
    expect(pageRequest(undefined, undefined)).toEqual({ limit: 100 });
    expect(pageRequest('', '')).toEqual({ limit: 100 });
    expect(pageRequest('1', undefined).limit).toBe(1);
    expect(pageRequest('500', undefined).limit).toBe(500);
    for (const bad of ['0', '501', '-1', '2.5', 'ten', ['1', '2']]) expect(codeOf(() => pageRequest(bad, undefined))).toBe('invalid-limit');
  });

  it('round-trips a cursor and refuses one that is not a previous page key with invalid-cursor', () => {
    const key = { createdAt: '2026-12-04T10:00:00.000Z', id: 'b1', amount: 12.5, risk: null };
    expect(pageRequest('10', encodeCursor(key))).toEqual({ limit: 10, after: key });
    const notJson = Buffer.from('{nope', 'utf8').toString('base64url');
    const array = encodeCursor([1, 2] as unknown as Record<string, number>);
    const nested = Buffer.from(JSON.stringify({ a: { b: 1 } })).toString('base64url');
    for (const bad of ['%%%', notJson, array, nested, 'x'.repeat(3000)]) expect(codeOf(() => pageRequest(undefined, bad))).toBe('invalid-cursor');
  });

  it('checks a cursor against the fields its list sorts by', () => {
    const request = pageRequest(undefined, encodeCursor({ createdAt: 'x', id: 'y' }));
    expect(cursorFields(request, ['createdAt', 'id'])).toEqual({ createdAt: 'x', id: 'y' });
    expect(codeOf(() => cursorFields(request, ['amount', 'id']))).toBe('invalid-cursor');
    expect(cursorFields(pageRequest(undefined, undefined), ['id'])).toBeUndefined();
  });

  it('makes a page of at most limit items from limit + 1 rows, with the next key only when there is more', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const full = Page.of(rows, { limit: 2 }, (r) => ({ id: r.id }), (r) => `#${r.id}`);
    expect(full.items).toEqual(['#1', '#2']);
    expect(full.next).toEqual({ id: 2 });
    const last = Page.of(rows.slice(0, 2), { limit: 2 }, (r) => ({ id: r.id }));
    expect(last.items).toEqual(rows.slice(0, 2));
    expect(last.next).toBeUndefined();
    expect(Page.of([], { limit: 2 }, () => ({})).next).toBeUndefined();
  });

  it('links the next page as RFC 8288 describes, keeping the other query parameters', () => {
    const link = nextPageLink({ originalUrl: '/approvals?status=pending&after=old&limit=2' }, { id: 2 });
    expect(link).toBe(`</approvals?status=pending&after=${encodeCursor({ id: 2 })}&limit=2>; rel="next"`);
  });
});
