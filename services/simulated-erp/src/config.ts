// Configuration of the simulated ERP/WMS, read once at start-up. It is a stand-in for an external
// system: no Kafka, only an HTTP port, a Postgres schema and an optional API credential.
import { loadConfigOrExit, readCommonConfig } from '@governor/config';

export const SERVICE_NAME = 'simulated-erp';
export const DEFAULT_PORT = 3010;

export function loadErpConfig() {
  return loadConfigOrExit((r) => {
    const common = readCommonConfig(r, SERVICE_NAME, DEFAULT_PORT);
    return {
      serviceName: common.serviceName,
      databaseUrl: common.databaseUrl,
      httpPort: common.httpPort,
      logLevel: common.logLevel,
      schema: r.string('SIMULATED_ERP_DB_SCHEMA', { default: 'simulated_erp' }),
      /** When set, every call but health must carry `<authHeader>: <authValue>`. */
      authHeader: r.string('SIMULATED_ERP_AUTH_HEADER', { default: 'authorization' }).toLowerCase(),
      authValue: r.optionalString('SIMULATED_ERP_AUTH_VALUE'),
      httpHost: r.string('SIMULATED_ERP_HTTP_HOST', { default: '127.0.0.1' }),
    };
  });
}

export type ErpConfig = ReturnType<typeof loadErpConfig>;
