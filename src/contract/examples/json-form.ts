/**
 * Example messages are JSON files; the serializer takes values in the shape of the generated TypeScript types.
 * The JSON form of such a value (what example files hold and `kontract examples` prints):
 *
 * - a `Date` (Avro timestamp and local-timestamp logical types, Protobuf `google.protobuf.Timestamp`) is an
 *   RFC 3339 string (`"2026-03-01T10:00:00Z"`); an Avro `date` is `"2026-03-01"`;
 * - a `Buffer` (Avro bytes/fixed, Protobuf bytes) is a base64 string;
 * - a 64-bit integer is a number, or a string of digits beyond 2^53 (with `longType: "bigint"`: always a bigint);
 * - everything else is as in the generated types: Avro unions as the branch value itself, enums as their
 *   symbol, decimals as strings; Protobuf oneofs as `{"case": …, "value": …}`; JSON Schema values as they are.
 *
 * {@link valueFromJson} turns the JSON form into the value, schema-driven. Pure.
 */
import type { AvroType, ParsedAvroSchema } from '../../schema/avro-model.js';
import type { JsonValue } from '../../schema/json-text.js';
import { PROTO_WRAPPER_SCALARS, type ParsedProtobufSchema, type ProtoField, type ProtoMessage, type ProtoScalar, type ProtoValueType } from '../../schema/protobuf/model.js';
import type { SchemaType } from '../../schema/types.js';
import { ValueError, describeValue } from '../../serde/value-error.js';

export type LongType = 'number' | 'bigint';

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mismatch(expected: string, value: unknown): ValueError {
  return new ValueError(`expected ${expected}, got ${describeValue(value)}`);
}

/** Converts in a child position, adding the segment to the error's path. */
function at<T>(segment: string | number, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof ValueError) throw error.at(segment);
    throw error;
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function instant(value: JsonValue): Date {
  if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValueError(`expected an RFC 3339 date-time such as "2026-03-01T10:00:00Z", got ${describeValue(value)}`);
  }
  return new Date(value);
}

function calendarDate(value: JsonValue): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new ValueError(`expected a date such as "2026-03-01", got ${describeValue(value)}`);
  }
  return new Date(`${value}T00:00:00Z`);
}

function base64(value: JsonValue): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw new ValueError(`expected bytes as a base64 string, got ${describeValue(value)}`);
  }
  return Buffer.from(value, 'base64');
}

function long(value: JsonValue, longType: LongType): number | bigint {
  if (typeof value === 'number' && Number.isInteger(value)) return longType === 'bigint' ? BigInt(value) : value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    const big = BigInt(value);
    if (longType === 'bigint') return big;
    if (big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(big);
    throw new ValueError(`${value} is beyond what a number holds exactly`, 'Generate types with "longType": "bigint" to write such values.');
  }
  throw mismatch('an integer', value);
}

/** The value an example's JSON stands for, for a schema of `schemaType`. */
export function valueFromJson(schemaType: SchemaType, parsed: unknown, json: JsonValue, longType: LongType): unknown {
  if (schemaType === 'AVRO') return avroValue((parsed as ParsedAvroSchema).root, json, longType);
  if (schemaType === 'PROTOBUF') {
    const schema = parsed as ParsedProtobufSchema;
    const message = schema.file.messages[0];
    if (!message) throw new ValueError('the Protobuf schema declares no message');
    return protoMessageValue(schema, message, json, longType);
  }
  return json;
}

// ---- Avro --------------------------------------------------------------------------------------------

function avroValue(type: AvroType, json: JsonValue, longType: LongType): unknown {
  const logical = type.logicalTypeError === undefined ? type.logicalType : undefined;
  switch (type.kind) {
    case 'primitive':
      if (logical === 'timestamp-millis' || logical === 'timestamp-micros' || logical === 'local-timestamp-millis' || logical === 'local-timestamp-micros') return instant(json);
      if (logical === 'date') return calendarDate(json);
      switch (type.type) {
        case 'null':
          if (json !== null) throw mismatch('null', json);
          return null;
        case 'boolean':
          if (typeof json !== 'boolean') throw mismatch('a boolean', json);
          return json;
        case 'int':
          if (typeof json !== 'number' || !Number.isInteger(json)) throw mismatch('an int', json);
          return json;
        case 'long':
          return long(json, longType);
        case 'float':
        case 'double':
          if (typeof json !== 'number') throw mismatch('a number', json);
          return json;
        case 'string':
          if (typeof json !== 'string') throw mismatch('a string', json);
          return json;
        case 'bytes':
          if (logical === 'decimal') {
            if (typeof json !== 'string') throw mismatch('a decimal as a string (e.g. "12.34")', json);
            return json;
          }
          return base64(json);
      }
      break;
    case 'enum':
      if (typeof json !== 'string' || !type.symbols.includes(json)) throw new ValueError(`expected a symbol of enum ${type.name} (${type.symbols.join(', ')}), got ${describeValue(json)}`);
      return json;
    case 'fixed':
      if (logical === 'decimal') {
        if (typeof json !== 'string') throw mismatch('a decimal as a string', json);
        return json;
      }
      return base64(json);
    case 'array':
      if (!Array.isArray(json)) throw mismatch('an array', json);
      return json.map((item, i) => at(i, () => avroValue(type.items, item, longType)));
    case 'map':
      if (!isObject(json)) throw mismatch('a map (an object)', json);
      return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, at(k, () => avroValue(type.values, v, longType))]));
    case 'union': {
      let first: ValueError | undefined;
      let sameKind: ValueError | undefined;
      for (const branch of type.branches) {
        try {
          return avroValue(branch, json, longType);
        } catch (error) {
          if (!(error instanceof ValueError)) throw error;
          first ??= error;
          // The branch of the same JSON kind says best what is wrong (a record's missing field rather than "not null").
          if (isObject(json) && (branch.kind === 'record' || branch.kind === 'map')) sameKind ??= error;
        }
      }
      throw sameKind ?? first ?? mismatch('a value of the union', json);
    }
    case 'record': {
      if (!isObject(json)) throw mismatch(`a record ${type.name} (an object)`, json);
      const known = new Set(type.fields.map((f) => f.name));
      for (const key of Object.keys(json)) if (!known.has(key)) throw new ValueError(`record ${type.name} has no field "${key}"`).at(key);
      const value: Record<string, unknown> = {};
      for (const field of type.fields) {
        const fieldJson = json[field.name];
        if (fieldJson === undefined) {
          if (!field.hasDefault) throw new ValueError(`required field "${field.name}" of record ${type.name} is missing`).at(field.name);
          continue;
        }
        value[field.name] = at(field.name, () => avroValue(field.type, fieldJson, longType));
      }
      return value;
    }
  }
  throw mismatch('a value', json);
}

