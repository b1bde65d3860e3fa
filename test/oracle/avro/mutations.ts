/**
 * A seeded generator of schema evolutions for the differential test against Apache Avro: it takes a schema
 * (as JSON) and applies random changes of the kinds real schemas go through — fields added/removed with and
 * without defaults, type changes (promotions and not), unions widened/narrowed, enum symbols and defaults,
 * renames with and without aliases, fixed sizes, namespaces, nested and recursive records. Changes are meant
 * to keep schemas valid most of the time; the ones that do not are still useful (both sides must reject them).
 */
import type { JsonValue } from '../../../src/schema/json-text.js';

type JsonObject = { [key: string]: JsonValue };

/** A small deterministic PRNG (mulberry32), so a seed reproduces a run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T extends JsonValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A position that holds a type (root, field type, array items, map values, union branch). */
interface TypeSlot {
  get(): JsonValue;
  set(value: JsonValue): void;
  /** A union branch (wrapping it in a union would nest unions). */
  inUnion?: boolean;
}

interface FieldSite {
  field: JsonObject;
  record: JsonObject;
}

interface Sites {
  slots: TypeSlot[];
  records: Array<{ record: JsonObject; fullName: string; namespace?: string }>;
  fields: FieldSite[];
  enums: JsonObject[];
  fixeds: JsonObject[];
  unions: JsonValue[][];
  named: JsonObject[];
}

function fullNameOf(definition: JsonObject, namespace: string | undefined): { fullName: string; namespace?: string } {
  const name = typeof definition['name'] === 'string' ? definition['name'] : '';
  const declared = typeof definition['namespace'] === 'string' ? definition['namespace'] : namespace;
  const lastDot = name.lastIndexOf('.');
  const space = lastDot >= 0 ? name.slice(0, lastDot) : declared;
  const shortName = lastDot >= 0 ? name.slice(lastDot + 1) : name;
  return space ? { fullName: `${space}.${shortName}`, namespace: space } : { fullName: shortName };
}

function collectSites(holder: { value: JsonValue }): Sites {
  const sites: Sites = { slots: [], records: [], fields: [], enums: [], fixeds: [], unions: [], named: [] };
  const walk = (slot: TypeSlot, namespace: string | undefined): void => {
    sites.slots.push(slot);
    const value = slot.get();
    if (Array.isArray(value)) {
      sites.unions.push(value);
      value.forEach((_, index) => walk({ get: () => value[index] as JsonValue, set: (v) => (value[index] = v), inUnion: true }, namespace));
      return;
    }
    if (!isObject(value)) return;
    const type = value['type'];
    if (type === 'record' || type === 'error') {
      const { fullName, namespace: inner } = fullNameOf(value, namespace);
      sites.records.push({ record: value, fullName, namespace: inner });
      sites.named.push(value);
      const fields = value['fields'];
      if (Array.isArray(fields)) {
        for (const field of fields) {
          if (!isObject(field)) continue;
          sites.fields.push({ field, record: value });
          walk({ get: () => field['type'] as JsonValue, set: (v) => (field['type'] = v) }, inner);
        }
      }
    } else if (type === 'enum') {
      sites.enums.push(value);
      sites.named.push(value);
    } else if (type === 'fixed') {
      sites.fixeds.push(value);
      sites.named.push(value);
    } else if (type === 'array') {
      walk({ get: () => value['items'] as JsonValue, set: (v) => (value['items'] = v) }, namespace);
    } else if (type === 'map') {
      walk({ get: () => value['values'] as JsonValue, set: (v) => (value['values'] = v) }, namespace);
    }
  };
  walk({ get: () => holder.value, set: (v) => (holder.value = v) }, undefined);
  return sites;
}

