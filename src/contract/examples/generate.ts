/**
 * Realistic example messages generated from a schema version, in the JSON form example files use
 * (json-form.ts). Deterministic: the same seed gives the same messages. What the generator respects:
 *
 * - enums (a declared symbol; Protobuf prefers a value other than the zero one), `const`, JSON Schema `enum`;
 * - formats and logical types: uuid, date-time / timestamps, date, time, email, uri, hostname, ipv4/ipv6,
 *   decimals within precision and scale, bytes as base64;
 * - defaults: a field with a default is now and then left out, so the default applies;
 * - bounds: JSON Schema minimum/maximum (exclusive too), multipleOf, minLength/maxLength, minItems/maxItems,
 *   required properties; Avro `maxItems`/`maxLength` attributes;
 * - field names, for realistic text: `*_id`, `email`, `currency`, `country`, `locale`, `*url*`, `trace_id`,
 *   `event_type` (the topic), `event_version` (the version), `source` (`<domain>-service`), names and SKUs.
 *
 * Pure. JSON Schema `pattern`s are not generated from: a generated string that misses one is caught when the
 * CLI validates the example with the serializer.
 */
import type { AvroField, AvroType, ParsedAvroSchema } from '../../schema/avro-model.js';
import type { JsonValue } from '../../schema/json-text.js';
import { PROTO_WRAPPER_SCALARS, type ParsedProtobufSchema, type ProtoField, type ProtoMessage, type ProtoScalar, type ProtoValueType } from '../../schema/protobuf/model.js';
import type { SchemaType } from '../../schema/types.js';

type JsonObject = { [key: string]: JsonValue };

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same sequence on every platform. */
export class SeededRandom {
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
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(0, 3)]!;
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

const FIRST_NAMES = ['Maria', 'Kenji', 'Amara', 'Lukas', 'Sofia', 'Omar', 'Ingrid', 'Wei', 'Priya', 'Mateo'];
const LAST_NAMES = ['Lopez', 'Watanabe', 'Okafor', 'Schmidt', 'Rossi', 'Haddad', 'Berg', 'Chen', 'Sharma', 'Silva'];
const WORDS = ['blue', 'north', 'river', 'quick', 'amber', 'stone', 'cedar', 'harbor', 'linen', 'maple', 'summit', 'copper'];
const CURRENCIES = ['EUR', 'USD', 'GBP', 'JPY', 'CHF', 'SEK'];
const COUNTRIES = ['DE', 'FR', 'US', 'JP', 'GB', 'ES', 'NL', 'SE'];
const LOCALES = ['en-GB', 'de-DE', 'fr-FR', 'ja-JP', 'es-ES', 'nl-NL'];
const RANGE_START = Date.UTC(2026, 0, 1);
const RANGE_MS = 180 * 86_400_000;

/** What the generator knows about the message besides its schema. */
export interface GenerationContext {
  /** The topic (subject name without `-value`/`-key`). */
  topic: string;
  /** The schema version the message is for. */
  version: number;
  random: SeededRandom;
}

function instant(random: SeededRandom): string {
  return new Date(RANGE_START + random.int(0, RANGE_MS)).toISOString();
}

function calendarDate(random: SeededRandom): string {
  return instant(random).slice(0, 10);
}

function base64(random: SeededRandom, bytes: number): string {
  return Buffer.from(Array.from({ length: bytes }, () => random.int(0, 255))).toString('base64');
}

