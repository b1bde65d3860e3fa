/**
 * The largest encoded size a message of a schema can reasonably have, estimated from the schema alone. Where a
 * schema bounds nothing, a documented assumption stands in, and the estimate counts how often it did:
 *
 * - strings and bytes: their declared maximum (Avro: a `maxLength` attribute on the type or the field;
 *   Protobuf: `@maxLength N` in the field's comment; JSON Schema: `maxLength`, counted as 4 bytes per character,
 *   or the length a `format` implies), else `assumedStringBytes`;
 * - arrays and maps: their declared maximum (`maxItems`; JSON Schema also `maxProperties`), else `assumedItems`;
 * - a recursive type nests `assumedRecursionDepth` times;
 * - varints count at their widest (int 5, long 10 bytes); a union or oneof costs its largest branch; Confluent's
 *   framing (5 bytes, plus the Protobuf message indexes) is included; headers are not.
 * - JSON Schema objects count their declared properties (and `additionalProperties`/`patternProperties` schemas
 *   as maps); properties a schema merely allows are not counted.
 */
import type { AvroField, AvroType, ParsedAvroSchema } from '../../schema/avro-model.js';
import type { JsonValue } from '../../schema/json-text.js';
import type { ParsedProtobufSchema, ProtoField, ProtoMessage, ProtoScalar } from '../../schema/protobuf/model.js';
import type { SchemaVersion } from '../../project/types.js';

export interface SizeAssumptions {
  assumedStringBytes: number;
  assumedItems: number;
  assumedRecursionDepth: number;
}

export interface SizeEstimate {
  bytes: number;
  /** How many unbounded strings/bytes, collections and recursions the estimate assumed a size for. */
  assumed: { strings: number; collections: number; recursions: number };
}

const FRAME_BYTES = 5;

class Estimator {
  readonly assumed = { strings: 0, collections: 0, recursions: 0 };
  constructor(readonly assumptions: SizeAssumptions) {}

  stringBytes(declared: number | undefined): number {
    if (declared !== undefined) return declared;
    this.assumed.strings++;
    return this.assumptions.assumedStringBytes;
  }

  items(declared: number | undefined): number {
    if (declared !== undefined) return declared;
    this.assumed.collections++;
    return this.assumptions.assumedItems;
  }

  /** Whether a named type may be entered again, given how often it is on the stack. */
  mayRecurse(stack: Map<string, number>, name: string): boolean {
    const depth = stack.get(name) ?? 0;
    if (depth > this.assumptions.assumedRecursionDepth) {
      this.assumed.recursions++;
      return false;
    }
    return true;
  }
}

