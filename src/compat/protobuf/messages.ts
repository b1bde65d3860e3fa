/**
 * Type lists and messages (Confluent's rules, spec §4.5–4.6 and §4.9): messages and enums matched
 * by simple name per nesting level, fields by number, oneofs by name.
 */
import type { ProtoEnum, ProtoField, ProtoMessage, ProtoOneof } from '../../schema/protobuf/model.js';
import type { DiffContext } from './context.js';
import { compareFields } from './types.js';

/** The messages and enums declared at one nesting level (a file or a message). */
export interface TypeLevel {
  messages: readonly ProtoMessage[];
  enums: readonly ProtoEnum[];
}

export function compareTypeLevels(ctx: DiffContext, original: TypeLevel, update: TypeLevel): void {
  compareMessageLists(ctx, original.messages, update.messages);
  compareEnumLists(ctx, original.enums, update.enums);
}

function unionOfNames(original: ReadonlyMap<string, unknown>, update: ReadonlyMap<string, unknown>): string[] {
  return [...original.keys(), ...[...update.keys()].filter((name) => !original.has(name))];
}

function compareMessageLists(ctx: DiffContext, original: readonly ProtoMessage[], update: readonly ProtoMessage[]): void {
  const originalByName = new Map(original.map((m, index) => [m.name, { message: m, index }]));
  const updateByName = new Map(update.map((m, index) => [m.name, { message: m, index }]));
  for (const name of unionOfNames(originalByName, updateByName)) {
    const before = originalByName.get(name);
    const after = updateByName.get(name);
    const at = ctx.at(name);
    if (before && !after) {
      if (!before.message.isMapEntry) at.add('MESSAGE_REMOVED', `message ${before.message.localName} was removed`);
    } else if (!before && after) {
      if (!after.message.isMapEntry) at.add('MESSAGE_ADDED', `message ${after.message.localName} was added`);
    } else if (before && after) {
      compareMessages(at, before.message, after.message);
      if (before.index !== after.index) {
        at.add('MESSAGE_MOVED', `message ${after.message.localName} moved from position ${before.index} to ${after.index} among its sibling messages`);
      }
    }
  }
}

function compareEnumLists(ctx: DiffContext, original: readonly ProtoEnum[], update: readonly ProtoEnum[]): void {
  const originalByName = new Map(original.map((e) => [e.name, e]));
  const updateByName = new Map(update.map((e) => [e.name, e]));
  for (const name of unionOfNames(originalByName, updateByName)) {
    const before = originalByName.get(name);
    const after = updateByName.get(name);
    const at = ctx.at(name);
    if (before && !after) at.add('ENUM_REMOVED', `enum ${before.localName} was removed`);
    else if (!before && after) at.add('ENUM_ADDED', `enum ${after.localName} was added`);
    else if (before && after) compareEnums(at, before, after);
  }
}

/** Enum values by number; with aliases the last name declared for a number counts. */
function compareEnums(ctx: DiffContext, original: ProtoEnum, update: ProtoEnum): void {
  const before = indexOf(original).valueNames;
  const after = indexOf(update).valueNames;
  for (const number of sortedUnion(indexOf(original).numbers, indexOf(update).numbers)) {
    const was = before.get(number);
    const is = after.get(number);
    const at = ctx.at(number);
    if (was !== undefined && is === undefined) at.add('ENUM_CONST_REMOVED', `value ${was} (${number}) was removed from enum ${update.localName}`);
    else if (was === undefined && is !== undefined) at.add('ENUM_CONST_ADDED', `value ${is} (${number}) was added to enum ${update.localName}`);
    else if (was !== is) at.add('ENUM_CONST_CHANGED', `value ${number} of enum ${update.localName} was renamed from ${String(was)} to ${String(is)}`);
  }
}

/** The numbers of both sorted, ascending lists, each once. */
function sortedUnion(a: readonly number[], b: readonly number[]): number[] {
  const union: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      union.push(x as number);
      i++;
    } else if (x === undefined || y < x) {
      union.push(y);
      j++;
    } else {
      union.push(x);
      i++;
      j++;
    }
  }
  return union;
}

/** What the diff looks declarations up by. Parsed schemas never change, and one is compared with many. */
interface MessageIndex {
  fields: ReadonlyMap<number, ProtoField>;
  oneofs: ReadonlyMap<string, ProtoOneof>;
  /** The field numbers, ascending. */
  numbers: readonly number[];
}

interface EnumIndex {
  valueNames: ReadonlyMap<number, string>;
  /** The value numbers, ascending. */
  numbers: readonly number[];
}

const messageIndexes = new WeakMap<ProtoMessage, MessageIndex>();
const enumIndexes = new WeakMap<ProtoEnum, EnumIndex>();

function ascending(keys: Iterable<number>): number[] {
  return [...keys].sort((x, y) => x - y);
}

function indexOf(declaration: ProtoEnum): EnumIndex;
function indexOf(declaration: ProtoMessage): MessageIndex;
function indexOf(declaration: ProtoMessage | ProtoEnum): MessageIndex | EnumIndex {
  if (declaration.kind === 'enum') {
    let index = enumIndexes.get(declaration);
    if (!index) {
      const valueNames = new Map(declaration.values.map((v) => [v.number, v.name]));
      index = { valueNames, numbers: ascending(valueNames.keys()) };
      enumIndexes.set(declaration, index);
    }
    return index;
  }
  let index = messageIndexes.get(declaration);
  if (!index) {
    const fields = new Map(declaration.fields.map((f) => [f.number, f]));
    index = { fields, oneofs: new Map(declaration.oneofs.map((o) => [o.name, o])), numbers: ascending(fields.keys()) };
    messageIndexes.set(declaration, index);
  }
  return index;
}

