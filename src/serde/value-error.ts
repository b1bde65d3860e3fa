/**
 * A value that does not fit its schema. Raised deep inside an encoder or decoder, it collects the path
 * to the offending value while it travels up (each level prepends its field, index or key), and the
 * codec turns it into a `PAYLOAD_INVALID` {@link KontractError} with that path as location.
 */
import { escapePointerToken } from '../schema/json-text.js';

export class ValueError extends Error {
  override name = 'ValueError';
  /** Outermost first: field names, array indexes, map keys. */
  readonly path: Array<string | number> = [];

  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }

  /** Prepends a path segment and returns the error, for `throw error.at(name)` while unwinding. */
  at(segment: string | number): this {
    this.path.unshift(segment);
    return this;
  }
}

/** The path as a JSON pointer fragment: `#/data/tags/0`; `#` for the value itself. */
export function pointerOf(path: ReadonlyArray<string | number>): string {
  return path.length === 0 ? '#' : `#/${path.map((segment) => escapePointerToken(String(segment))).join('/')}`;
}

/** A short description of a value for error messages: `a string ("abc")`, `undefined`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'bigint') return `the bigint ${value}n`;
  if (typeof value === 'boolean') return `${value}`;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `${value.length} byte(s)`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : `the Date ${value.toISOString()}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The closest of `candidates` to `name` (edit distance at most 2, or a case-insensitive match), for "did you mean". */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