/** A plausible default for a type given as JSON (a union's default belongs to its first branch). */
function defaultFor(type: JsonValue | undefined, random: Random): JsonValue {
  if (Array.isArray(type)) return defaultFor(type[0], random);
  const name = isObject(type) ? type['type'] : type;
  switch (name) {
    case 'null':
      return null;
    case 'boolean':
      return random.chance(0.5);
    case 'int':
    case 'long':
      return random.int(100);
    case 'float':
    case 'double':
      return 1.5;
    case 'bytes':
    case 'string':
      return '';
    case 'array':
      return [];
    case 'map':
    case 'record':
    case 'error':
      return {};
    case 'enum':
      return isObject(type) && Array.isArray(type['symbols']) ? (type['symbols'][0] ?? null) : null;
    case 'fixed':
      return isObject(type) && typeof type['size'] === 'number' ? 'x'.repeat(type['size']) : '';
    default:
      return null;
  }
}

function freshName(prefix: string, taken: readonly string[], random: Random): string {
  for (;;) {
    const name = `${prefix}${random.int(1000)}`;
    if (!taken.includes(name)) return name;
  }
}

function fieldNames(record: JsonObject): string[] {
  const fields = record['fields'];
  return Array.isArray(fields) ? fields.filter(isObject).map((field) => String(field['name'])) : [];
}

function fieldsOf(record: JsonObject): JsonObject[] {
  const fields = record['fields'];
  return Array.isArray(fields) ? (fields.filter(isObject) as JsonObject[]) : [];
}

type Mutation = (sites: Sites, random: Random) => string | undefined;

function randomFieldType(random: Random): { type: JsonValue; label: string } {
  const choice = random.int(6);
  if (choice === 0) return { type: ['null', random.pick(['string', 'int', 'long'])], label: 'optional' };
  if (choice === 1) return { type: { type: 'array', items: random.pick(PRIMITIVES) }, label: 'array' };
  if (choice === 2) return { type: { type: 'map', values: random.pick(PRIMITIVES) }, label: 'map' };
  const primitive = random.pick(PRIMITIVES);
  return { type: primitive, label: primitive };
}

const addField: Mutation = (sites, random) => {
  if (sites.records.length === 0) return undefined;
  const { record } = random.pick(sites.records);
  const fields = record['fields'];
  if (!Array.isArray(fields)) return undefined;
  const { type, label } = randomFieldType(random);
  const field: JsonObject = { name: freshName('added', fieldNames(record), random), type };
  const withDefault = random.chance(0.5);
  if (withDefault) field['default'] = defaultFor(type, random);
  fields.splice(random.int(fields.length + 1), 0, field);
  return `add field ${String(field['name'])}: ${label}${withDefault ? ' with default' : ' without default'}`;
};

const removeField: Mutation = (sites, random) => {
  const candidates = sites.records.filter(({ record }) => fieldsOf(record).length > 0);
  if (candidates.length === 0) return undefined;
  const { record } = random.pick(candidates);
  const fields = record['fields'] as JsonValue[];
  const [removed] = fields.splice(random.int(fields.length), 1);
  return `remove field ${isObject(removed) ? String(removed['name']) : '?'}`;
};

const changePrimitive: Mutation = (sites, random) => {
  const primitiveSlots = sites.slots.filter((slot) => typeof slot.get() === 'string');
  if (primitiveSlots.length === 0) return undefined;
  const slot = random.pick(primitiveSlots);
  const before = slot.get();
  // Half the time, stay among the numeric/string types where promotions live.
  const pool = random.chance(0.5) ? (['int', 'long', 'float', 'double', 'bytes', 'string'] as const) : PRIMITIVES;
  const after = random.pick(pool);
  slot.set(after);
  return `type ${String(before)} -> ${after}`;
};

const addLogicalType: Mutation = (sites, random) => {
  const slots = sites.slots.filter((slot) => slot.get() === 'long' || slot.get() === 'int' || slot.get() === 'string' || slot.get() === 'bytes');
  if (slots.length === 0) return undefined;
  const slot = random.pick(slots);
  const type = slot.get() as string;
  const logicalType = { long: 'timestamp-millis', int: 'date', string: 'uuid', bytes: 'decimal' }[type] ?? 'date';
  const node: JsonObject = { type, logicalType };
  if (logicalType === 'decimal') node['precision'] = 1 + random.int(20);
  slot.set(node);
  return `${type} gets logicalType ${logicalType}`;
};