/** Compare two messages matched by name; the context's path is the message's. */
export function compareMessages(ctx: DiffContext, original: ProtoMessage, update: ProtoMessage): void {
  // A message already being compared higher up (a recursive type) is not compared again.
  if (!ctx.comparing.has(original)) {
    ctx.comparing.add(original);
    try {
      compareMessageFields(ctx, original, update);
    } finally {
      ctx.comparing.delete(original);
    }
  }
  compareTypeLevels(ctx, original, update);
}

/** Fields by number (groups are not fields in Wire's model, so Confluent does not compare them). */
function compareMessageFields(ctx: DiffContext, original: ProtoMessage, update: ProtoMessage): void {
  const originalIndex = indexOf(original);
  const updateIndex = indexOf(update);
  const before = originalIndex.fields;
  const after = updateIndex.fields;
  const beforeOneofs = originalIndex.oneofs;
  const afterOneofs = updateIndex.oneofs;
  const deletedOneofs = completelyDeletedOneofs(original.oneofs, afterOneofs, after);
  const name = update.localName;

  for (const oneof of update.oneofs) checkNewMutualExclusivity(ctx.at(oneof.name), oneof, before, name);
  for (const oneof of original.oneofs) {
    if (!afterOneofs.has(oneof.name)) ctx.at(oneof.name).add('ONEOF_REMOVED', `oneof ${oneof.name} was removed from ${name}`);
  }
  for (const oneof of update.oneofs) {
    if (!beforeOneofs.has(oneof.name)) ctx.at(oneof.name).add('ONEOF_ADDED', `oneof ${oneof.name} was added to ${name}`);
  }

  for (const number of sortedUnion(originalIndex.numbers, updateIndex.numbers)) {
    const was = before.get(number);
    const is = after.get(number);
    if (was && !is) fieldRemoved(ctx, was, deletedOneofs, name);
    else if (!was && is) fieldAdded(ctx, is, name);
    else if (was && is) {
      const at = is.oneof !== undefined ? ctx.at(is.oneof, number) : ctx.at(number);
      if (was.oneof !== undefined && is.oneof === undefined) {
        at.add('ONEOF_FIELD_MOVED_TO_TOP_LEVEL', `field ${name}.${is.name} (${number}) moved out of oneof ${was.oneof}`);
      }
      compareFields(at, was, is, name);
    }
  }
}

/** Oneofs gone by name whose members are all gone too: their members' removal is not reported. */
function completelyDeletedOneofs(
  original: readonly ProtoOneof[],
  afterOneofs: ReadonlyMap<string, ProtoOneof>,
  after: ReadonlyMap<number, ProtoField>,
): Set<string> {
  return new Set(original.filter((o) => !afterOneofs.has(o.name) && o.fieldNumbers.every((n) => !after.has(n))).map((o) => o.name));
}

/**
 * A oneof of the update whose pre-existing members come from more than one place (several top-level
 * fields, or a top-level field and another oneof, or two oneofs): data written before may set more
 * than one of them.
 */
function checkNewMutualExclusivity(ctx: DiffContext, oneof: ProtoOneof, before: ReadonlyMap<number, ProtoField>, messageName: string): void {
  const origins = new Set<string>();
  let movedTopLevelFields = 0;
  for (const number of oneof.fieldNumbers) {
    const was = before.get(number);
    if (!was) continue;
    if (was.oneof !== undefined) origins.add(`oneof ${was.oneof}`);
    else {
      origins.add(`field ${number}`);
      movedTopLevelFields++;
    }
  }
  if (origins.size <= 1) return;
  if (movedTopLevelFields > 1) {
    ctx.add('MULTIPLE_FIELDS_MOVED_TO_ONEOF', `oneof ${oneof.name} of ${messageName} now holds ${movedTopLevelFields} fields that existed outside it (${[...origins].join(', ')})`);
  } else {
    ctx.add('FIELD_MOVED_TO_EXISTING_ONEOF', `oneof ${oneof.name} of ${messageName} now holds existing fields from ${[...origins].join(' and ')}`);
  }
}

function fieldRemoved(ctx: DiffContext, field: ProtoField, deletedOneofs: ReadonlySet<string>, messageName: string): void {
  if (field.oneof !== undefined) {
    if (!deletedOneofs.has(field.oneof)) {
      ctx.at(field.oneof, field.number).add('ONEOF_FIELD_REMOVED', `field ${messageName}.${field.name} (${field.number}) was removed from oneof ${field.oneof}`);
    }
  } else if (field.label === 'required') {
    ctx.at(field.number).add('REQUIRED_FIELD_REMOVED', `required field ${messageName}.${field.name} (${field.number}) was removed`);
  } else {
    ctx.at(field.number).add('FIELD_REMOVED', `field ${messageName}.${field.name} (${field.number}) was removed`);
  }
}

function fieldAdded(ctx: DiffContext, field: ProtoField, messageName: string): void {
  if (field.oneof !== undefined) {
    ctx.at(field.oneof, field.number).add('ONEOF_FIELD_ADDED', `field ${messageName}.${field.name} (${field.number}) was added to oneof ${field.oneof}`);
  } else if (field.label === 'required') {
    ctx.at(field.number).add('REQUIRED_FIELD_ADDED', `required field ${messageName}.${field.name} (${field.number}) was added`);
  } else {
    ctx.at(field.number).add('FIELD_ADDED', `field ${messageName}.${field.name} (${field.number}) was added`);
  }
}
