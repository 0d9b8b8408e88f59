// Injection tokens for what runService() builds before Nest starts. Classes (DataSource, Kafka,
// EventPublisher, Outbox, ServiceMetrics, Readiness) are their own tokens; the config is this one.
export const SERVICE_CONFIG = Symbol('governor:service-config');