// ---- Protobuf ----------------------------------------------------------------------------------------

function protoScalar(scalar: ProtoScalar, json: JsonValue, longType: LongType): unknown {
  switch (scalar) {
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return long(json, longType);
    case 'bool':
      if (typeof json !== 'boolean') throw mismatch('a boolean', json);
      return json;
    case 'string':
      if (typeof json !== 'string') throw mismatch('a string', json);
      return json;
    case 'bytes':
      return base64(json);
    case 'double':
    case 'float':
      if (typeof json !== 'number') throw mismatch('a number', json);
      return json;
    default:
      if (typeof json !== 'number' || !Number.isInteger(json)) throw mismatch(`an integer (${scalar})`, json);
      return json;
  }
}

function protoTypeValue(schema: ParsedProtobufSchema, type: ProtoValueType, json: JsonValue, longType: LongType): unknown {
  if (type.kind === 'scalar') return protoScalar(type.scalar, json, longType);
  if (type.target === 'enum') {
    const entry = schema.types.get(type.fullName);
    const names = entry?.kind === 'enum' ? entry.declaration.values.map((v) => v.name) : [];
    if (typeof json !== 'string' || !names.includes(json)) throw new ValueError(`expected a value of enum ${type.fullName} (${names.join(', ')}), got ${describeValue(json)}`);
    return json;
  }
  const wrapped = PROTO_WRAPPER_SCALARS[type.fullName];
  if (wrapped) return protoScalar(wrapped, json, longType);
  switch (type.fullName) {
    case 'google.protobuf.Timestamp':
      return instant(json);
    case 'google.protobuf.Struct':
    case 'google.protobuf.Value':
    case 'google.protobuf.ListValue':
      return json;
    case 'confluent.type.Decimal':
      if (typeof json !== 'string') throw mismatch('a decimal as a string', json);
      return json;
  }
  const entry = schema.types.get(type.fullName);
  if (entry?.kind !== 'message') throw new ValueError(`unknown message type ${type.fullName}`);
  return protoMessageValue(schema, entry.declaration, json, longType);
}

function protoFieldValue(schema: ParsedProtobufSchema, field: ProtoField, json: JsonValue, longType: LongType): unknown {
  if (field.type.kind === 'map') {
    if (!isObject(json)) throw mismatch('a map (an object)', json);
    const valueType = field.type.value;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, at(k, () => protoTypeValue(schema, valueType, v, longType))]));
  }
  const type = field.type;
  if (field.label === 'repeated') {
    if (!Array.isArray(json)) throw mismatch('an array (a repeated field)', json);
    return json.map((item, i) => at(i, () => protoTypeValue(schema, type, item, longType)));
  }
  return protoTypeValue(schema, type, json, longType);
}

function protoMessageValue(schema: ParsedProtobufSchema, message: ProtoMessage, json: JsonValue, longType: LongType): unknown {
  if (!isObject(json)) throw mismatch(`a ${message.name} message (an object)`, json);
  const value: Record<string, unknown> = {};
  const oneofs = new Map(message.oneofs.map((o) => [o.name, o]));
  for (const [key, fieldJson] of Object.entries(json)) {
    const oneof = oneofs.get(key);
    if (oneof) {
      value[key] = at(key, () => {
        if (!isObject(fieldJson)) throw mismatch(`a oneof as {"case": "<field>", "value": …}`, fieldJson);
        const chosen = fieldJson['case'];
        if (chosen === undefined || chosen === null) return { case: undefined };
        const member = message.fields.find((f) => f.oneof === key && f.name === chosen);
        if (!member) throw new ValueError(`"${String(chosen)}" is not a field of oneof ${key} (${message.fields.filter((f) => f.oneof === key).map((f) => f.name).join(', ')})`).at('case');
        return { case: member.name, value: at('value', () => protoFieldValue(schema, member, fieldJson['value'] ?? null, longType)) };
      });
      continue;
    }
    const field = message.fields.find((f) => f.name === key && f.oneof === undefined);
    if (!field) throw new ValueError(`message ${message.name} has no field "${key}"`).at(key);
    value[key] = at(key, () => protoFieldValue(schema, field, fieldJson, longType));
  }
  return value;
}
