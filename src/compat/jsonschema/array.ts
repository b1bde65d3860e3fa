/**
 * Arrays, in Confluent's order: the all-items schema, tuple positions (added/removed ones judged by the
 * content model), additional items, `unevaluatedItems`, then `maxItems`/`minItems`/`uniqueItems`/
 * `maxContains`/`minContains`. The `contains` schema itself is not compared, as in Confluent.
 */
import { isEmptyNode, type ArrayNode, type JsonSchemaNode } from '../../schema/jsonschema.js';
import { compareLimit } from './bounds.js';
import { compareSchemas } from './compare.js';
import { arraySchemaForAdditional, isOpenArray } from './content-model.js';
import type { DiffContext } from './context.js';
import { compareUnevaluated } from './unevaluated.js';

export function compareArrays(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  ctx.at('items', () => compareSchemas(ctx, original.allItems, update.allItems));
  compareTuples(ctx, original, update);
  compareAdditionalItems(ctx, original, update);
  compareUnevaluated(ctx, 'unevaluatedItems', 'UNEVALUATED_ITEMS', original.unevaluatedItems, update.unevaluatedItems);
  compareLimit(ctx, 'maxItems', 'MAX_ITEMS', original.maxItems, update.maxItems);
  compareLimit(ctx, 'minItems', 'MIN_ITEMS', original.minItems, update.minItems);
  if (original.uniqueItems && !update.uniqueItems) ctx.add('UNIQUE_ITEMS_REMOVED', 'uniqueItems removed', 'uniqueItems');
  else if (!original.uniqueItems && update.uniqueItems) ctx.add('UNIQUE_ITEMS_ADDED', 'uniqueItems added', 'uniqueItems');
  compareLimit(ctx, 'maxContains', 'MAX_CONTAINS', original.maxContains, update.maxContains);
  compareLimit(ctx, 'minContains', 'MIN_CONTAINS', original.minContains, update.minContains);
}

/** Tuple positions (`items/<i>`): pairwise where both have one, then the added or removed tail. */
function compareTuples(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  const before = original.tupleItems ?? [];
  const after = update.tupleItems ?? [];
  const shared = Math.min(before.length, after.length);
  for (let index = 0; index < shared; index++) ctx.at(`items/${index}`, () => compareSchemas(ctx, before[index], after[index]));
  for (let index = shared; index < after.length; index++) ctx.at(`items/${index}`, () => itemAdded(ctx, original, index, after[index] as JsonSchemaNode));
  for (let index = shared; index < before.length; index++) ctx.at(`items/${index}`, () => itemRemoved(ctx, update, index, before[index] as JsonSchemaNode));
}

/** A tuple position only the update has, judged by the original's content model. */
function itemAdded(ctx: DiffContext, original: ArrayNode, index: number, added: JsonSchemaNode): void {
  if (isOpenArray(original)) {
    if (isEmptyNode(added)) ctx.add('ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', `tuple item ${index} with an empty schema added`);
    else ctx.add('ITEM_ADDED_TO_OPEN_CONTENT_MODEL', `tuple item ${index} added to an array whose old data may hold anything there`);
    return;
  }
  const covering = arraySchemaForAdditional(original);
  if (!covering) {
    ctx.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', `tuple item ${index} added to an array that allowed no further items`);
    return;
  }
  const scratch = ctx.subcontext();
  compareSchemas(scratch, covering, added);
  ctx.adopt(scratch);
  if (scratch.isCompatible()) ctx.add('ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `tuple item ${index} added; it accepts what the schema for additional items accepted`);
  else ctx.add('ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `tuple item ${index} added; it rejects values the schema for additional items accepted`);
}

/** A tuple position only the original has, judged by the update's content model. */
function itemRemoved(ctx: DiffContext, update: ArrayNode, index: number, removed: JsonSchemaNode): void {
  if (isOpenArray(update)) {
    ctx.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', `tuple item ${index} removed; the array still accepts any further item`);
    return;
  }
  const covering = arraySchemaForAdditional(update);
  if (covering) {
    const scratch = ctx.subcontext();
    compareSchemas(scratch, removed, covering);
    ctx.adopt(scratch);
    if (scratch.isCompatible()) ctx.add('ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `tuple item ${index} removed; the schema for additional items accepts its old values`);
    else ctx.add('ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `tuple item ${index} removed; the schema for additional items rejects some of its old values`);
    return;
  }
  if (removed.kind === 'false') ctx.add('ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', `tuple item ${index} (schema false) removed from a closed array`);
  else ctx.add('ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL', `tuple item ${index} removed from an array that allows no further items`);
}

function compareAdditionalItems(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  ctx.at('additionalItems', () => {
    if (original.permitsAdditionalItems !== update.permitsAdditionalItems) {
      if (original.permitsAdditionalItems) ctx.add('ADDITIONAL_ITEMS_REMOVED', 'additional items are no longer allowed');
      else ctx.add('ADDITIONAL_ITEMS_ADDED', 'additional items are now allowed');
    } else if (original.additionalItemsSchema === undefined && update.additionalItemsSchema !== undefined) {
      ctx.add('ADDITIONAL_ITEMS_NARROWED', 'additional items must now match a schema');
    } else if (original.additionalItemsSchema !== undefined && update.additionalItemsSchema === undefined) {
      ctx.add('ADDITIONAL_ITEMS_EXTENDED', 'additional items no longer need to match a schema');
    } else {
      compareSchemas(ctx, original.additionalItemsSchema, update.additionalItemsSchema);
    }
  });
}
