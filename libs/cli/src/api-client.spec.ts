import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient, nextLink, serviceUrl } from './api-client';

describe('serviceUrl', () => {
  it('takes GOVERNOR_URL_<SERVICE> first, then GOVERNOR_HOST with the port', () => {
    expect(serviceUrl('policy-enforcement', {})).toBe('http://127.0.0.1:3003');
    expect(serviceUrl('policy-enforcement', { GOVERNOR_HOST: 'pe.local', PORT_POLICY_ENFORCEMENT: '8080' })).toBe('http://pe.local:8080');
    expect(serviceUrl('policy-enforcement', { GOVERNOR_HOST: 'x', GOVERNOR_URL_POLICY_ENFORCEMENT: 'http://policy-enforcement:3003/' })).toBe('http://policy-enforcement:3003');
  });
});

describe('ApiClient paged lists', () => {
  it('reads the next page from a Link header as RFC 8288 writes it', () => {
    expect(nextLink('</approvals?after=abc&limit=2>; rel="next"')).toBe('/approvals?after=abc&limit=2');
    expect(nextLink('</a>; rel="prev", </b>; rel=next')).toBe('/b');
    expect(nextLink('</a>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });

  describe('callAll', () => {
    let server: Server;
    const asked: string[] = [];
    beforeAll(async () => {
      // Three pages of a list of five, linked as the services link them.
      server = createServer((req, res) => {
        asked.push(req.url ?? '');
        const after = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('after') ?? 0);
        const items = [1, 2, 3, 4, 5].filter((n) => n > after).slice(0, 2);
        if (items.length === 2 && items[1] < 5) res.setHeader('Link', `</items?limit=2&after=${items[1]}>; rel="next"`);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(items));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('follows rel="next" until the last page', async () => {
      const port = (server.address() as AddressInfo).port;
      const api = new ApiClient('u-test', ['auditor'], 'secret', { PORT_POLICY_ENFORCEMENT: String(port) });
      expect(await api.callAll<number>('policy-enforcement', '/items?limit=2')).toEqual([1, 2, 3, 4, 5]);
      expect(asked).toEqual(['/items?limit=2', '/items?limit=2&after=2', '/items?limit=2&after=4']);
    });
  });
});
