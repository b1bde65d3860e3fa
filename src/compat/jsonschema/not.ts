import type { NotNode } from '../../schema/jsonschema.js';
import { compareSchemas } from './compare.js';
import type { DiffContext } from './context.js';

/**
 * `not`: the excluded schemas compare the other way round (the update's exclusion must be read by the
 * original's). Only the verdict is reported, not the inner differences, as in Confluent.
 */
export function compareNot(ctx: DiffContext, original: NotNode, update: NotNode): void {
  const scratch = ctx.subcontext();
  compareSchemas(scratch, update.schema, original.schema);
  if (scratch.isCompatible()) ctx.add('NOT_TYPE_NARROWED', 'not excludes the same or fewer values', 'not');
  else ctx.add('NOT_TYPE_EXTENDED', 'not excludes values it did not exclude before', 'not');
}
