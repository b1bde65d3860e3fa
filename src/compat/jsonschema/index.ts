/**
 * JSON Schema compatibility with Confluent Schema Registry's exact verdicts: `diff(reader, writer)` runs
 * Confluent's `diff(original = writer, update = reader)` and reports every difference with Confluent's type
 * and JSON path. Recursive schemas are handled as Confluent does: identity memoisation plus a
 * greatest-fixed-point re-run when a `$ref` cycle was assumed compatible.
 */
import type { JsonSchemaNode, ParsedJsonSchema } from '../../schema/jsonschema.js';
import { jsonSchemaFormat } from '../../schema/jsonschema.js';
import type { Difference, FormatCompatibility, JsonCompatibilityPolicy } from '../types.js';
import { compareSchemas } from './compare.js';
import { DiffContext, DiffSession, jsonPath, type PathedDifference } from './context.js';
import { compatibleChanges, jsonSchemaRules } from './rules.js';

export { compatibleChanges, jsonSchemaRules, type JsonDifferenceType } from './rules.js';

/** Passes beyond which the fixed-point iteration stops (it converges long before on real schemas). */
const MAX_PASSES = 64;

/**
 * Confluent's `SchemaDiff.compare(original, update)`: the differences a reader holding `update` sees when
 * reading data written with `original`. Throws `KontractError('COMPATIBILITY_CHECK_FAILED')` where Confluent's
 * own check throws.
 *
 * @param memoise whether pairs are memoised by node identity (Confluent's memo). Required when either tree holds a
 *   reference node; two trees without one (see `ParsedJsonSchema.hasReferences`) have no cycle, so no pair is met
 *   while it is being compared and a pair met again would compare the same: the memo would change nothing but the cost.
 */
export function diffJsonSchemaNodes(original: JsonSchemaNode, update: JsonSchemaNode, policy: JsonCompatibilityPolicy = 'STRICT', memoise = true): Difference[] {
  const compatible = compatibleChanges(policy);
  let seed = new Map<string, PathedDifference[]>();
  let differences: PathedDifference[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const session = new DiffSession(compatible, seed, memoise);
    const ctx = new DiffContext(session, undefined, []);
    compareSchemas(ctx, original, update);
    differences = ctx.differences;
    if (!session.optimistic) break;
    const incompatible = session.incompatiblePairs();
    if (sameKeys(incompatible, seed)) break;
    seed = incompatible;
  }
  return differences.map((difference) => ({ ruleId: difference.type, location: jsonPath(difference.path), message: difference.message }));
}

function sameKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  return a.size === b.size && [...a.keys()].every((key) => b.has(key));
}

/** The JSON Schema entry of the compatibility engine. */
export const jsonSchemaCompatibility: FormatCompatibility<ParsedJsonSchema> = {
  format: jsonSchemaFormat,
  rules: jsonSchemaRules,
  diff(reader, writer, options) {
    return diffJsonSchemaNodes(writer.root, reader.root, options.jsonPolicy, writer.hasReferences || reader.hasReferences);
  },
};