/** Realistic text for a field named `name`. */
export function textFor(name: string, context: GenerationContext): string {
  const r = context.random;
  const n = name.toLowerCase();
  const person = () => `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
  if (n === 'event_type') return context.topic;
  if (n === 'source') return `${context.topic.split('.')[0] ?? 'example'}-service`;
  if (n === 'trace_id') return r.hex(32);
  if (n === 'event_id' || n === 'causation_id' || n.endsWith('uuid')) return r.uuid();
  if (n.includes('email') || n === 'recipient') return `${r.pick(FIRST_NAMES).toLowerCase()}.${r.pick(LAST_NAMES).toLowerCase()}@example.com`;
  if (n.includes('currency')) return r.pick(CURRENCIES);
  if (n.includes('country')) return r.pick(COUNTRIES);
  if (n.includes('locale') || n.includes('language')) return r.pick(LOCALES);
  if (n.includes('url') || n.includes('uri') || n.includes('link')) return `https://example.com/${r.pick(WORDS)}/${r.hex(12)}`;
  if (n === 'sku' || n.endsWith('_sku')) return `${r.pick(WORDS).toUpperCase()}-${r.pick(WORDS).toUpperCase()}-${r.int(100, 999)}`;
  if (n.endsWith('_id') || n === 'id') {
    const prefix = n === 'id' ? 'id' : n.slice(0, -3).split('_').pop()!;
    return `${prefix}-${r.int(10_000, 99_999)}`;
  }
  if (n.includes('name')) return person();
  if (n.includes('phone')) return `+49 30 ${r.int(1_000_000, 9_999_999)}`;
  return `${r.pick(WORDS)} ${r.pick(WORDS)}`;
}

/** A number for a field named `name` (the version for `event_version`). */
function integerFor(name: string, context: GenerationContext, min = 0, max = 1000): number {
  if (name === 'event_version' && context.version >= min && context.version <= max) return context.version;
  return context.random.int(min, max);
}

/** One example message for a parsed schema, in JSON form. */
export function generateExample(schemaType: SchemaType, parsed: unknown, context: GenerationContext, rawSchema?: { schema: string; referenceTexts: Readonly<Record<string, string>> }): JsonValue {
  if (schemaType === 'AVRO') return avroExample((parsed as ParsedAvroSchema).root, '', context, 0);
  if (schemaType === 'PROTOBUF') {
    const schema = parsed as ParsedProtobufSchema;
    const message = schema.file.messages[0];
    return message ? protoMessageExample(schema, message, context, 0) : {};
  }
  const documents = new Map<string, JsonValue>([['', JSON.parse(rawSchema!.schema) as JsonValue]]);
  for (const [name, text] of Object.entries(rawSchema!.referenceTexts)) documents.set(name, JSON.parse(text) as JsonValue);
  return jsonExample(documents, '', documents.get('')!, '', context, 0);
}

// ---- Avro --------------------------------------------------------------------------------------------

const MAX_DEPTH = 4;

