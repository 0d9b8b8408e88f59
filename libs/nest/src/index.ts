// Nest glue for Governor services: the Kafka transport strategy over the messaging runner, the
// service bootstrap, the token guard, error answers, health and metrics. Kept apart from
// @governor/messaging so that framework-free code and in-process tests need not load Nest.
export { GovernorKafkaServer } from './governor-kafka.server';
export type { GovernorKafkaServerOptions } from './governor-kafka.server';
export { runService } from './bootstrap/run-service';
export type { ServiceSpec, ConsumerSpec } from './bootstrap/run-service';
export { SERVICE_CONFIG } from './bootstrap/service-tokens';
export { InfrastructureModule } from './bootstrap/infrastructure.module';
export { Public, Roles, CurrentUser } from './auth/auth.decorators';
export { JwtAuthGuard } from './auth/jwt-auth.guard';
export { ApiError, badRequest, unauthorized, forbidden, notFound, conflict, unprocessable } from './http/api-error';
export { ApiErrorBody, ApiErrors } from './http/api-error.schema';
export { HttpErrorFilter } from './http/http-error.filter';
export { PageQuery, PageInterceptor, cursorFields } from './http/paging';
export { Page, pageRequest, encodeCursor, nextPageLink, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './http/page';
export type { PageRequest, CursorKey } from './http/page';
export { RefusalRecorder } from './http/refusal-recorder';
export type { Refusal, RefusalRecorderOptions } from './http/refusal-recorder';
export { ServiceMetrics } from './metrics/service-metrics';
export { Readiness } from './health/readiness';
export type { ReadinessCheck } from './health/readiness';
export { RETAINED_STORES, StoreRetentionRunner, storeRetentionProviders } from './retention/store-retention.provider';
