/**
 * Type comparison for one field number (Confluent's rules, spec §4.7–4.8): kinds (scalar/enum,
 * message, map), scalar wire groups, explicit labels, and named message types (compared by name,
 * and structurally when they come from different references).
 */
import type { ParsedProtobufSchema, ProtoField, ProtoFieldType, ProtoLabel, ProtoScalar, ProtoTypeEntry } from '../../schema/protobuf/model.js';
import type { DiffContext } from './context.js';
import { compareMessages } from './messages.js';

type Kind = 'SCALAR' | 'MESSAGE' | 'MAP';

/** Wire-compatible groups of scalar types; every enum is a GENERAL_NUMBER. */
type ScalarGroup = 'GENERAL_NUMBER' | 'SIGNED_NUMBER' | 'STRING_OR_BYTES' | 'FIXED32' | 'FIXED64' | 'FLOAT' | 'DOUBLE';

const scalarGroups: Record<ProtoScalar, ScalarGroup> = {
  int32: 'GENERAL_NUMBER',
  int64: 'GENERAL_NUMBER',
  uint32: 'GENERAL_NUMBER',
  uint64: 'GENERAL_NUMBER',
  bool: 'GENERAL_NUMBER',
  sint32: 'SIGNED_NUMBER',
  sint64: 'SIGNED_NUMBER',
  string: 'STRING_OR_BYTES',
  bytes: 'STRING_OR_BYTES',
  fixed32: 'FIXED32',
  sfixed32: 'FIXED32',
  fixed64: 'FIXED64',
  sfixed64: 'FIXED64',
  float: 'FLOAT',
  double: 'DOUBLE',
};

/** Compare the two fields found under one number (the context's path is the field's). */
export function compareFields(ctx: DiffContext, original: ProtoField, update: ProtoField, messageName: string): void {
  if (original.name !== update.name) {
    ctx.add('FIELD_NAME_CHANGED', `field ${original.number} of ${messageName} was renamed from ${original.name} to ${update.name}`);
  }
  // Spelled out only for a message: most fields keep their type.
  const described = (): string => `field ${messageName}.${update.name} (${update.number})`;
  compareTypes(ctx, described, original.label, update.label, effectiveType(original.type, ctx.original), effectiveType(update.type, ctx.update));
}

/** A field whose type is a hand-written map-entry message (`option map_entry = true`) is a map. */
function effectiveType(type: ProtoFieldType, schema: ParsedProtobufSchema): ProtoFieldType {
  if (type.kind !== 'named' || type.target !== 'message') return type;
  const entry = schema.types.get(type.fullName);
  if (entry?.kind !== 'message' || !entry.declaration.isMapEntry) return type;
  const key = entry.declaration.fields.find((f) => f.number === 1)?.type;
  const value = entry.declaration.fields.find((f) => f.number === 2)?.type;
  if (key?.kind !== 'scalar' || value === undefined || value.kind === 'map') return type;
  return { kind: 'map', key: key.scalar, value };
}

function kindOf(type: ProtoFieldType): Kind {
  if (type.kind === 'map') return 'MAP';
  if (type.kind === 'scalar' || type.target === 'enum') return 'SCALAR';
  return 'MESSAGE';
}

function groupOf(type: ProtoFieldType): ScalarGroup {
  return type.kind === 'scalar' ? scalarGroups[type.scalar] : 'GENERAL_NUMBER';
}

function describeType(type: ProtoFieldType): string {
  if (type.kind === 'scalar') return type.scalar;
  if (type.kind === 'map') return `map<${type.key}, ${describeType(type.value)}>`;
  return `${type.target} ${type.fullName}`;
}

function compareTypes(
  ctx: DiffContext,
  described: () => string,
  originalLabel: ProtoLabel | undefined,
  updateLabel: ProtoLabel | undefined,
  original: ProtoFieldType,
  update: ProtoFieldType,
): void {
  const originalKind = kindOf(original);
  const updateKind = kindOf(update);
  if (originalKind !== updateKind) {
    ctx.add('FIELD_KIND_CHANGED', `${described()} changed kind from ${describeType(original)} to ${describeType(update)}`);
    return;
  }
  if (original.kind === 'map' && update.kind === 'map') {
    compareTypes(ctx, () => `the map key of ${described()}`, undefined, undefined, { kind: 'scalar', scalar: original.key }, { kind: 'scalar', scalar: update.key });
    compareTypes(ctx, () => `the map value of ${described()}`, undefined, undefined, original.value, update.value);
    return;
  }
  if (originalKind === 'SCALAR') {
    const originalGroup = groupOf(original);
    const updateGroup = groupOf(update);
    if (originalGroup !== updateGroup) {
      ctx.add('FIELD_SCALAR_KIND_CHANGED', `${described()} changed type from ${describeType(original)} to ${describeType(update)}, which is read differently on the wire`);
    } else if (originalLabel !== undefined && updateLabel !== undefined && originalLabel !== updateLabel) {
      ctx.add(
        originalGroup === 'STRING_OR_BYTES' ? 'FIELD_STRING_OR_BYTES_LABEL_CHANGED' : 'FIELD_NUMERIC_LABEL_CHANGED',
        `${described()} changed label from ${originalLabel} to ${updateLabel}`,
      );
    }
    return;
  }
  if (original.kind === 'named' && update.kind === 'named') compareMessageTypes(ctx, described, original.fullName, update.fullName);
}

function compareMessageTypes(ctx: DiffContext, described: () => string, originalName: string, updateName: string): void {
  const original = ctx.original.types.get(originalName);
  const update = ctx.update.types.get(updateName);
  if (!original || !update) {
    if (originalName !== updateName) ctx.add('FIELD_NAMED_TYPE_CHANGED', `${described()} changed type from ${originalName} to ${updateName}`);
    return;
  }
  if (original.localName !== update.localName) {
    ctx.add('FIELD_NAMED_TYPE_CHANGED', `${described()} changed type from ${original.fullName} to ${update.fullName}`);
    return;
  }
  // Types of the same file version were (or will be) compared where they are declared.
  if (sameOrigin(original, update) || original.kind !== 'message' || update.kind !== 'message') return;
  const sub = ctx.subcontext(original.localName.split('.'));
  compareMessages(sub, original.declaration, update.declaration);
  ctx.differences.push(...sub.differences);
  if (sub.hasBreaking()) {
    ctx.add('FIELD_NAMED_TYPE_CHANGED', `${described()} has type ${update.fullName}, which changed incompatibly from ${original.fullName}`);
  }
}

/**
 * Confluent skips the structural comparison when both types come from the same reference subject and
 * version (or both from the schema itself). kontract's parsed schemas know references by import name
 * and text, so "same" means: same import name, same text, same imports — which is what a subject
 * version pins; when it differs, comparing structurally finds exactly the changes Confluent would.
 */
function sameOrigin(original: ProtoTypeEntry, update: ProtoTypeEntry): boolean {
  const a = original.file.origin;
  const b = update.file.origin;
  if (a.kind === 'main' && b.kind === 'main') return true;
  if (a.kind === 'reference' && b.kind === 'reference') return a.identity === b.identity;
  if (a.kind === 'builtin' && b.kind === 'builtin') return original.file.name === update.file.name;
  return false;
}
