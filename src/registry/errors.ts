import { KontractError } from '../errors.js';

/** What a Confluent Schema Registry `error_code` means, and how it travels over HTTP. */
export interface RegistryErrorCodeInfo {
  /** Confluent's numeric `error_code`. */
  code: number;
  /** The HTTP status Confluent answers with. */
  httpStatus: number;
  /** Confluent's name for the condition (from its `Errors` table). */
  name: string;
  /** One sentence for humans. */
  meaning: string;
  /** Whether repeating the same request may succeed. */
  retriable: boolean;
}

/**
 * Confluent Schema Registry error codes, as its REST API returns them in `{"error_code", "message"}`.
 * The embedded server answers with these; the client maps them back to `KontractError`s.
 * Codes 400–415 are plain HTTP conditions that Confluent's REST layer reports with the status as code.
 */
export const REGISTRY_ERROR_CODES: Readonly<Record<number, RegistryErrorCodeInfo>> = Object.freeze(
  Object.fromEntries(
    (
      [
        [400, 400, 'BAD_REQUEST', 'The request is malformed (e.g. the body is not valid JSON).', false],
        [401, 401, 'UNAUTHORIZED', 'Credentials are missing or wrong.', false],
        [403, 403, 'FORBIDDEN', 'The credentials may not perform this operation.', false],
        [404, 404, 'NOT_FOUND', 'No such endpoint.', false],
        [405, 405, 'METHOD_NOT_ALLOWED', 'The endpoint does not support this HTTP method.', false],
        [409, 409, 'INCOMPATIBLE_SCHEMA', 'The schema is incompatible with an earlier schema of the subject.', false],
        [40901, 409, 'INCOMPATIBLE_SCHEMA', 'The schema is incompatible with an earlier schema of the subject.', false],
        [413, 413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts.', false],
        [415, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body has a content type other than JSON.', false],
        [422, 422, 'UNPROCESSABLE_ENTITY', 'The request body has the wrong shape.', false],
        [40401, 404, 'SUBJECT_NOT_FOUND', 'The subject does not exist (or all its versions are deleted).', false],
        [40402, 404, 'VERSION_NOT_FOUND', 'The subject has no such version.', false],
        [40403, 404, 'SCHEMA_NOT_FOUND', 'No schema with that id, or the schema is not registered under the subject.', false],
        [40404, 404, 'SUBJECT_SOFT_DELETED', 'The subject was soft-deleted; delete it with permanent=true to remove it for good.', false],
        [40405, 404, 'SUBJECT_NOT_SOFT_DELETED', 'A subject must be soft-deleted before it can be deleted permanently.', false],
        [40406, 404, 'SCHEMA_VERSION_SOFT_DELETED', 'The version was soft-deleted; delete it with permanent=true to remove it for good.', false],
        [40407, 404, 'SCHEMA_VERSION_NOT_SOFT_DELETED', 'A version must be soft-deleted before it can be deleted permanently.', false],
        [40408, 404, 'SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED', 'The subject has no compatibility configuration of its own.', false],
        [40409, 404, 'SUBJECT_LEVEL_MODE_NOT_CONFIGURED', 'The subject has no mode of its own.', false],
        [40410, 404, 'ASSOCIATION_NOT_FOUND', 'No association exists for the resource.', false],
        [42201, 422, 'INVALID_SCHEMA', 'The schema does not parse, has an unknown type, or has unresolvable references.', false],
        [42202, 422, 'INVALID_VERSION', 'The version is not a number in [1, 2^31-1], -1 or "latest".', false],
        [42203, 422, 'INVALID_COMPATIBILITY_LEVEL', 'The compatibility level is not one of Confluent\'s seven levels.', false],
        [42204, 422, 'INVALID_MODE', 'The mode is not READWRITE, READONLY, READONLY_OVERRIDE or IMPORT.', false],
        [42205, 422, 'OPERATION_NOT_PERMITTED', 'The operation is not allowed in the current mode.', false],
        [42206, 422, 'REFERENCE_EXISTS', 'Other schemas still reference this schema version.', false],
        [42207, 422, 'ID_DOES_NOT_MATCH', 'The requested schema id is already used by a different schema.', false],
        [42208, 422, 'INVALID_SUBJECT', 'The subject name is empty or contains control characters.', false],
        [42209, 422, 'SCHEMA_TOO_LARGE', 'The schema is larger than the registry accepts.', false],
        [50001, 500, 'STORE_ERROR', 'The registry could not read or write its store.', true],
        [50002, 500, 'OPERATION_TIMEOUT', 'The operation timed out.', true],
        [50003, 500, 'REQUEST_FORWARDING_FAILED', 'The registry could not forward the request to its leader.', true],
        [50004, 500, 'UNKNOWN_LEADER', 'The registry has no leader.', true],
      ] as const
    ).map(([code, httpStatus, name, meaning, retriable]) => [code, { code, httpStatus, name, meaning, retriable }]),
  ),
);

/** The HTTP status Confluent uses for an `error_code` (the first three digits for unknown five-digit codes). */
export function httpStatusOf(errorCode: number): number {
  const known = REGISTRY_ERROR_CODES[errorCode];
  if (known) return known.httpStatus;
  if (errorCode >= 10000) return Math.floor(errorCode / 100);
  return errorCode >= 100 && errorCode < 600 ? errorCode : 500;
}

/** The meaning of an `error_code`, or `undefined` for codes Confluent does not define. */
export function describeRegistryErrorCode(errorCode: number): RegistryErrorCodeInfo | undefined {
  return REGISTRY_ERROR_CODES[errorCode];
}

/**
 * A registry error with Confluent's code, as the embedded server raises it (and turns into an HTTP
 * response) and as the client raises it for an error response. 5xx codes are retriable.
 */
export function registryError(errorCode: number, message: string, context?: Record<string, string | number | boolean | undefined>): KontractError {
  const status = httpStatusOf(errorCode);
  return new KontractError(status >= 500 ? 'REGISTRY_UNAVAILABLE' : 'REGISTRY_ERROR', message, {
    registryCode: errorCode,
    retriable: status >= 500,
    hint: REGISTRY_ERROR_CODES[errorCode]?.meaning,
    context,
  });
}

/** Confluent's error codes, by name, for readable server code and for callers testing `error.registryCode`. */
export const RegistryErrorCode = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INCOMPATIBLE_SCHEMA: 40901,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_ENTITY: 422,
  SUBJECT_NOT_FOUND: 40401,
  VERSION_NOT_FOUND: 40402,
  SCHEMA_NOT_FOUND: 40403,
  SUBJECT_SOFT_DELETED: 40404,
  SUBJECT_NOT_SOFT_DELETED: 40405,
  SCHEMA_VERSION_SOFT_DELETED: 40406,
  SCHEMA_VERSION_NOT_SOFT_DELETED: 40407,
  SUBJECT_COMPATIBILITY_NOT_CONFIGURED: 40408,
  SUBJECT_MODE_NOT_CONFIGURED: 40409,
  ASSOCIATION_NOT_FOUND: 40410,
  INVALID_SCHEMA: 42201,
  INVALID_VERSION: 42202,
  INVALID_COMPATIBILITY_LEVEL: 42203,
  INVALID_MODE: 42204,
  OPERATION_NOT_PERMITTED: 42205,
  REFERENCE_EXISTS: 42206,
  ID_DOES_NOT_MATCH: 42207,
  INVALID_SUBJECT: 42208,
  STORE_ERROR: 50001,
} as const;
