// The operator's command line and the demo: HTTP client of Governor's APIs and file publishing.
export { ApiClient, ApiCallError, serviceUrl, DEFAULT_PORTS } from './api-client';
export type { ServiceName } from './api-client';
export { publishFile } from './publish-file';
export { SERVICE_MALLOC_ENV, SERVICE_V8_FLAGS, serviceNodeOptions, serviceRuntimeEnv } from './service-runtime';
