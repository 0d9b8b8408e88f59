// Starts the OIDC provider of fixtures/oidc-provider.mjs as a child process and gets tokens from it the way a
// machine client would (client credentials, a resource indicator), so that services check tokens
// from a real provider through GOVERNOR_JWT_JWKS_URL, GOVERNOR_JWT_ISSUER and GOVERNOR_JWT_AUDIENCE.
import path from 'node:path';
import { NodeProcess } from './child-process';

export interface OidcClient {
  id: string;
  secret: string;
  roles: string[];
}

export interface OidcProviderConfig {
  clients: OidcClient[];
  /** Resource indicator -> the audience its tokens carry and how long they live. */
  resources: Record<string, { audience: string; ttlSeconds: number }>;
}

// The .mjs file is not compiled: from libs/testing/src (ts-jest) or dist/libs/testing/src, the source one.
const FIXTURE = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../../../libs/testing' : '..', 'fixtures/oidc-provider.mjs');

export class OidcProvider {
  private constructor(
    private readonly child: NodeProcess,
    readonly issuer: string,
    private readonly config: OidcProviderConfig,
  ) {}

  static async start(config: OidcProviderConfig): Promise<OidcProvider> {
    const child = new NodeProcess(FIXTURE, {}, [JSON.stringify(config)]);
    const ready = /oidc-provider ready (http:\/\/\S+)/;
    await child.waitForOutput(ready);
    return new OidcProvider(child, ready.exec(child.output)?.[1] ?? '', config);
  }

  /** The provider's signing keys, as its discovery document names them. */
  async jwksUri(): Promise<string> {
    const discovery = (await (await fetch(`${this.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
    return discovery.jwks_uri;
  }

  /** A JWT access token for a client, for a resource (RFC 8707). */
  async token(clientId: string, resource: string): Promise<string> {
    const client = this.config.clients.find((c) => c.id === clientId);
    if (!client) throw new Error(`no client ${clientId}`);
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'api' }).toString(),
    });
    const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
    if (!response.ok || !body.access_token) {
      throw new Error(`token request failed: ${response.status} ${body.error ?? ''} ${body.error_description ?? ''}\n${this.child.output}`);
    }
    return body.access_token;
  }

  get output(): string {
    return this.child.output;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