function numberProp(props: Record<string, unknown>, name: string): number | undefined {
  const value = props[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function varintBytes(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes++;
  }
  return bytes;
}

// ---- Avro --------------------------------------------------------------------------------------------

/** Estimated maximum size of a framed Avro message of `parsed`. */
export function estimateAvroSize(parsed: ParsedAvroSchema, assumptions: SizeAssumptions): SizeEstimate {
  const estimator = new Estimator(assumptions);
  const size = avroSize(estimator, parsed.root, {}, new Map());
  return { bytes: FRAME_BYTES + size, assumed: estimator.assumed };
}

function avroSize(e: Estimator, type: AvroType, fieldProps: Record<string, unknown>, stack: Map<string, number>): number {
  const bound = (name: string) => numberProp(fieldProps, name) ?? numberProp(type.props, name);
  switch (type.kind) {
    case 'primitive':
      switch (type.type) {
        case 'null':
          return 0;
        case 'boolean':
          return 1;
        case 'int':
          return 5;
        case 'long':
          return 10;
        case 'float':
          return 4;
        case 'double':
          return 8;
        case 'string':
          if (type.logicalType === 'uuid' && type.logicalTypeError === undefined) return 1 + 36;
          return 5 + e.stringBytes(bound('maxLength'));
        case 'bytes': {
          const precision = numberProp(type.props, 'precision');
          if (type.logicalType === 'decimal' && type.logicalTypeError === undefined && precision !== undefined) return 1 + Math.ceil((precision * Math.log2(10) + 1) / 8);
          return 5 + e.stringBytes(bound('maxLength'));
        }
      }
      return 0;
    case 'enum':
      return 5;
    case 'fixed':
      return type.size;
    case 'array': {
      const n = e.items(bound('maxItems'));
      return 10 + n * avroSize(e, type.items, {}, stack) + 1;
    }
    case 'map': {
      const n = e.items(bound('maxItems'));
      return 10 + n * (5 + e.stringBytes(numberProp(type.props, 'maxKeyLength')) + avroSize(e, type.values, {}, stack)) + 1;
    }
    case 'union':
      return 5 + Math.max(0, ...type.branches.map((b) => avroSize(e, b, fieldProps, stack)));
    case 'record': {
      if (!e.mayRecurse(stack, type.name)) return 0;
      stack.set(type.name, (stack.get(type.name) ?? 0) + 1);
      const total = type.fields.reduce((sum: number, field: AvroField) => sum + avroSize(e, field.type, field.props, stack), 0);
      stack.set(type.name, stack.get(type.name)! - 1);
      return total;
    }
  }
}

// ---- Protobuf ----------------------------------------------------------------------------------------

const SCALAR_BYTES: Record<ProtoScalar, number | 'length'> = {
  double: 8,
  float: 4,
  int32: 10, // negative int32 values are sign-extended to 10 bytes
  int64: 10,
  uint32: 5,
  uint64: 10,
  sint32: 5,
  sint64: 10,
  fixed32: 4,
  fixed64: 8,
  sfixed32: 4,
  sfixed64: 8,
  bool: 1,
  string: 'length',
  bytes: 'length',
};

/** A `@maxLength N` / `@maxItems N` annotation in a comment. */
function commentBound(comment: string | undefined, name: 'maxLength' | 'maxItems'): number | undefined {
  const m = comment ? new RegExp(`@${name}\\s+(\\d+)`).exec(comment) : null;
  return m ? Number(m[1]) : undefined;
}

/** Estimated maximum size of a framed Protobuf message (the first message of the file, or `messageName`). */
export function estimateProtobufSize(parsed: ParsedProtobufSchema, assumptions: SizeAssumptions, messageName?: string): SizeEstimate {
  const estimator = new Estimator(assumptions);
  const name = messageName ?? parsed.file.messages[0]?.fullName;
  const entry = name === undefined ? undefined : parsed.types.get(name);
  const size = entry?.kind === 'message' ? protoMessageSize(estimator, parsed, entry.declaration, new Map()) : 0;
  return { bytes: FRAME_BYTES + 2 + size, assumed: estimator.assumed };
}

function protoMessageSize(e: Estimator, parsed: ParsedProtobufSchema, message: ProtoMessage, stack: Map<string, number>): number {
  if (!e.mayRecurse(stack, message.fullName)) return 0;
  stack.set(message.fullName, (stack.get(message.fullName) ?? 0) + 1);
  let total = 0;
  const oneofs = new Map<string, number>();
  for (const field of message.fields) {
    const size = protoFieldSize(e, parsed, field, stack);
    if (field.oneof !== undefined) oneofs.set(field.oneof, Math.max(oneofs.get(field.oneof) ?? 0, size));
    else total += size;
  }
  for (const size of oneofs.values()) total += size;
  for (const group of message.groups) total += 2 * varintBytes(group.number << 3) + protoMessageSize(e, parsed, group.message, stack);
  stack.set(message.fullName, stack.get(message.fullName)! - 1);
  return total;
}

function protoValueSize(e: Estimator, parsed: ParsedProtobufSchema, type: ProtoField['type'], comment: string | undefined, stack: Map<string, number>): number {
  if (type.kind === 'scalar') {
    const bytes = SCALAR_BYTES[type.scalar];
    return bytes === 'length' ? 5 + e.stringBytes(commentBound(comment, 'maxLength')) : bytes;
  }
  if (type.kind === 'named') {
    if (type.target === 'enum') return 10;
    const entry = parsed.types.get(type.fullName);
    return entry?.kind === 'message' ? 5 + protoMessageSize(e, parsed, entry.declaration, stack) : 0;
  }
  return 0;
}

function protoFieldSize(e: Estimator, parsed: ParsedProtobufSchema, field: ProtoField, stack: Map<string, number>): number {
  const tag = varintBytes(field.number * 8);
  if (field.type.kind === 'map') {
    const n = e.items(commentBound(field.comment, 'maxItems'));
    const key = protoValueSize(e, parsed, { kind: 'scalar', scalar: field.type.key }, undefined, stack);
    const value = protoValueSize(e, parsed, field.type.value, field.comment, stack);
    return n * (tag + 5 + 1 + key + 1 + value);
  }
  const element = protoValueSize(e, parsed, field.type, field.comment, stack);
  if (field.label === 'repeated') return e.items(commentBound(field.comment, 'maxItems')) * (tag + element);
  return tag + element;
}

// ---- JSON Schema -------------------------------------------------------------------------------------

/** Characters a string of this `format` has at most. */
const FORMAT_LENGTH: Record<string, number> = {
  uuid: 36,
  'date-time': 35,
  date: 10,
  time: 21,
  duration: 64,
  email: 254,
  'idn-email': 254,
  hostname: 253,
  'idn-hostname': 253,
  ipv4: 15,
  ipv6: 45,
};

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Estimated maximum size of a framed JSON Schema message (compact JSON text of a value). */
export function estimateJsonSize(version: Pick<SchemaVersion, 'schema' | 'referenceTexts'>, assumptions: SizeAssumptions): SizeEstimate {
  const estimator = new Estimator(assumptions);
  const documents = new Map<string, JsonValue>([['', JSON.parse(version.schema) as JsonValue]]);
  for (const [name, text] of Object.entries(version.referenceTexts)) documents.set(name, JSON.parse(text) as JsonValue);
  const size = jsonSize(estimator, documents, '', documents.get('')!, new Map());
  return { bytes: FRAME_BYTES + size, assumed: estimator.assumed };
}

function resolvePointer(root: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    current = Array.isArray(current) ? current[Number(key)] : isObject(current) ? current[key] : undefined;
  }
  return current;
}