const wrapInUnion: Mutation = (sites, random) => {
  const slots = sites.slots.filter((slot) => !slot.inUnion && !Array.isArray(slot.get()) && slot.get() !== 'null');
  if (slots.length === 0) return undefined;
  const slot = random.pick(slots);
  const nullFirst = random.chance(0.7);
  slot.set(nullFirst ? ['null', slot.get()] : [slot.get(), 'null']);
  return `wrap type in union with null (${nullFirst ? 'null first' : 'null last'})`;
};

const wrapInCollection: Mutation = (sites, random) => {
  const slots = sites.slots.filter((slot) => !Array.isArray(slot.get()));
  if (slots.length === 0) return undefined;
  const slot = random.pick(slots);
  const asArray = random.chance(0.5);
  slot.set(asArray ? { type: 'array', items: slot.get() } : { type: 'map', values: slot.get() });
  return asArray ? 'wrap type in array' : 'wrap type in map';
};

const unwrapUnion: Mutation = (sites, random) => {
  const slots = sites.slots.filter((slot) => {
    const value = slot.get();
    return Array.isArray(value) && value.length > 0;
  });
  if (slots.length === 0) return undefined;
  const slot = random.pick(slots);
  const branches = slot.get() as JsonValue[];
  // Prefer a branch that is not null, so the field keeps a meaningful type.
  const nonNull = branches.filter((branch) => branch !== 'null');
  slot.set(random.pick(nonNull.length > 0 ? nonNull : branches));
  return 'replace union by one of its branches';
};

const addUnionBranch: Mutation = (sites, random) => {
  if (sites.unions.length === 0) return undefined;
  const union = random.pick(sites.unions);
  const missing = PRIMITIVES.filter((primitive) => !union.includes(primitive));
  if (missing.length === 0) return undefined;
  const branch = random.pick(missing);
  union.splice(random.int(union.length + 1), 0, branch);
  return `union gains ${branch}`;
};

const removeUnionBranch: Mutation = (sites, random) => {
  const unions = sites.unions.filter((union) => union.length > 1);
  if (unions.length === 0) return undefined;
  const union = random.pick(unions);
  const [removed] = union.splice(random.int(union.length), 1);
  return `union loses ${typeof removed === 'string' ? removed : JSON.stringify(removed).slice(0, 40)}`;
};

const reorderUnion: Mutation = (sites, random) => {
  const unions = sites.unions.filter((union) => union.length > 1);
  if (unions.length === 0) return undefined;
  const union = random.pick(unions);
  union.push(union.shift() as JsonValue);
  return 'rotate union branches';
};

const enumAddSymbol: Mutation = (sites, random) => {
  if (sites.enums.length === 0) return undefined;
  const definition = random.pick(sites.enums);
  const symbols = definition['symbols'];
  if (!Array.isArray(symbols)) return undefined;
  const symbol = freshName('SYM_', symbols.map(String), random);
  symbols.splice(random.int(symbols.length + 1), 0, symbol);
  return `enum ${String(definition['name'])} gains ${symbol}`;
};

const enumRemoveSymbol: Mutation = (sites, random) => {
  const enums = sites.enums.filter((definition) => Array.isArray(definition['symbols']) && definition['symbols'].length > 1);
  if (enums.length === 0) return undefined;
  const definition = random.pick(enums);
  const symbols = definition['symbols'] as JsonValue[];
  const candidates = symbols.filter((symbol) => symbol !== definition['default']);
  if (candidates.length === 0) return undefined;
  const symbol = random.pick(candidates);
  symbols.splice(symbols.indexOf(symbol), 1);
  return `enum ${String(definition['name'])} loses ${String(symbol)}`;
};

const enumToggleDefault: Mutation = (sites, random) => {
  if (sites.enums.length === 0) return undefined;
  const definition = random.pick(sites.enums);
  if (definition['default'] !== undefined) {
    delete definition['default'];
    return `enum ${String(definition['name'])} drops its default`;
  }
  const symbols = definition['symbols'];
  if (!Array.isArray(symbols) || symbols.length === 0) return undefined;
  definition['default'] = random.pick(symbols);
  return `enum ${String(definition['name'])} gets default ${String(definition['default'])}`;
};

