import type { DiffContext } from './context.js';
import type { JsonDifferenceType } from './rules.js';

/** Rule-id prefixes of the limits compared the same way: added / removed / increased / decreased. */
export type LimitPrefix =
  | 'MAX_LENGTH'
  | 'MIN_LENGTH'
  | 'MAXIMUM'
  | 'MINIMUM'
  | 'EXCLUSIVE_MAXIMUM'
  | 'EXCLUSIVE_MINIMUM'
  | 'MAX_PROPERTIES'
  | 'MIN_PROPERTIES'
  | 'MAX_ITEMS'
  | 'MIN_ITEMS'
  | 'MAX_CONTAINS'
  | 'MIN_CONTAINS';

/**
 * Compare one numeric limit (`maxLength`, `minimum`, …) at `keyword`: absent → present `*_ADDED`, present →
 * absent `*_REMOVED`, otherwise `*_INCREASED`/`*_DECREASED`; equal values (also `5` vs `5.0`) are no change.
 */
export function compareLimit(ctx: DiffContext, keyword: string, prefix: LimitPrefix, original: number | undefined, update: number | undefined): void {
  if (original === update) return;
  if (original === undefined) ctx.add(`${prefix}_ADDED` satisfies JsonDifferenceType, `${keyword} ${update} added`, keyword);
  else if (update === undefined) ctx.add(`${prefix}_REMOVED` satisfies JsonDifferenceType, `${keyword} ${original} removed`, keyword);
  else if (original < update) ctx.add(`${prefix}_INCREASED` satisfies JsonDifferenceType, `${keyword} increased from ${original} to ${update}`, keyword);
  else if (original > update) ctx.add(`${prefix}_DECREASED` satisfies JsonDifferenceType, `${keyword} decreased from ${original} to ${update}`, keyword);
}
