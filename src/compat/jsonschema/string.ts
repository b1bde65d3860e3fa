import type { StringNode } from '../../schema/jsonschema.js';
import { compareLimit } from './bounds.js';
import type { DiffContext } from './context.js';
import { showValue } from './describe.js';

/** `maxLength`, `minLength`, `pattern` (compared as text). `format` is not compared, as in Confluent. */
export function compareStrings(ctx: DiffContext, original: StringNode, update: StringNode): void {
  compareLimit(ctx, 'maxLength', 'MAX_LENGTH', original.maxLength, update.maxLength);
  compareLimit(ctx, 'minLength', 'MIN_LENGTH', original.minLength, update.minLength);
  comparePattern(ctx, original.pattern, update.pattern);
}

function comparePattern(ctx: DiffContext, original: string | undefined, update: string | undefined): void {
  if (original === undefined && update !== undefined) ctx.add('PATTERN_ADDED', `pattern ${showValue(update)} added`, 'pattern');
  else if (original !== undefined && update === undefined) ctx.add('PATTERN_REMOVED', `pattern ${showValue(original)} removed`, 'pattern');
  else if (original !== undefined && original !== update) ctx.add('PATTERN_CHANGED', `pattern changed from ${showValue(original)} to ${showValue(update)}`, 'pattern');
}