function jsonSize(e: Estimator, documents: Map<string, JsonValue>, doc: string, schema: JsonValue, stack: Map<string, number>): number {
  if (schema === true || !isObject(schema)) return e.stringBytes(undefined); // anything goes: an unbounded value
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    const hash = ref.indexOf('#');
    const target = hash === 0 ? doc : hash < 0 ? ref : ref.slice(0, hash);
    const key = `${target}#${hash < 0 ? '' : ref.slice(hash + 1)}`;
    const root = documents.get(target);
    const resolved = root === undefined ? undefined : resolvePointer(root, hash < 0 ? '' : ref.slice(hash + 1));
    if (resolved === undefined) return e.stringBytes(undefined);
    if (!e.mayRecurse(stack, key)) return 4;
    stack.set(key, (stack.get(key) ?? 0) + 1);
    const size = jsonSize(e, documents, target, resolved, stack);
    stack.set(key, stack.get(key)! - 1);
    return size;
  }
  if ('const' in schema) return JSON.stringify(schema['const']).length;
  if (Array.isArray(schema['enum'])) return Math.max(4, ...schema['enum'].map((v) => JSON.stringify(v).length));
  const candidates: number[] = [];
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = schema[keyword];
    if (Array.isArray(members)) candidates.push(...members.map((m) => jsonSize(e, documents, doc, m, stack)));
  }
  const types = Array.isArray(schema['type']) ? schema['type'].filter((t): t is string => typeof t === 'string') : typeof schema['type'] === 'string' ? [schema['type']] : [];
  const implied = types.length > 0 ? types : isObject(schema['properties']) ? ['object'] : schema['items'] !== undefined ? ['array'] : [];
  for (const type of implied) candidates.push(jsonTypeSize(e, documents, doc, schema, type, stack));
  if (candidates.length === 0) return e.stringBytes(undefined);
  return Math.max(...candidates);
}

function bound(schema: JsonObject, name: string): number | undefined {
  const value = schema[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function jsonTypeSize(e: Estimator, documents: Map<string, JsonValue>, doc: string, schema: JsonObject, type: string, stack: Map<string, number>): number {
  switch (type) {
    case 'null':
      return 4;
    case 'boolean':
      return 5;
    case 'integer':
      return 20;
    case 'number':
      return 24;
    case 'string': {
      const maxLength = bound(schema, 'maxLength');
      if (maxLength !== undefined) return 2 + maxLength * 4;
      const format = typeof schema['format'] === 'string' ? FORMAT_LENGTH[schema['format']] : undefined;
      return 2 + (format ?? e.stringBytes(undefined));
    }
    case 'array': {
      const items = schema['items'];
      if (Array.isArray(items)) return 2 + items.reduce((sum: number, item) => sum + jsonSize(e, documents, doc, item, stack) + 1, 0);
      const n = e.items(bound(schema, 'maxItems'));
      return 2 + n * ((items === undefined ? e.stringBytes(undefined) : jsonSize(e, documents, doc, items, stack)) + 1);
    }
    case 'object': {
      let total = 2;
      const properties = isObject(schema['properties']) ? schema['properties'] : {};
      for (const [name, property] of Object.entries(properties)) total += JSON.stringify(name).length + 2 + jsonSize(e, documents, doc, property, stack);
      const mapValues = [schema['additionalProperties'], ...(isObject(schema['patternProperties']) ? Object.values(schema['patternProperties']) : [])].filter(isObject);
      if (mapValues.length > 0) {
        const n = e.items(bound(schema, 'maxProperties'));
        const value = Math.max(...mapValues.map((v) => jsonSize(e, documents, doc, v, stack)));
        total += n * (2 + e.stringBytes(undefined) + 2 + value);
      }
      return total;
    }
    default:
      return e.stringBytes(undefined);
  }
}
