// Typed configuration, parsed and validated once at start-up.
export { ConfigError } from './config-error';
export { EnvReader } from './env-reader';
export type { Env } from './env-reader';
export { loadConfig, loadConfigOrExit } from './load-config';
export { readCommonConfig, readGroupId, readTopicNamespace, portVariable } from './common-config';
export { readJwtConfig, DEFAULT_JWT_SECRET } from './jwt-config';
export type { JwtConfig } from './jwt-config';
export type { CommonConfig } from './common-config';
export {
  describeKafkaSecurity,
  kafkaClientOptions,
  kafkaSecurityFromEnv,
  KAFKA_SASL_MECHANISMS,
  localCredentialsFile,
  localDataDir,
  localPrincipalSecurity,
  localSecurityMode,
  readKafkaSecurity,
  Secret,
} from './kafka-security';
export type { KafkaSaslMechanism, KafkaSecurity } from './kafka-security';
