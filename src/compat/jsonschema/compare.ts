/**
 * Confluent's `SchemaDiff.compare(original, update)`: absent schemas, one-level `$ref` dereferencing, the
 * memoised pair comparison, unions/intersections against plain schemas, the kind check, annotations, and
 * the dispatch to the per-kind comparisons.
 */
import { isEmptyNode, type CombinedNode, type JsonSchemaNode } from '../../schema/jsonschema.js';
import { compareArrays } from './array.js';
import { compareCombined } from './combined.js';
import type { DiffContext } from './context.js';
import { abbreviate, describeNode, showValue } from './describe.js';
import { compareNot } from './not.js';
import { compareNumbers } from './number.js';
import { compareObjects } from './object.js';
import { compareStrings } from './string.js';
import { compareConsts, compareEnums } from './values.js';

/** Compare `original` (writer) with `update` (reader) at the context's path; either may be absent. */
export function compareSchemas(ctx: DiffContext, original: JsonSchemaNode | undefined, update: JsonSchemaNode | undefined): void {
  if (original === undefined && update === undefined) return;
  if (original === undefined) {
    ctx.add('SCHEMA_ADDED', 'a schema was added where there was none');
    return;
  }
  if (update === undefined) {
    ctx.add('SCHEMA_REMOVED', 'the schema was removed');
    return;
  }
  const writer = dereference(original);
  const reader = dereference(update);
  if (ctx.session.memoises) ctx.adoptRelative(ctx.session.compareOnce(ctx, writer, reader, compareTypes));
  else compareTypes(ctx, writer, reader);
}

/** One level only, as Confluent does: a reference to a bare reference stays a reference. */
function dereference(node: JsonSchemaNode): JsonSchemaNode {
  return node.kind === 'reference' ? node.target : node;
}

/**
 * Whether comparing the pair can only report `TYPE_CHANGED` (incompatible under either policy): after
 * dereferencing, the kinds differ and none of `compareTypes`' ways around that applies (no union or
 * intersection, no `false` original, no `{}`/`true` update, not both Kafka Connect bytes). Such a pair never
 * recurses, so it is never met while being compared, and its verdict needs no comparison.
 */
export function certainlyIncompatibleKinds(original: JsonSchemaNode, update: JsonSchemaNode): boolean {
  const writer = dereference(original);
  const reader = dereference(update);
  return (
    writer.kind !== reader.kind &&
    writer.kind !== 'combined' &&
    reader.kind !== 'combined' &&
    writer.kind !== 'false' &&
    !isEmptyNode(reader) &&
    !(isConnectBytes(writer) && isConnectBytes(reader))
  );
}

function compareTypes(ctx: DiffContext, original: JsonSchemaNode, update: JsonSchemaNode): void {
  if (original.kind !== 'combined' && update.kind === 'combined') {
    if (readsThroughUnion(ctx, original, update)) return;
  } else if (original.kind === 'combined' && update.kind !== 'combined') {
    if (readsThroughIntersection(ctx, original, update)) return;
  }
  if (original.kind !== update.kind) {
    // Everything reads `false` data (there is none), and `{}`/`true` reads everything.
    if (original.kind === 'false' || isEmptyNode(update)) return;
    if (isConnectBytes(original) && isConnectBytes(update)) return;
    ctx.add('TYPE_CHANGED', `type changed from ${describeNode(original)} to ${describeNode(update)}`);
    return;
  }
  compareAnnotations(ctx, original, update);
  switch (original.kind) {
    case 'string':
      return compareStrings(ctx, original, update as typeof original);
    case 'number':
      return compareNumbers(ctx, original, update as typeof original);
    case 'enum':
      return compareEnums(ctx, original, update as typeof original);
    case 'const':
      return compareConsts(ctx, original, update as typeof original);
    case 'combined':
      return compareCombined(ctx, original, update as typeof original);
    case 'not':
      return compareNot(ctx, original, update as typeof original);
    case 'object':
      return compareObjects(ctx, original, update as typeof original);
    case 'array':
      return compareArrays(ctx, original, update as typeof original);
    default:
      // boolean, null, {}, true, false, if/then/else and references to references have nothing more to compare.
      return;
  }
}

/** A plain schema read by a union: a single member, or the first `anyOf`/`oneOf` member that reads it compatibly. */
function readsThroughUnion(ctx: DiffContext, original: JsonSchemaNode, update: CombinedNode): boolean {
  if (update.subschemas.length === 1) {
    const scratch = ctx.subcontext();
    compareSchemas(scratch, original, update.subschemas[0]);
    if (!scratch.isCompatible()) return false;
    ctx.adopt(scratch);
    return true;
  }
  if (update.criterion === 'allOf') return false;
  for (const member of update.subschemas) {
    const scratch = ctx.subcontext();
    compareSchemas(scratch, original, member);
    if (scratch.isCompatible()) {
      ctx.adopt(scratch);
      ctx.add('SUM_TYPE_EXTENDED', `${describeNode(original)} widened to ${update.criterion} containing it`);
      return true;
    }
  }
  return false;
}

/** An intersection read by a plain schema: a single member, or the first `allOf` member the plain schema reads compatibly. */
function readsThroughIntersection(ctx: DiffContext, original: CombinedNode, update: JsonSchemaNode): boolean {
  if (original.subschemas.length === 1) {
    const scratch = ctx.subcontext();
    compareSchemas(scratch, original.subschemas[0], update);
    if (!scratch.isCompatible()) return false;
    ctx.adopt(scratch);
    return true;
  }
  if (original.criterion !== 'allOf') return false;
  for (const member of original.subschemas) {
    const scratch = ctx.subcontext();
    compareSchemas(scratch, member, update);
    if (scratch.isCompatible()) {
      ctx.adopt(scratch);
      ctx.add('PRODUCT_TYPE_NARROWED', `allOf reduced to its ${describeNode(update)} member`);
      return true;
    }
  }
  return false;
}

/** Kafka Connect marks byte payloads with `connect.type: bytes`; Confluent lets those change kind freely. */
function isConnectBytes(node: JsonSchemaNode): boolean {
  return node.unprocessed.get('connect.type')?.value === 'bytes';
}

function compareAnnotations(ctx: DiffContext, original: JsonSchemaNode, update: JsonSchemaNode): void {
  if (original.id !== update.id) ctx.add('ID_CHANGED', `$id changed from ${showValue(original.id ?? null)} to ${showValue(update.id ?? null)}`);
  if (original.title !== update.title) ctx.add('TITLE_CHANGED', `title changed from ${showValue(original.title ?? null)} to ${showValue(update.title ?? null)}`);
  if (original.description !== update.description) ctx.add('DESCRIPTION_CHANGED', 'description changed');
  if (original.default?.key !== update.default?.key) {
    ctx.add('DEFAULT_CHANGED', `default changed from ${original.default ? abbreviate(original.default.text) : 'none'} to ${update.default ? abbreviate(update.default.text) : 'none'}`);
  }
}
