/**
 * The registry layer: an embedded Confluent-compatible Schema Registry server and a typed client
 * for any Confluent-compatible registry.
 */
export { startRegistry, DEFAULT_REGISTRY_PORT, type RunningRegistry, type StartRegistryOptions } from './server/http.js';
export * from './client/index.js';
export {
  REGISTRY_ERROR_CODES,
  RegistryErrorCode,
  describeRegistryErrorCode,
  httpStatusOf,
  registryError,
  type RegistryErrorCodeInfo,
} from './errors.js';
export type { RegistryConfigRecord, RegistryMode } from './store/types.js';
