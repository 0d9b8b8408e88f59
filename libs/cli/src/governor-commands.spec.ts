// Which token `governor` sends: GOVERNOR_TOKEN as it is; otherwise a development token with only
// the command's roles, said on stderr, and only against the development secret; never a token
// minted from a real key. A local HTTP server stands in for the services and shows the header.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { CliCredentialsError } from './cli-credentials';
import { runCommand } from './governor-commands';

describe('governor: the token it sends', () => {
  let server: Server;
  let port: number;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (seen.length = 0));

  const run = async (args: string[], env: Record<string, string>) => {
    const notices: string[] = [];
    const result = await runCommand(args, { env: { PORT_POLICY_ENFORCEMENT: String(port), PORT_RESILIENCE_MONITOR: String(port), ...env }, notice: (m) => notices.push(m) });
    return { result, notices };
  };
  const claims = () => jwt.verify((seen[0] ?? '').replace(/^Bearer /, ''), 'governor-dev-secret') as jwt.JwtPayload;

  it('sends GOVERNOR_TOKEN as it is, says nothing, whatever secret is configured', async () => {
    const { result, notices } = await run(['audit', 'verify'], { GOVERNOR_TOKEN: 'eyJ.from-the-idp.sig', GOVERNOR_JWT_SECRET: 'a-real-secret' });
    expect(result).toEqual({ ok: true });
    expect(seen).toEqual(['Bearer eyJ.from-the-idp.sig']);
    expect(notices).toEqual([]);
  });

  it('without GOVERNOR_TOKEN and on the development secret, mints a token with only the roles the command needs and says so', async () => {
    const { notices } = await run(['audit', 'verify'], { GOVERNOR_USER: 'ann' });
    expect(claims()).toMatchObject({ sub: 'ann', roles: ['auditor'] });
    expect(notices).toEqual(['governor: no GOVERNOR_TOKEN; using a development token for ann (roles: auditor) signed with the local development secret']);

    seen.length = 0;
    await run(['scorecard'], { GOVERNOR_JWT_SECRET: 'governor-dev-secret' });
    expect(claims()).toMatchObject({ sub: 'u-local-operator', roles: [] });
  });

  it('with a real secret or key configured and no GOVERNOR_TOKEN, stops naming GOVERNOR_TOKEN and calls nothing', async () => {
    const real: Record<string, string>[] = [{ GOVERNOR_JWT_SECRET: 'a-real-secret' }, { GOVERNOR_JWT_JWKS_URL: 'https://idp.example/jwks' }];
    for (const env of real) {
      const attempt = run(['audit', 'verify'], env);
      await expect(attempt).rejects.toThrow(CliCredentialsError);
      await expect(attempt).rejects.toThrow(/Set GOVERNOR_TOKEN/);
    }
    await expect(run(['token'], { GOVERNOR_JWT_SECRET: 'a-real-secret' })).rejects.toThrow(/GOVERNOR_TOKEN/);
    expect(seen).toEqual([]);
  });
});
