/**
 * Errors are values with codes. Every error kontract raises for a user mistake is a
 * {@link KontractError}: the CLI prints `file:line:col: code: message` plus the hint and
 * exits 2, never a stack trace. Callers test `error.code` (or `instanceof`), never message text.
 */

/** Where in the user's input a problem is. Every part is optional; give what is known. */
export interface SourceLocation {
  /** File path, relative to the project root when it is inside it. */
  file?: string;
  /** Path inside the schema: a JSON path (`#/fields/2/type`) or a proto element path (`#/Order/3`). */
  path?: string;
  /** 1-based line, where the parser reports one. */
  line?: number;
  /** 1-based column, where the parser reports one. */
  column?: number;
}

/**
 * Stable error codes. Grouped by the layer that raises them; registry errors additionally
 * carry Confluent's numeric `error_code` in {@link KontractError.registryCode}.
 */
export type KontractErrorCode =
  // schema files and schema texts
  | 'SCHEMA_SYNTAX'
  | 'SCHEMA_INVALID'
  | 'REFERENCE_UNRESOLVED'
  | 'NAME_CLASH'
  // repository layout and configuration
  | 'CONFIG_INVALID'
  | 'VERSION_GAP'
  | 'VERSION_DUPLICATE'
  | 'VERSION_FILE_NAME'
  | 'VERSION_IMMUTABLE'
  | 'SUBJECT_NOT_FOUND'
  | 'USAGE'
  | 'IO'
  // compatibility engine
  | 'SCHEMA_TYPE_MISMATCH'
  | 'COMPATIBILITY_CHECK_FAILED'
  // registry client/server
  | 'REGISTRY_ERROR'
  | 'REGISTRY_UNAVAILABLE'
  // serialization
  | 'UNKNOWN_MAGIC_BYTE'
  | 'UNKNOWN_SCHEMA_ID'
  | 'READER_INCOMPATIBLE'
  | 'PAYLOAD_INVALID'
  | 'MESSAGE_TOO_LARGE'
  | 'KEY_REQUIRED'
  // kafka
  | 'KAFKA_ERROR';

export interface KontractErrorOptions {
  location?: SourceLocation;
  /** One line telling the user how to fix it. */
  hint?: string;
  cause?: unknown;
  /** Whether retrying the same operation may succeed (network, 5xx). */
  retriable?: boolean;
  /** Confluent Schema Registry `error_code`, when the error comes from or goes to a registry. */
  registryCode?: number;
  /** Context for logs and tests: subject, topic, partition, schemaId, … */
  context?: Record<string, string | number | boolean | undefined>;
}

export class KontractError extends Error {
  readonly code: KontractErrorCode;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly retriable: boolean;
  readonly registryCode?: number;
  readonly context?: Record<string, string | number | boolean | undefined>;

  constructor(code: KontractErrorCode, message: string, options: KontractErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KontractError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
    this.retriable = options.retriable ?? false;
    this.registryCode = options.registryCode;
    this.context = options.context;
  }

  /** A copy of this error with the location completed by `extra` (e.g. the file, once known). */
  withLocation(extra: SourceLocation): KontractError {
    return new KontractError(this.code, this.message, {
      location: { ...extra, ...stripUndefined(this.location ?? {}) },
      hint: this.hint,
      cause: this.cause,
      retriable: this.retriable,
      registryCode: this.registryCode,
      context: this.context,
    });
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `file:line:col` (or as much of it as is known), then the schema path. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  let head = location.file ?? '';
  if (location.line !== undefined) head += `:${location.line}` + (location.column !== undefined ? `:${location.column}` : '');
  if (location.path) head += head ? ` (at ${location.path})` : `at ${location.path}`;
  return head;
}

/** The one-paragraph form users see: `file:line:col (at path): CODE: message\n  hint: …`. */
export function describeError(error: KontractError): string {
  const where = formatLocation(error.location);
  const registry = error.registryCode === undefined ? '' : ` (registry error_code ${error.registryCode})`;
  const head = `${where ? where + ': ' : ''}${error.code}: ${error.message}${registry}`;
  return error.hint ? `${head}\n  hint: ${error.hint}` : head;
}

export function isKontractError(value: unknown): value is KontractError {
  return value instanceof KontractError;
}

/** Several independent problems found in one pass (e.g. every bad file of a schema repository), reported together. */
export class KontractErrorList extends Error {
  readonly errors: KontractError[];

  constructor(errors: KontractError[]) {
    super(errors.map(describeError).join('\n'));
    this.name = 'KontractErrorList';
    this.errors = errors;
  }
}

/** The individual errors of a thrown value: a list's members, a single KontractError, or none (not a user error). */
export function userErrorsOf(value: unknown): KontractError[] | undefined {
  if (value instanceof KontractErrorList) return value.errors;
  if (value instanceof KontractError) return [value];
  return undefined;
}
