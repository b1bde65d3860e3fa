import { describe, expect, it } from 'vitest';
import { javaHashSetOrder, javaStringHash } from '../../src/schema/jsonschema/java-hash-order.js';

/** The order by its definition: sort by bucket, ties in insertion order (what the counting sort must reproduce). */
function bySorting(first: readonly string[], second: readonly string[]): string[] {
  const tableSize = (n: number): number => {
    let size = 1;
    while (size < n) size *= 2;
    return size;
  };
  let capacity = tableSize(Math.max(Math.floor(first.length / 0.75) + 1, 16));
  const inserted: string[] = [];
  for (const value of [...first, ...second]) {
    if (inserted.includes(value)) continue;
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

/** A small deterministic generator (xorshift), so a failure reproduces. */
function names(seed: number, count: number): string[] {
  let state = seed;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () => `${['id', 'name', 'added_in_v', 'x', 'Ä', ''][Math.floor(next() * 6)]}${Math.floor(next() * 40)}`);
}

describe('javaHashSetOrder', () => {
  it('orders by bucket, and names sharing a bucket by insertion', () => {
    // "Ea" and "FB" share String.hashCode 2236 (bucket 12 of 16); "c" is 99 (bucket 3).
    expect(javaHashSetOrder(['Ea', 'FB', 'c'])).toEqual(['c', 'Ea', 'FB']);
    expect(javaHashSetOrder(['FB', 'Ea'], ['c', 'FB'])).toEqual(['c', 'FB', 'Ea']);
    expect(javaHashSetOrder([])).toEqual([]);
  });

  it('agrees with sorting by bucket on many generated name lists, duplicates and growth past the initial table included', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const first = names(seed, seed % 37);
      const second = names(seed * 7919, seed % 23);
      expect(javaHashSetOrder(first, second), `seed ${seed}`).toEqual(bySorting(first, second));
    }
  });
});
