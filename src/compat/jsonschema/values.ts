import type { ConstNode, EnumNode } from '../../schema/jsonschema.js';
import type { DiffContext } from './context.js';
import { abbreviate } from './describe.js';

/** `enum` as a set of values with Java equality (`1` ≠ `1.0`); order and duplicates do not matter. */
export function compareEnums(ctx: DiffContext, original: EnumNode, update: EnumNode): void {
  const before = new Map(original.values.map((literal) => [literal.key, literal.text]));
  const after = new Map(update.values.map((literal) => [literal.key, literal.text]));
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const added = [...after.keys()].filter((key) => !before.has(key));
  if (removed.length === 0 && added.length === 0) return;
  const list = (keys: string[], texts: Map<string, string>): string => keys.map((key) => abbreviate(texts.get(key) ?? '')).join(', ');
  if (removed.length === 0) ctx.add('ENUM_ARRAY_EXTENDED', `enum values added: ${list(added, after)}`, 'enum');
  else if (added.length === 0) ctx.add('ENUM_ARRAY_NARROWED', `enum values removed: ${list(removed, before)}`, 'enum');
  else ctx.add('ENUM_ARRAY_CHANGED', `enum values removed: ${list(removed, before)}; added: ${list(added, after)}`, 'enum');
}

/** `const` values must be equal (Java equality). Confluent's check fails when the original `const` is `null`. */
export function compareConsts(ctx: DiffContext, original: ConstNode, update: ConstNode): void {
  if (original.value.value === null) {
    throw ctx.checkFailed(
      'const null in the previous schema: Confluent\'s compatibility check fails on it',
      'Replace "const": null with "type": "null" (Confluent Schema Registry rejects the check otherwise).',
      'const',
    );
  }
  if (original.value.key !== update.value.key) {
    ctx.add('ENUM_ARRAY_CHANGED', `const changed from ${abbreviate(original.value.text)} to ${abbreviate(update.value.text)}`, 'const');
  }
}