/** Rename a named type, updating references to it, with or without an alias for the old name. */
const renameNamedType: Mutation = (sites, random) => {
  const named = sites.named.filter((definition) => typeof definition['name'] === 'string');
  if (named.length === 0) return undefined;
  const definition = random.pick(named);
  const oldName = definition['name'] as string;
  const oldShort = oldName.slice(oldName.lastIndexOf('.') + 1);
  const newShort = `${oldShort}V${1 + random.int(9)}`;
  const newName = oldName.includes('.') ? `${oldName.slice(0, oldName.lastIndexOf('.'))}.${newShort}` : newShort;
  definition['name'] = newName;
  const namespaceOf = (): string | undefined => (typeof definition['namespace'] === 'string' ? definition['namespace'] : undefined);
  const oldFull = oldName.includes('.') ? oldName : namespaceOf() ? `${namespaceOf()}.${oldName}` : oldName;
  for (const slot of sites.slots) {
    const value = slot.get();
    if (value === oldShort || value === oldName || value === oldFull) slot.set(newName.includes('.') || !namespaceOf() ? newName : `${namespaceOf()}.${newShort}`);
  }
  const aliasKind = random.int(3);
  if (aliasKind === 0) return `rename type ${oldName} -> ${newName} without alias`;
  const alias = aliasKind === 1 ? oldShort : oldFull;
  definition['aliases'] = [...(Array.isArray(definition['aliases']) ? definition['aliases'] : []), alias];
  return `rename type ${oldName} -> ${newName} with alias ${alias}`;
};

const renameField: Mutation = (sites, random) => {
  if (sites.fields.length === 0) return undefined;
  const { field, record } = random.pick(sites.fields);
  const oldName = String(field['name']);
  const newName = freshName(`${oldName}_`, fieldNames(record), random);
  field['name'] = newName;
  const withAlias = random.chance(0.5);
  if (withAlias) field['aliases'] = [...(Array.isArray(field['aliases']) ? field['aliases'] : []), oldName];
  return `rename field ${oldName} -> ${newName}${withAlias ? ' with alias' : ' without alias'}`;
};

/** A reader field alias naming another existing field: Avro's check throws on this. */
const ambiguousFieldAlias: Mutation = (sites, random) => {
  const candidates = sites.records.filter(({ record }) => fieldsOf(record).length > 1);
  if (candidates.length === 0) return undefined;
  const fields = fieldsOf(random.pick(candidates).record);
  const field = random.pick(fields);
  const other = random.pick(fields.filter((candidate) => candidate !== field));
  field['aliases'] = [String(other['name'])];
  return `field ${String(field['name'])} gets alias ${String(other['name'])} (another field)`;
};

const toggleFieldDefault: Mutation = (sites, random) => {
  if (sites.fields.length === 0) return undefined;
  const { field } = random.pick(sites.fields);
  if (Object.prototype.hasOwnProperty.call(field, 'default')) {
    delete field['default'];
    return `field ${String(field['name'])} drops its default`;
  }
  field['default'] = defaultFor(field['type'], random);
  return `field ${String(field['name'])} gets a default`;
};

const fixedSize: Mutation = (sites, random) => {
  if (sites.fixeds.length === 0) return undefined;
  const definition = random.pick(sites.fixeds);
  const size = typeof definition['size'] === 'number' ? definition['size'] : 4;
  definition['size'] = Math.max(1, size + random.pick([-2, -1, 1, 3]));
  return `fixed ${String(definition['name'])} size ${size} -> ${String(definition['size'])}`;
};

const changeNamespace: Mutation = (sites, random) => {
  const named = sites.named.filter((definition) => typeof definition['name'] === 'string' && !(definition['name'] as string).includes('.'));
  if (named.length === 0) return undefined;
  const definition = random.pick(named);
  const before = definition['namespace'];
  const after = random.pick(['com.example.moved', 'org.other', '']);
  definition['namespace'] = after;
  return `namespace of ${String(definition['name'])}: ${String(before)} -> "${after}"`;
};

