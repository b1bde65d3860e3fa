import type { NumberNode } from '../../schema/jsonschema.js';
import { decimalEquals, isDecimalMultipleOf, isZeroDecimal, parseDecimal } from '../../schema/jsonschema/literals.js';
import { compareLimit } from './bounds.js';
import type { DiffContext } from './context.js';

/**
 * Limits (with Confluent's `exclusiveMaximum` quirk), `multipleOf` with exact decimals, and integer ↔ number.
 * Draft-04's boolean `exclusiveMinimum`/`exclusiveMaximum` flags are not compared, as in Confluent.
 */
export function compareNumbers(ctx: DiffContext, original: NumberNode, update: NumberNode): void {
  compareLimit(ctx, 'maximum', 'MAXIMUM', original.maximum, update.maximum);
  compareLimit(ctx, 'minimum', 'MINIMUM', original.minimum, update.minimum);
  compareExclusiveMaximum(ctx, original, update);
  compareLimit(ctx, 'exclusiveMinimum', 'EXCLUSIVE_MINIMUM', original.exclusiveMinimum, update.exclusiveMinimum);
  compareMultipleOf(ctx, original.multipleOf, update.multipleOf);
  if (original.requiresInteger && !update.requiresInteger) ctx.add('TYPE_EXTENDED', 'integer widened to number');
  else if (!original.requiresInteger && update.requiresInteger) ctx.add('TYPE_NARROWED', 'number narrowed to integer');
}

/**
 * Confluent compares a lowered `exclusiveMaximum` with the update's `maximum`, not its `exclusiveMaximum`: the
 * difference is reported only when the old exclusive limit exceeds the new `maximum`, and the check fails
 * outright when the update has no `maximum`.
 */
function compareExclusiveMaximum(ctx: DiffContext, original: NumberNode, update: NumberNode): void {
  const before = original.exclusiveMaximum;
  const after = update.exclusiveMaximum;
  if (before === undefined || after === undefined || after >= before) {
    compareLimit(ctx, 'exclusiveMaximum', 'EXCLUSIVE_MAXIMUM', before, after);
    return;
  }
  if (update.maximum === undefined) {
    throw ctx.checkFailed(
      `exclusiveMaximum decreased from ${before} to ${after} in a schema without maximum: Confluent's compatibility check fails on this change`,
      'Keep exclusiveMaximum at least at its previous value (Confluent Schema Registry rejects the check otherwise).',
      'exclusiveMaximum',
    );
  }
  if (before > update.maximum) {
    ctx.add('EXCLUSIVE_MAXIMUM_DECREASED', `exclusiveMaximum decreased from ${before} to ${after}`, 'exclusiveMaximum');
  }
}

function compareMultipleOf(ctx: DiffContext, original: string | undefined, update: string | undefined): void {
  if (original === undefined && update === undefined) return;
  if (original === undefined) {
    ctx.add('MULTIPLE_OF_ADDED', `multipleOf ${update} added`, 'multipleOf');
    return;
  }
  if (update === undefined) {
    ctx.add('MULTIPLE_OF_REMOVED', `multipleOf ${original} removed`, 'multipleOf');
    return;
  }
  const before = parseDecimal(original);
  const after = parseDecimal(update);
  if (decimalEquals(before, after)) return;
  if (!isZeroDecimal(before) && isDecimalMultipleOf(after, before)) {
    ctx.add('MULTIPLE_OF_EXPANDED', `multipleOf changed from ${original} to its multiple ${update}`, 'multipleOf');
  } else if (!isZeroDecimal(after) && isDecimalMultipleOf(before, after)) {
    ctx.add('MULTIPLE_OF_REDUCED', `multipleOf changed from ${original} to its divisor ${update}`, 'multipleOf');
  } else {
    ctx.add('MULTIPLE_OF_CHANGED', `multipleOf changed from ${original} to ${update}`, 'multipleOf');
  }
}
