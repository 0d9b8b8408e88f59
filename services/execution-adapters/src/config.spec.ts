import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@governor/config';
import { readExecutionConfig } from './config';

describe('execution-adapters configuration', () => {
  it('has working defaults: port 3004, its own group and schema, the WMS at the ERP address', () => {
    const config = loadConfig(readExecutionConfig, {});
    expect(config).toMatchObject({
      httpPort: 3004,
      groupId: 'governor.execution-adapters',
      schema: 'execution_adapters',
      sessionTimeoutMs: 45_000,
      erp: { baseUrl: 'http://127.0.0.1:3010', authHeader: 'authorization', authValue: undefined, timeoutMs: 5_000 },
      wms: { baseUrl: 'http://127.0.0.1:3010', timeoutMs: 5_000 },
      retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, circuitResetMs: 10_000 },
      testCrashPoint: undefined,
      executionsKeepDays: 365,
    });
    expect(config.routes['inventory.transfer-stock']).toBe('wms');
    expect(loadConfig(readExecutionConfig, { EXECUTIONS_KEEP_DAYS: '0' }).executionsKeepDays).toBe(0);
    expect(() => loadConfig(readExecutionConfig, { EXECUTIONS_KEEP_DAYS: '-1' })).toThrow(/EXECUTIONS_KEEP_DAYS/);
  });

  it('reads targets, credentials and routes', () => {
    const config = loadConfig(readExecutionConfig, {
      EXECUTION_ADAPTERS_ERP_BASE_URL: 'https://erp.example.com/api',
      EXECUTION_ADAPTERS_ERP_AUTH_HEADER: 'X-Api-Key',
      EXECUTION_ADAPTERS_ERP_AUTH_VALUE: 'k-1',
      EXECUTION_ADAPTERS_WMS_BASE_URL: 'https://wms.example.com',
      EXECUTION_ADAPTERS_ROUTES: 'inventory.transfer-stock=erp',
    });
    expect(config.erp).toEqual({ baseUrl: 'https://erp.example.com/api', authHeader: 'x-api-key', authValue: 'k-1', timeoutMs: 5_000 });
    expect(config.wms).toEqual({ baseUrl: 'https://wms.example.com', authHeader: 'x-api-key', authValue: 'k-1', timeoutMs: 5_000 });
    expect(config.routes['inventory.transfer-stock']).toBe('erp');
  });

  it("reaches predictive-risk's model registry on its port, with a credential of its own and the ERP's timeout", () => {
    const config = loadConfig(readExecutionConfig, {
      PORT_PREDICTIVE_RISK: '4002',
      EXECUTION_ADAPTERS_ERP_AUTH_VALUE: 'k-1',
      EXECUTION_ADAPTERS_ERP_TIMEOUT_MS: '1000',
    });
    expect(config.models).toEqual({ baseUrl: 'http://127.0.0.1:4002', authHeader: 'authorization', authValue: undefined, timeoutMs: 1_000 });
    expect(config.routes['planning.promote-model-version']).toBe('model-registry');
    const configured = loadConfig(readExecutionConfig, {
      EXECUTION_ADAPTERS_MODELS_BASE_URL: 'https://risk.example.com',
      EXECUTION_ADAPTERS_MODELS_AUTH_VALUE: 'Bearer t',
    });
    expect(configured.models).toMatchObject({ baseUrl: 'https://risk.example.com', authValue: 'Bearer t' });
  });

  it('names every bad variable, including timeouts that would outlast the consumer session', () => {
    expect(() =>
      loadConfig(readExecutionConfig, {
        EXECUTION_ADAPTERS_ROUTES: 'inventory.transfer-stock=sap',
        EXECUTION_ADAPTERS_ERP_TIMEOUT_MS: '13000',
        EXECUTION_ADAPTERS_TEST_CRASH_POINT: 'somewhere',
      }),
    ).toThrow(
      /EXECUTION_ADAPTERS_ROUTES: "sap" is not an adapter[\s\S]*EXECUTION_ADAPTERS_SESSION_TIMEOUT_MS: must be more than[\s\S]*EXECUTION_ADAPTERS_LEASE_MS: must be more than 5 x the slowest target timeout \(13000 ms\)[\s\S]*EXECUTION_ADAPTERS_TEST_CRASH_POINT: must be one of after-erp-response, after-outcome-commit/,
    );
  });

  describe('the keys that sign approved actions', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'exec-config-'));
    const file = (name: string, text: string) => {
      const at = path.join(dir, name);
      writeFileSync(at, text);
      return at;
    };

    it("default to policy-enforcement's JWKS on its port", () => {
      expect(loadConfig(readExecutionConfig, {}).signingKeys).toEqual({ kind: 'url', url: 'http://127.0.0.1:3003/.well-known/jwks.json' });
      expect(loadConfig(readExecutionConfig, { PORT_POLICY_ENFORCEMENT: '4003' }).signingKeys).toEqual({
        kind: 'url',
        url: 'http://127.0.0.1:4003/.well-known/jwks.json',
      });
      expect(loadConfig(readExecutionConfig, { GOVERNOR_SIGNING_JWKS_URL: 'https://pe.example.com/.well-known/jwks.json' }).signingKeys).toEqual({
        kind: 'url',
        url: 'https://pe.example.com/.well-known/jwks.json',
      });
    });

    it('come from a JWKS file when one is named', () => {
      const jwks = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'x', kid: 'k-1' }] };
      const at = file('jwks.json', JSON.stringify(jwks));
      expect(loadConfig(readExecutionConfig, { GOVERNOR_SIGNING_JWKS_FILE: at }).signingKeys).toEqual({ kind: 'file', file: at, jwks });
    });

    it('name the variable when the file is missing, not a JWKS, or given with a URL', () => {
      const load = (env: Record<string, string>) => () => loadConfig(readExecutionConfig, env);
      expect(load({ GOVERNOR_SIGNING_JWKS_FILE: path.join(dir, 'none.json') })).toThrow(/GOVERNOR_SIGNING_JWKS_FILE: .*does not exist/);
      expect(load({ GOVERNOR_SIGNING_JWKS_FILE: file('bad.json', '{"keys": []}') })).toThrow(/GOVERNOR_SIGNING_JWKS_FILE: .*is not a JWKS/);
      expect(load({ GOVERNOR_SIGNING_JWKS_FILE: file('text.json', 'nope') })).toThrow(/GOVERNOR_SIGNING_JWKS_FILE: .*is not JSON/);
      expect(load({ GOVERNOR_SIGNING_JWKS_FILE: file('ok.json', '{"keys":[{"kty":"OKP"}]}'), GOVERNOR_SIGNING_JWKS_URL: 'http://x/' })).toThrow(/not both/);
      expect(load({ GOVERNOR_SIGNING_JWKS_URL: 'ftp://x/' })).toThrow(/GOVERNOR_SIGNING_JWKS_URL: must use http or https/);
    });
  });
});
