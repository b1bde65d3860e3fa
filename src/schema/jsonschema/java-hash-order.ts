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

// Property names recur in every comparison of a schema's versions; their hashes are remembered (a bounded number).
const HASH_CACHE_LIMIT = 10_000;
const hashCache = new Map<string, number>();

function cachedJavaStringHash(value: string): number {
  let hash = hashCache.get(value);
  if (hash === undefined) {
    hash = javaStringHash(value);
    if (hashCache.size >= HASH_CACHE_LIMIT) hashCache.clear();
    hashCache.set(value, hash);
  }
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
  // Nothing to order (the usual case for a schema object's allOf/anyOf/oneOf keywords).
  if (first.length + second.length === 0) return [];
  // new HashSet<>(c): initial capacity max((int) (c.size() / .75f) + 1, 16); the table doubles past 3/4 full.
  let capacity = tableSizeFor(Math.max(Math.floor(first.length / 0.75) + 1, 16));
  const inserted: string[] = [];
  const seen = new Set<string>();
  for (const list of [first, second]) {
    for (const value of list) {
      if (seen.has(value)) continue;
      seen.add(value);
      inserted.push(value);
      if (inserted.length > capacity * 0.75) capacity *= 2;
    }
  }
  // A stable counting sort by bucket: buckets are few (the table size), and ties keep insertion order.
  // Plain arrays: small typed arrays cost more to allocate than they save here.
  const buckets = new Array<number>(inserted.length);
  const starts = new Array<number>(capacity + 1).fill(0);
  for (let index = 0; index < inserted.length; index++) {
    const hash = cachedJavaStringHash(inserted[index] as string);
    const bucket = (hash ^ (hash >>> 16)) & (capacity - 1);
    buckets[index] = bucket;
    starts[bucket + 1] = (starts[bucket + 1] as number) + 1;
  }
  for (let bucket = 0; bucket < capacity; bucket++) starts[bucket + 1] = (starts[bucket + 1] as number) + (starts[bucket] as number);
  const ordered = new Array<string>(inserted.length);
  for (let index = 0; index < inserted.length; index++) {
    const bucket = buckets[index] as number;
    ordered[starts[bucket] as number] = inserted[index] as string;
    starts[bucket] = (starts[bucket] as number) + 1;
  }
  return ordered;
}
