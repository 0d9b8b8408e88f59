// Test harness of the resilience-monitor process tests: the shared service-process helpers of
// @governor/testing, bound to this suite's token secret.
import { callServiceApi, compiledService, serviceTestEnv } from '@governor/testing';

export { deleteTopicNamespace as deleteNamespace, dropSchemas, freePort, sleep, startServiceProcess as startService } from '@governor/testing';

export const SECRET = 'monitor-test-secret';
export const servicePath = compiledService;
export const commonEnv = (namespace: string) => serviceTestEnv(namespace, SECRET);
export const api = <T>(
  port: number,
  method: 'GET' | 'POST',
  pathname: string,
  user: { id: string; roles: string[] } | null,
  body?: unknown,
) => callServiceApi<T>(port, method, pathname, user && { ...user, jwtSecret: SECRET }, body);
