/**
 * Maximum-cardinality bipartite matching (Hopcroft–Karp). Left vertices are `0…leftCount-1`, right vertices
 * `0…rightCount-1`; `adjacency[left]` lists the right vertices a left vertex may pair with, in preference order.
 */
export function maximumMatching(leftCount: number, rightCount: number, adjacency: readonly (readonly number[])[]): Array<[number, number]> {
  const NONE = -1;
  if (isAlreadyMatching(rightCount, adjacency)) {
    // Every left vertex has at most one partner and no two share one: that is the only maximum matching.
    const pairs: Array<[number, number]> = [];
    for (let left = 0; left < leftCount; left++) {
      const right = adjacency[left]?.[0];
      if (right !== undefined) pairs.push([left, right]);
    }
    return pairs;
  }
  const matchOfLeft = new Array<number>(leftCount).fill(NONE);
  const matchOfRight = new Array<number>(rightCount).fill(NONE);
  const layer = new Array<number>(leftCount).fill(0);

  // Layer free left vertices at 0 and alternate along unmatched/matched edges; true if a free right vertex is reachable.
  const buildLayers = (): boolean => {
    const queue: number[] = [];
    for (let left = 0; left < leftCount; left++) {
      layer[left] = matchOfLeft[left] === NONE ? 0 : Infinity;
      if (matchOfLeft[left] === NONE) queue.push(left);
    }
    let foundFree = false;
    for (let head = 0; head < queue.length; head++) {
      const left = queue[head] as number;
      for (const right of adjacency[left] ?? []) {
        const next = matchOfRight[right] as number;
        if (next === NONE) foundFree = true;
        else if (layer[next] === Infinity) {
          layer[next] = (layer[left] as number) + 1;
          queue.push(next);
        }
      }
    }
    return foundFree;
  };

  const augment = (left: number): boolean => {
    for (const right of adjacency[left] ?? []) {
      const next = matchOfRight[right] as number;
      if (next === NONE || (layer[next] === (layer[left] as number) + 1 && augment(next))) {
        matchOfLeft[left] = right;
        matchOfRight[right] = left;
        return true;
      }
    }
    layer[left] = Infinity;
    return false;
  };

  while (buildLayers()) {
    for (let left = 0; left < leftCount; left++) if (matchOfLeft[left] === NONE) augment(left);
  }
  const pairs: Array<[number, number]> = [];
  matchOfLeft.forEach((right, left) => {
    if (right !== NONE) pairs.push([left, right]);
  });
  return pairs;
}

/** Whether no left vertex has two partners and no right vertex is the partner of two left vertices. */
function isAlreadyMatching(rightCount: number, adjacency: readonly (readonly number[])[]): boolean {
  const taken = new Array<boolean>(rightCount).fill(false);
  for (const partners of adjacency) {
    if (partners.length > 1) return false;
    const right = partners[0];
    if (right === undefined) continue;
    if (taken[right]) return false;
    taken[right] = true;
  }
  return true;
}
