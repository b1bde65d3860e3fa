/**
 * The iteration order of a `java.util.HashSet<String>`. Confluent's JSON Schema diff walks property names,
 * dependency keys and (in Everit's loader) the `allOf`/`anyOf`/`oneOf` keywords through hash sets, so the
 * order of its findings is the hash order; reproducing it makes kontract list differences exactly as
 * Confluent does. Entries sort by bucket (`hash ^ hash >>> 16` masked by the table size), ties keep
 * insertion order (true for Java's bucket lists; trees only form with more than 8 collisions in a bucket).
 */

/** `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(value: string): number {
  let hash = 0;
  for (let index = 0; index < value.length; index++) hash = (Math.imul(31, hash) + value.charCodeAt(index)) | 0;
  return hash;
}

/** `HashMap.tableSizeFor`: the smallest power of two ≥ `capacity` (at least 1). */
function tableSizeFor(capacity: number): number {
  let size = 1;
  while (size < capacity) size *= 2;
  return size;
}

/**
 * The order a `HashSet` built as `new HashSet<>(first)` followed by `addAll(second)` iterates in.
 * Duplicates are dropped (first insertion wins).
 */
export function javaHashSetOrder(first: readonly string[], second: readonly string[] = []): string[] {
  // new HashSet<>(c): initial capacity max((int) (c.size() / .75f) + 1, 16); the table doubles past 3/4 full.
  let capacity = tableSizeFor(Math.max(Math.floor(first.length / 0.75) + 1, 16));
  const inserted: string[] = [];
  const seen = new Set<string>();
  for (const value of [...first, ...second]) {
    if (seen.has(value)) continue;
    seen.add(value);
    inserted.push(value);
    if (inserted.length > capacity * 0.75) capacity *= 2;
  }
  const bucket = (value: string): number => {
    const hash = javaStringHash(value);
    return (hash ^ (hash >>> 16)) & (capacity - 1);
  };
  return inserted
    .map((value, order) => ({ value, order, bucket: bucket(value) }))
    .sort((a, b) => a.bucket - b.bucket || a.order - b.order)
    .map((entry) => entry.value);
}
