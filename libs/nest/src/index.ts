// Nest glue for Governor services: the Kafka transport strategy over the messaging runner.
// Kept apart from @governor/messaging so that framework-free code and tests need not load Nest.
export { GovernorKafkaServer } from './governor-kafka.server';
export type { GovernorKafkaServerOptions } from './governor-kafka.server';