const addNestedRecord: Mutation = (sites, random) => {
  if (sites.records.length === 0) return undefined;
  const { record } = random.pick(sites.records);
  const fields = record['fields'];
  if (!Array.isArray(fields)) return undefined;
  const name = freshName('Nested', sites.named.map((definition) => String(definition['name'])), random);
  const nested: JsonObject = { type: 'record', name, fields: [{ name: 'a', type: 'int' }, { name: 'b', type: ['null', 'string'], default: null }] };
  const field: JsonObject = { name: freshName('nested', fieldNames(record), random), type: random.chance(0.5) ? nested : ['null', nested] };
  const withDefault = random.chance(0.5);
  if (withDefault) field['default'] = Array.isArray(field['type']) ? null : { a: 1 };
  fields.push(field);
  return `add nested record field ${String(field['name'])}${withDefault ? ' with default' : ''}`;
};

const addRecursiveField: Mutation = (sites, random) => {
  if (sites.records.length === 0) return undefined;
  const { record, fullName } = random.pick(sites.records);
  const fields = record['fields'];
  if (!Array.isArray(fields) || fullName === '') return undefined;
  const field: JsonObject = { name: freshName('next', fieldNames(record), random), type: ['null', fullName], default: null };
  if (random.chance(0.3)) field['type'] = { type: 'array', items: fullName };
  if (random.chance(0.3)) delete field['default'];
  fields.push(field);
  return `add recursive field ${String(field['name'])} -> ${fullName}`;
};

const MUTATIONS: ReadonlyArray<[string, Mutation, number]> = [
  ['addField', addField, 4],
  ['removeField', removeField, 3],
  ['changePrimitive', changePrimitive, 4],
  ['addLogicalType', addLogicalType, 1],
  ['wrapInUnion', wrapInUnion, 2],
  ['wrapInCollection', wrapInCollection, 1],
  ['unwrapUnion', unwrapUnion, 2],
  ['addUnionBranch', addUnionBranch, 2],
  ['removeUnionBranch', removeUnionBranch, 2],
  ['reorderUnion', reorderUnion, 1],
  ['enumAddSymbol', enumAddSymbol, 2],
  ['enumRemoveSymbol', enumRemoveSymbol, 2],
  ['enumToggleDefault', enumToggleDefault, 2],
  ['renameNamedType', renameNamedType, 3],
  ['renameField', renameField, 3],
  ['ambiguousFieldAlias', ambiguousFieldAlias, 1],
  ['toggleFieldDefault', toggleFieldDefault, 3],
  ['fixedSize', fixedSize, 2],
  ['changeNamespace', changeNamespace, 2],
  ['addNestedRecord', addNestedRecord, 2],
  ['addRecursiveField', addRecursiveField, 2],
];
const TOTAL_WEIGHT = MUTATIONS.reduce((sum, [, , weight]) => sum + weight, 0);

function pickMutation(random: Random): Mutation {
  let roll = random.int(TOTAL_WEIGHT);
  for (const [, mutation, weight] of MUTATIONS) {
    if (roll < weight) return mutation;
    roll -= weight;
  }
  return addField;
}

/** Apply `count` random mutations to a copy of `schema`; returns the new schema and what was done. */
export function mutate(schema: JsonValue, count: number, random: Random): { schema: JsonValue; changes: string[] } {
  const holder = { value: clone(schema) };
  const changes: string[] = [];
  for (let attempt = 0; changes.length < count && attempt < count * 10; attempt++) {
    const change = pickMutation(random)(collectSites(holder), random);
    if (change !== undefined) changes.push(change);
  }
  return { schema: holder.value, changes };
}

/** Whether a schema contains a record without a name (Java's parser rejects those; Avro's tests build them in code). */
export function hasAnonymousRecord(schema: JsonValue): boolean {
  return collectSites({ value: clone(schema) }).records.some(({ record }) => typeof record['name'] !== 'string');
}
