/**
 * `allOf`/`anyOf`/`oneOf` against each other: the criterion change, the member count after de-duplication,
 * and a maximum bipartite matching of members that compare compatibly (order does not matter).
 */
import type { CombinedCriterion, CombinedNode, JsonSchemaNode } from '../../schema/jsonschema.js';
import { certainlyIncompatibleKinds, compareSchemas } from './compare.js';
import type { DiffContext, PathedDifference } from './context.js';
import { maximumMatching } from './matching.js';
import { structuralKey } from './structural-key.js';

export function compareCombined(ctx: DiffContext, original: CombinedNode, update: CombinedNode): void {
  if (!compareCriteria(ctx, original, update)) return;
  const originalMembers = distinctMembers(original.subschemas);
  const updateMembers = distinctMembers(update.subschemas);
  compareMemberCounts(ctx, original, update, originalMembers.length, updateMembers.length);
  matchMembers(ctx, original.criterion, originalMembers, updateMembers);
}

/** False (after reporting `COMBINED_TYPE_CHANGED`) when the criteria change incompatibly; members are then not compared. */
function compareCriteria(ctx: DiffContext, original: CombinedNode, update: CombinedNode): boolean {
  if (original.criterion === update.criterion) return true;
  const originalSize = original.subschemas.length;
  const updateSize = update.subschemas.length;
  const extended =
    update.criterion === 'anyOf' ||
    (originalSize === 1 && updateSize === 1) ||
    (originalSize === 1 && update.criterion === 'oneOf') ||
    (updateSize === 1 && original.criterion === 'allOf');
  if (extended) {
    ctx.add('COMBINED_TYPE_EXTENDED', `${original.criterion} changed to ${update.criterion}`);
    return true;
  }
  ctx.add('COMBINED_TYPE_CHANGED', `${original.criterion} changed to ${update.criterion}`);
  return false;
}

function compareMemberCounts(ctx: DiffContext, original: CombinedNode, update: CombinedNode, originalCount: number, updateCount: number): void {
  if (originalCount < updateCount) {
    if (update.criterion === 'allOf') ctx.add('PRODUCT_TYPE_EXTENDED', `allOf grew from ${originalCount} to ${updateCount} members`);
    else ctx.add('SUM_TYPE_EXTENDED', `${update.criterion} grew from ${originalCount} to ${updateCount} members`);
  } else if (originalCount > updateCount) {
    if (original.criterion === 'allOf') ctx.add('PRODUCT_TYPE_NARROWED', `allOf shrank from ${originalCount} to ${updateCount} members`);
    else ctx.add('SUM_TYPE_NARROWED', `${original.criterion} shrank from ${originalCount} to ${updateCount} members`);
  }
}

/** Members in order, structurally identical ones collapsed. */
function distinctMembers(members: readonly JsonSchemaNode[]): readonly JsonSchemaNode[] {
  // A structural key starts with the node's kind, so a member whose kind no other member has is distinct
  // without computing its key (the usual `["string", "null"]` needs no key at all, nor a copy of the list).
  const shareKind = (index: number): boolean => members.some((other, at) => at !== index && other.kind === (members[index] as JsonSchemaNode).kind);
  if (!members.some((_, index) => shareKind(index))) return members;
  const seen = new Set<string>();
  return members.filter((member, index) => {
    if (!shareKind(index)) return true;
    const key = structuralKey(member);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Pair members one-to-one where the comparison is compatible (paths `<criterion>/<original index>`), keep the
 * differences of the matched pairs, and report `COMBINED_TYPE_SUBSCHEMAS_CHANGED` when the smaller side cannot
 * be matched completely.
 */
function matchMembers(ctx: DiffContext, criterion: CombinedCriterion, originalMembers: readonly JsonSchemaNode[], updateMembers: readonly JsonSchemaNode[]): void {
  const compatible = new Map<string, PathedDifference[]>();
  const adjacency = originalMembers.map((originalMember, originalIndex) => {
    const partners: number[] = [];
    updateMembers.forEach((updateMember, updateIndex) => {
      // Members of different kinds (`string` against `null`) cannot be partners; skip building a comparison to learn it.
      if (certainlyIncompatibleKinds(originalMember, updateMember)) return;
      const scratch = ctx.subcontext();
      scratch.at(`${criterion}/${originalIndex}`, () => compareSchemas(scratch, originalMember, updateMember));
      if (scratch.isCompatible()) {
        partners.push(updateIndex);
        compatible.set(`${originalIndex}:${updateIndex}`, scratch.differences);
      }
    });
    return partners;
  });
  const matching = maximumMatching(originalMembers.length, updateMembers.length, adjacency);
  for (const [originalIndex, updateIndex] of matching) ctx.adoptDifferences(compatible.get(`${originalIndex}:${updateIndex}`) ?? []);
  const needed = Math.min(originalMembers.length, updateMembers.length);
  if (matching.length < needed) {
    ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED', `only ${matching.length} of ${needed} ${criterion} members have a compatible counterpart`);
  }
}
