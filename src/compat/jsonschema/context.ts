/**
 * The state of one JSON Schema diff: the path being compared, the differences found, and the memo shared by
 * every scratch comparison of a pass (Confluent's memoisation by node identity, §3.4.9 of the spec).
 */
import { KontractError } from '../../errors.js';
import type { JsonSchemaNode } from '../../schema/jsonschema.js';
import type { JsonDifferenceType } from './rules.js';

/** A difference with its path relative to the comparison that found it (segments like `properties/name`). */
export interface PathedDifference {
  readonly type: JsonDifferenceType;
  readonly path: readonly string[];
  readonly message: string;
}

/** Confluent's JSON path form: `#/` followed by the segments joined with `/` (`#/` for the root). */
export function jsonPath(segments: readonly string[]): string {
  return `#/${segments.join('/')}`;
}

function pairKey(original: JsonSchemaNode, update: JsonSchemaNode): string {
  return `${original.uid}:${update.uid}`;
}

/** Marks a pair whose comparison has started and not finished. */
const IN_PROGRESS = 'in-progress';

/** Nodes numbered per pass with small-integer pair numbers (V8 keeps those unboxed); beyond, pairs are keyed by text. */
const NODES_PER_SIDE = 2 ** 15;

/**
 * One pass of the diff. Results of pairs are memoised relative to the pair; a pair met again while it is
 * still being compared (a `$ref` cycle) is assumed compatible — unless an earlier pass proved it is not
 * (`seed`) — and the pass is marked optimistic so the driver can re-run it with what it learned.
 */
export class DiffSession {
  /**
   * Differences of each pair compared, by a number made of the two nodes' numbers in this session: one Map for the
   * whole pass instead of one per original node (nodes are numbered on first sight; see {@link pairNumber}).
   */
  private readonly memo = new Map<number | string, PathedDifference[] | typeof IN_PROGRESS>();
  private readonly nodeNumbers = new Map<JsonSchemaNode, number>();
  private readonly nodesByNumber: JsonSchemaNode[] = [];
  optimistic = false;

  /**
   * @param memoises whether `compareSchemas` goes through {@link compareOnce}; when false (trees without
   *   references), pairs are compared straight in the caller's context, which saves the memo and the re-basing of
   *   each pair's differences onto its caller's path.
   */
  constructor(
    readonly compatibleTypes: ReadonlySet<string>,
    private readonly seed: ReadonlyMap<string, PathedDifference[]>,
    readonly memoises: boolean = true,
  ) {}

  isCompatible(differences: readonly PathedDifference[]): boolean {
    for (const difference of differences) if (!this.compatibleTypes.has(difference.type)) return false;
    return true;
  }

  private numberOf(node: JsonSchemaNode): number {
    let number = this.nodeNumbers.get(node);
    if (number === undefined) {
      number = this.nodesByNumber.length;
      this.nodeNumbers.set(node, number);
      this.nodesByNumber.push(node);
    }
    return number;
  }

  private pairNumber(original: JsonSchemaNode, update: JsonSchemaNode): number | string {
    const a = this.numberOf(original);
    const b = this.numberOf(update);
    return a < NODES_PER_SIDE && b < NODES_PER_SIDE ? a * NODES_PER_SIDE + b : `${a}:${b}`;
  }

  /**
   * The differences of a pair, relative to it; `body` computes them in a fresh context rooted at the pair (it is
   * called with the pair, so callers pass a plain function rather than a closure per comparison).
   */
  compareOnce(
    caller: DiffContext,
    original: JsonSchemaNode,
    update: JsonSchemaNode,
    body: (ctx: DiffContext, original: JsonSchemaNode, update: JsonSchemaNode) => void,
  ): PathedDifference[] {
    const key = this.pairNumber(original, update);
    const known = this.memo.get(key);
    if (known === IN_PROGRESS) {
      const proven = this.seed.get(pairKey(original, update));
      if (proven) return proven;
      this.optimistic = true;
      return [];
    }
    if (known) return known;
    this.memo.set(key, IN_PROGRESS);
    const ctx = new DiffContext(this, caller, []);
    body(ctx, original, update);
    this.memo.set(key, ctx.differences);
    return ctx.differences;
  }

  /** The memoised pairs whose differences include an incompatible one. */
  incompatiblePairs(): Map<string, PathedDifference[]> {
    const pairs = new Map<string, PathedDifference[]>();
    for (const [key, differences] of this.memo) {
      if (differences === IN_PROGRESS || this.isCompatible(differences)) continue;
      const [a, b] = typeof key === 'number' ? [Math.floor(key / NODES_PER_SIDE), key % NODES_PER_SIDE] : key.split(':').map(Number);
      pairs.set(pairKey(this.nodesByNumber[a as number] as JsonSchemaNode, this.nodesByNumber[b as number] as JsonSchemaNode), differences);
    }
    return pairs;
  }
}

export class DiffContext {
  readonly differences: PathedDifference[] = [];

  /**
   * @param caller the context whose current path is where the pair this context compares sits (`undefined`
   *   at the root); kept instead of a copy of that path, which only error locations need
   * @param path path below that pair
   */
  constructor(
    readonly session: DiffSession,
    private readonly caller: DiffContext | undefined,
    readonly path: string[],
  ) {}

  /**
   * Absolute path of the pair this context compares (for error locations only). Valid while the pair is being
   * compared, which is when anything asks: the caller waits meanwhile, so its path still leads to the pair.
   */
  get basePath(): readonly string[] {
    return this.caller ? [...this.caller.basePath, ...this.caller.path] : [];
  }

  /** A scratch context at the same path, sharing the memo; its differences are adopted only on purpose. */
  subcontext(): DiffContext {
    return new DiffContext(this.session, this.caller, [...this.path]);
  }

  /** Run `body` with `segment` appended to the path (`properties/name`, `items/0`, `allOf/1`). */
  at(segment: string, body: () => void): void {
    this.path.push(segment);
    try {
      body();
    } finally {
      this.path.pop();
    }
  }

  /** Record a difference at the current path, or at `attribute` below it (`maxLength`, `enum`). */
  add(type: JsonDifferenceType, message: string, attribute?: string): void {
    this.differences.push({ type, message, path: attribute === undefined ? [...this.path] : [...this.path, attribute] });
  }

  /** Take over the differences of a scratch context (they already carry full paths). */
  adopt(scratch: DiffContext): void {
    this.adoptDifferences(scratch.differences);
  }

  /** Take over differences that already carry full paths (e.g. kept from a scratch comparison). */
  adoptDifferences(differences: readonly PathedDifference[]): void {
    this.differences.push(...differences);
  }

  /** Take over memoised differences of a pair compared at the current path. */
  adoptRelative(differences: readonly PathedDifference[]): void {
    // Field by field: objects made by a leading spread each get a hidden class of their own in V8.
    for (const difference of differences) this.differences.push({ type: difference.type, message: difference.message, path: [...this.path, ...difference.path] });
  }

  isCompatible(): boolean {
    return this.session.isCompatible(this.differences);
  }

  /** Where Confluent's own check throws: a `COMPATIBILITY_CHECK_FAILED` located at the current path. */
  checkFailed(message: string, hint: string, attribute?: string): KontractError {
    const segments = [...this.basePath, ...this.path, ...(attribute === undefined ? [] : [attribute])];
    return new KontractError('COMPATIBILITY_CHECK_FAILED', message, { location: { path: jsonPath(segments) }, hint });
  }
}
