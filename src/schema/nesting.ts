/**
 * Parsers, normalisers and the compatibility checks walk schemas recursively. A schema nested thousands of
 * levels deep exhausts the call stack there; that is the input's problem, so it becomes a schema error with a
 * fix hint (exit code 2 in the CLI, 42201 in the registry), never a crash or an HTTP 500.
 */
import { KontractError } from '../errors.js';

/** Whether `error` is V8's "Maximum call stack size exceeded". */
export function isCallStackExhausted(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** `error` as a `SCHEMA_INVALID` error when it is an exhausted call stack; `error` itself otherwise. */
export function nestingErrorOf(error: unknown, file?: string): unknown {
  if (!isCallStackExhausted(error)) return error;
  return new KontractError('SCHEMA_INVALID', 'the schema is nested too deeply to process', {
    ...(file === undefined ? {} : { location: { file } }),
    hint: 'Flatten it: give deeply nested records, messages or subschemas names (Avro named types, Protobuf top-level messages, JSON Schema definitions) and refer to them.',
    cause: error,
  });
}

/** Runs `work`, turning an exhausted call stack into a `SCHEMA_INVALID` error. */
export function withNestingGuard<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw nestingErrorOf(error);
  }
}

/** `fn` with {@link withNestingGuard} around every call. */
export function nestingGuarded<Args extends unknown[], T>(fn: (...args: Args) => T): (...args: Args) => T {
  return (...args) => withNestingGuard(() => fn(...args));
}
