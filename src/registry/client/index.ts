export { createRegistryClient } from './client.js';
export type {
  CompatibilityAnswer,
  RegistryClient,
  RegistryClientOptions,
  RegistrySchemaInfo,
  RegistrySubjectVersion,
  SchemaToSend,
} from './client.js';
export { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry.js';
