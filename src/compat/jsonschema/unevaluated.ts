import { isEmptyNode, type JsonSchemaNode } from '../../schema/jsonschema.js';
import { compareSchemas } from './compare.js';
import type { DiffContext } from './context.js';

type UnevaluatedPrefix = 'UNEVALUATED_PROPERTIES' | 'UNEVALUATED_ITEMS';

/**
 * `unevaluatedProperties`/`unevaluatedItems`, Confluent's eight rules in order (first match wins). Note that
 * absent → `true` counts as narrowed.
 */
export function compareUnevaluated(ctx: DiffContext, keyword: string, prefix: UnevaluatedPrefix, original: JsonSchemaNode | undefined, update: JsonSchemaNode | undefined): void {
  ctx.at(keyword, () => {
    const isFalse = (node: JsonSchemaNode): boolean => node.kind === 'false';
    if (original === undefined && update === undefined) return;
    if (original === undefined) {
      if (update !== undefined && isFalse(update)) ctx.add(`${prefix}_REMOVED`, `${keyword}: false added`);
      else ctx.add(`${prefix}_NARROWED`, `${keyword} added`);
    } else if (update === undefined) {
      if (isFalse(original)) ctx.add(`${prefix}_ADDED`, `${keyword}: false removed`);
      else ctx.add(`${prefix}_EXTENDED`, `${keyword} removed`);
    } else if (isFalse(original) && !isFalse(update)) {
      ctx.add(`${prefix}_ADDED`, `${keyword} changed from false to a schema`);
    } else if (!isFalse(original) && isFalse(update)) {
      ctx.add(`${prefix}_REMOVED`, `${keyword} changed to false`);
    } else if (isEmptyNode(original) && !isEmptyNode(update)) {
      ctx.add(`${prefix}_NARROWED`, `${keyword} changed from unconstrained to a schema`);
    } else if (!isEmptyNode(original) && isEmptyNode(update)) {
      ctx.add(`${prefix}_EXTENDED`, `${keyword} changed from a schema to unconstrained`);
    } else {
      compareSchemas(ctx, original, update);
    }
  });
}