function propNumber(props: Record<string, unknown>, name: string): number | undefined {
  const v = props[name];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function avroExample(type: AvroType, name: string, context: GenerationContext, depth: number, field?: AvroField): JsonValue {
  const r = context.random;
  const logical = type.logicalTypeError === undefined ? type.logicalType : undefined;
  const maxItems = (field && propNumber(field.props, 'maxItems')) ?? propNumber(type.props, 'maxItems');
  const maxLength = (field && propNumber(field.props, 'maxLength')) ?? propNumber(type.props, 'maxLength');
  switch (type.kind) {
    case 'primitive':
      if (logical === 'timestamp-millis' || logical === 'timestamp-micros' || logical === 'local-timestamp-millis' || logical === 'local-timestamp-micros') return instant(r);
      if (logical === 'date') return calendarDate(r);
      if (logical === 'time-millis') return r.int(0, 86_399_999);
      if (logical === 'uuid') return r.uuid();
      if (logical === 'decimal') return decimal(r, propNumber(type.props, 'precision') ?? 10, propNumber(type.props, 'scale') ?? 0);
      switch (type.type) {
        case 'null':
          return null;
        case 'boolean':
          return r.chance(0.5);
        case 'int':
        case 'long':
          return integerFor(name, context);
        case 'float':
        case 'double':
          return r.int(0, 40_000) / 4; // quarters are exact in a 32-bit float, so values survive serialization
        case 'bytes':
          return base64(r, 8);
        case 'string': {
          const text = textFor(name, context);
          return maxLength !== undefined ? text.slice(0, maxLength) : text;
        }
      }
      return null;
    case 'enum':
      return r.pick(type.symbols);
    case 'fixed':
      return logical === 'decimal' ? decimal(r, propNumber(type.props, 'precision') ?? 10, propNumber(type.props, 'scale') ?? 0) : base64(r, type.size);
    case 'array': {
      const count = depth >= MAX_DEPTH ? 0 : r.int(0, Math.min(3, maxItems ?? 3));
      return Array.from({ length: count }, () => avroExample(type.items, singular(name), context, depth + 1));
    }
    case 'map': {
      const count = depth >= MAX_DEPTH ? 0 : r.int(0, Math.min(3, maxItems ?? 3));
      const entries: JsonObject = {};
      for (let i = 0; i < count; i++) entries[r.pick(WORDS)] = avroExample(type.values, name, context, depth + 1);
      return entries;
    }
    case 'union': {
      const nonNull = type.branches.filter((b) => !(b.kind === 'primitive' && b.type === 'null'));
      const hasNull = nonNull.length < type.branches.length;
      if (nonNull.length === 0 || (hasNull && (depth >= MAX_DEPTH || r.chance(0.25)))) return null;
      return avroExample(r.pick(nonNull), name, context, depth, field);
    }
    case 'record': {
      const value: JsonObject = {};
      for (const f of type.fields) {
        // A field with a default is sometimes left out: the default applies (and readers must cope).
        if (f.hasDefault && r.chance(0.3)) continue;
        value[f.name] = avroExample(f.type, f.name, context, depth + 1, f);
      }
      return value;
    }
  }
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function decimal(r: SeededRandom, precision: number, scale: number): string {
  const integerDigits = Math.max(1, Math.min(precision - scale, 4));
  const whole = r.int(0, 10 ** integerDigits - 1);
  if (scale === 0) return String(whole);
  const fraction = String(r.int(0, 10 ** Math.min(scale, 6) - 1)).padStart(Math.min(scale, 6), '0').padEnd(scale, '0');
  return `${whole}.${fraction}`;
}

// ---- Protobuf ----------------------------------------------------------------------------------------

function protoScalarExample(scalar: ProtoScalar, name: string, context: GenerationContext): JsonValue {
  const r = context.random;
  switch (scalar) {
    case 'string':
      return textFor(name, context);
    case 'bytes':
      return base64(r, 8);
    case 'bool':
      return r.chance(0.5);
    case 'double':
    case 'float':
      return r.int(0, 40_000) / 4;
    default:
      return integerFor(name, context);
  }
}

function protoTypeExample(schema: ParsedProtobufSchema, type: ProtoValueType, name: string, context: GenerationContext, depth: number): JsonValue | undefined {
  const r = context.random;
  if (type.kind === 'scalar') return protoScalarExample(type.scalar, name, context);
  if (type.target === 'enum') {
    const entry = schema.types.get(type.fullName);
    const values = entry?.kind === 'enum' ? entry.declaration.values : [];
    const meaningful = values.filter((v) => v.number !== 0);
    return (meaningful.length > 0 ? r.pick(meaningful) : values[0])?.name ?? null;
  }
  const wrapped = PROTO_WRAPPER_SCALARS[type.fullName];
  if (wrapped) return protoScalarExample(wrapped, name, context);
  switch (type.fullName) {
    case 'google.protobuf.Timestamp':
      return instant(r);
    case 'google.protobuf.Struct':
      return { [r.pick(WORDS)]: textFor(name, context) };
    case 'google.protobuf.Value':
      return textFor(name, context);
    case 'google.protobuf.ListValue':
      return [textFor(name, context)];
    case 'confluent.type.Decimal':
      return decimal(r, 10, 2);
  }
  const entry = schema.types.get(type.fullName);
  if (entry?.kind !== 'message' || depth >= MAX_DEPTH) return undefined;
  return protoMessageExample(schema, entry.declaration, context, depth + 1);
}

function protoFieldExample(schema: ParsedProtobufSchema, field: ProtoField, context: GenerationContext, depth: number): JsonValue | undefined {
  const r = context.random;
  if (field.type.kind === 'map') {
    const entries: JsonObject = {};
    const keyType = field.type.key;
    for (let i = 0, n = depth >= MAX_DEPTH ? 0 : r.int(0, 3); i < n; i++) {
      const key = keyType === 'string' ? r.pick(WORDS) : keyType === 'bool' ? String(r.chance(0.5)) : String(r.int(1, 999));
      const value = protoTypeExample(schema, field.type.value, field.name, context, depth + 1);
      if (value !== undefined) entries[key] = value;
    }
    return entries;
  }
  const type = field.type;
  if (field.label === 'repeated') {
    const items: JsonValue[] = [];
    for (let i = 0, n = depth >= MAX_DEPTH ? 0 : r.int(0, 3); i < n; i++) {
      const item = protoTypeExample(schema, type, singular(field.name), context, depth + 1);
      if (item !== undefined) items.push(item);
    }
    return items;
  }
  return protoTypeExample(schema, type, field.name, context, depth);
}

function protoMessageExample(schema: ParsedProtobufSchema, message: ProtoMessage, context: GenerationContext, depth: number): JsonValue {
  const r = context.random;
  const value: JsonObject = {};
  for (const field of message.fields) {
    if (field.oneof !== undefined) continue;
    // Fields with presence (proto3 optional, proto2 optional) are sometimes absent.
    if ((field.proto3Optional || field.label === 'optional') && r.chance(0.3)) continue;
    const v = protoFieldExample(schema, field, context, depth);
    if (v !== undefined) value[field.name] = v;
  }
  for (const oneof of message.oneofs) {
    const members = message.fields.filter((f) => f.oneof === oneof.name);
    if (members.length === 0 || r.chance(0.2)) continue;
    const member = r.pick(members);
    const v = protoFieldExample(schema, member, context, depth);
    if (v !== undefined) value[oneof.name] = { case: member.name, value: v };
  }
  return value;
}

// ---- JSON Schema -------------------------------------------------------------------------------------

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolvePointer(root: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    current = Array.isArray(current) ? current[Number(key)] : isObject(current) ? current[key] : undefined;
  }
  return current;
}

function stringForFormat(format: string, name: string, context: GenerationContext): string | undefined {
  const r = context.random;
  switch (format) {
    case 'uuid':
      return r.uuid();
    case 'date-time':
      return instant(r).replace('.000Z', 'Z');
    case 'date':
      return calendarDate(r);
    case 'time':
      return instant(r).slice(11, 19) + 'Z';
    case 'email':
    case 'idn-email':
      return textFor('email', context);
    case 'uri':
    case 'url':
    case 'iri':
    case 'uri-reference':
      return textFor('url', context);
    case 'hostname':
    case 'idn-hostname':
      return `${r.pick(WORDS)}.example.com`;
    case 'ipv4':
      return `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    case 'ipv6':
      return `2001:db8::${r.hex(4)}`;
    default:
      return undefined;
  }
}

function jsonExample(documents: Map<string, JsonValue>, doc: string, schema: JsonValue, name: string, context: GenerationContext, depth: number): JsonValue {
  const r = context.random;
  if (schema === true || !isObject(schema)) return textFor(name, context);
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    const hash = ref.indexOf('#');
    const target = hash === 0 ? doc : hash < 0 ? ref : ref.slice(0, hash);
    const root = documents.get(target);
    const resolved = root === undefined ? undefined : resolvePointer(root, hash < 0 ? '' : ref.slice(hash + 1));
    return resolved === undefined || depth > 2 * MAX_DEPTH ? null : jsonExample(documents, target, resolved, name, context, depth + 1);
  }
  if ('const' in schema) return schema['const']!;
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return r.pick(schema['enum']);
  if (schema['default'] !== undefined && r.chance(0.3)) return schema['default'];
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && allOf.length > 0) {
    // Merge object members so every member's required properties are there.
    const merged: JsonObject = { ...schema, allOf: null };
    delete merged['allOf'];
    const properties: JsonObject = isObject(schema['properties']) ? { ...schema['properties'] } : {};
    const required = new Set<string>(Array.isArray(schema['required']) ? schema['required'].filter((x): x is string => typeof x === 'string') : []);
    for (const member of allOf) {
      if (!isObject(member)) continue;
      if (isObject(member['properties'])) Object.assign(properties, member['properties']);
      if (Array.isArray(member['required'])) for (const x of member['required']) if (typeof x === 'string') required.add(x);
      for (const [k, v] of Object.entries(member)) if (!(k in merged) && k !== 'properties' && k !== 'required') merged[k] = v;
    }
    if (Object.keys(properties).length > 0) {
      merged['properties'] = properties;
      merged['required'] = [...required];
    }
    return jsonExample(documents, doc, merged, name, context, depth);
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const members = schema[keyword];
    if (Array.isArray(members) && members.length > 0) {
      const nonNull = members.filter((m) => !(isObject(m) && m['type'] === 'null'));
      const choice = nonNull.length > 0 && (nonNull.length === members.length || r.chance(0.75)) ? r.pick(nonNull) : r.pick(members);
      return jsonExample(documents, doc, { ...schema, [keyword]: null, ...(isObject(choice) ? choice : {}) } as JsonObject, name, context, depth);
    }
  }
  const types = Array.isArray(schema['type']) ? schema['type'].filter((t): t is string => typeof t === 'string') : typeof schema['type'] === 'string' ? [schema['type']] : [];
  const implied = types.length > 0 ? types : isObject(schema['properties']) ? ['object'] : schema['items'] !== undefined ? ['array'] : ['string'];
  const nonNull = implied.filter((t) => t !== 'null');
  const type = nonNull.length > 0 && (nonNull.length === implied.length || r.chance(0.75)) ? r.pick(nonNull) : r.pick(implied);
  return jsonTyped(documents, doc, schema, type, name, context, depth);
}

function num(schema: JsonObject, key: string): number | undefined {
  return typeof schema[key] === 'number' ? (schema[key] as number) : undefined;
}

function jsonTyped(documents: Map<string, JsonValue>, doc: string, schema: JsonObject, type: string, name: string, context: GenerationContext, depth: number): JsonValue {
  const r = context.random;
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return r.chance(0.5);
    case 'integer':
    case 'number': {
      const exclusiveMin = num(schema, 'exclusiveMinimum');
      const exclusiveMax = num(schema, 'exclusiveMaximum');
      let min = num(schema, 'minimum') ?? (exclusiveMin !== undefined ? exclusiveMin + 1 : 0);
      let max = num(schema, 'maximum') ?? (exclusiveMax !== undefined ? exclusiveMax - 1 : Math.max(min, 0) + 1000);
      if (exclusiveMin !== undefined) min = Math.max(min, Math.floor(exclusiveMin) + 1);
      if (exclusiveMax !== undefined) max = Math.min(max, Math.ceil(exclusiveMax) - 1);
      const step = num(schema, 'multipleOf');
      if (type === 'integer' || step !== undefined) {
        const unit = step ?? 1;
        const low = Math.ceil(min / unit);
        const high = Math.floor(max / unit);
        return integerFor(name, context, low, Math.max(low, high)) * unit;
      }
      return Math.round((min + r.next() * (max - min)) * 100) / 100;
    }
    case 'string': {
      const format = typeof schema['format'] === 'string' ? stringForFormat(schema['format'], name, context) : undefined;
      let text = format ?? textFor(name, context);
      const minLength = num(schema, 'minLength');
      const maxLength = num(schema, 'maxLength');
      if (minLength !== undefined && text.length < minLength) text = text.padEnd(minLength, 'x');
      if (maxLength !== undefined && text.length > maxLength) text = text.slice(0, maxLength);
      return text;
    }
    case 'array': {
      const minItems = num(schema, 'minItems') ?? 0;
      const maxItems = num(schema, 'maxItems') ?? minItems + 3;
      const items = schema['items'];
      if (Array.isArray(items)) return items.map((item) => jsonExample(documents, doc, item, singular(name), context, depth + 1));
      const count = depth >= 2 * MAX_DEPTH ? minItems : r.int(minItems, Math.max(minItems, Math.min(maxItems, minItems + 3)));
      return Array.from({ length: count }, () => jsonExample(documents, doc, items ?? {}, singular(name), context, depth + 1));
    }
    case 'object': {
      const value: JsonObject = {};
      const properties = isObject(schema['properties']) ? schema['properties'] : {};
      const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((x): x is string => typeof x === 'string') : []);
      for (const [key, property] of Object.entries(properties)) {
        if (!required.has(key) && (depth >= 2 * MAX_DEPTH || r.chance(0.3))) continue;
        value[key] = jsonExample(documents, doc, property, key, context, depth + 1);
      }
      return value;
    }
    default:
      return textFor(name, context);
  }
}
