/**
 * Protobuf values in exactly the shape kontract's generated types give them (src/codegen/protobuf.ts is
 * binding): field names as written in the `.proto`; enums as value names; oneofs as `{ case, value }`;
 * `google.protobuf.Timestamp` as `Date`, the wrappers as their wrapped value, `Struct`/`Value`/`ListValue`
 * as plain JSON, `confluent.type.Decimal` as decimal text; 64-bit integers as `number` or `bigint`;
 * bytes as `Buffer`; maps as objects (integer and boolean keys as their text).
 *
 * The codec is driven by kontract's parsed Protobuf model (the same one codegen and the compatibility engine
 * read) and writes and reads the wire format directly: converting to protobufjs's object shape and back
 * would cost a second pass over every message. Encoding validates as it goes — a value of the wrong type, a
 * missing proto2 `required` field or a property the message does not declare is a {@link ValueError} with
 * the path to it, never silently dropped. Decoding follows Protobuf's evolution rules: unknown fields are
 * skipped, absent ones take their defaults (proto3 scalars), an unknown enum number reads as the enum's
 * default value.
 */
import { PROTO_WRAPPER_SCALARS, groupAsField, type ParsedProtobufSchema, type ProtoEnum, type ProtoField, type ProtoMessage, type ProtoScalar, type ProtoValueType } from '../../schema/protobuf/model.js';
import { formatDecimal, fromTwosComplement, parseDecimal, toTwosComplement } from '../decimal.js';
import type { LongType } from '../long-type.js';
import { ValueError, closestName, describeValue } from '../value-error.js';
import { ProtoReader, ProtoWireError, halvesToBigInt, halvesToNumber, unZigZag64 } from './reader.js';
import { ProtoWriter, splitBigInt, splitNumber, varint32Size, zigZag64 } from './writer.js';

export type { LongType };

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

/** How one kind of value is written and read (without its tag). */
interface ValueCodec {
  readonly wireType: number;
  /** Repeated fields of this type may be packed. */
  readonly packable: boolean;
  /** Bytes per element in a packed array when fixed (4 or 8), else 1 (the least a varint takes). */
  readonly packedElementSize: number;
  /** Writes a value; throws {@link ValueError} when it does not fit. */
  write(writer: ProtoWriter, value: unknown): void;
  read(reader: ProtoReader): unknown;
  /** Whether a field without explicit presence leaves this value out (proto3 defaults). */
  isDefault(value: unknown): boolean;
  /** The value of an absent field without explicit presence, or of a map entry without value. */
  makeDefault(): unknown;
}

const EMPTY_BUFFER = Buffer.alloc(0);
const halves = { lo: 0, hi: 0 };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function mismatch(expected: string, value: unknown): ValueError {
  return new ValueError(`expected ${expected}, got ${describeValue(value)}`);
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Splits a 64-bit value into {@link halves}; `signed` selects the accepted range. */
function split64(value: unknown, signed: boolean, scalar: string): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || (!signed && value < 0)) {
      throw new ValueError(`expected ${scalar} (${signed ? '' : 'non-negative '}safe integer or bigint), got ${describeValue(value)}`, 'Numbers beyond ±2^53 lose digits; pass them as bigint.');
    }
    splitNumber(value, halves);
    return;
  }
  if (typeof value === 'bigint') {
    if (signed ? value < INT64_MIN || value > INT64_MAX : value < 0n || value > UINT64_MAX) throw mismatch(`${scalar} in range`, value);
    splitBigInt(value, halves);
    return;
  }
  throw mismatch(scalar, value);
}

function read64(lo: number, hi: number, signed: boolean, longType: LongType): number | bigint {
  if (longType === 'bigint') return halvesToBigInt(lo, hi, signed);
  const value = halvesToNumber(lo, hi, signed);
  if (value === undefined) {
    throw new ValueError(`the 64-bit value ${halvesToBigInt(lo, hi, signed)} is beyond what a number holds exactly`, 'Generate types with "longType": "bigint" and pass longType: \'bigint\' to the codec to read such values.');
  }
  return value;
}

function scalarCodec(scalar: ProtoScalar, longType: LongType): ValueCodec {
  const zero64 = longType === 'bigint' ? 0n : 0;
  const isZero = (value: unknown) => value === 0;
  const isZero64 = (value: unknown) => value === 0 || value === 0n;
  const varint = { wireType: WIRE_VARINT, packable: true, packedElementSize: 1 };
  const fixed32 = { wireType: WIRE_FIXED32, packable: true, packedElementSize: 4 };
  const fixed64 = { wireType: WIRE_FIXED64, packable: true, packedElementSize: 8 };
  switch (scalar) {
    case 'double':
      return {
        ...fixed64,
        write(writer, value) {
          if (typeof value !== 'number') throw mismatch('double (number)', value);
          writer.double(value);
        },
        read: (reader) => reader.double(),
        isDefault: (value) => value === 0 && 1 / value > 0,
        makeDefault: () => 0,
      };
    case 'float':
      return {
        ...fixed32,
        write(writer, value) {
          if (typeof value !== 'number') throw mismatch('float (number)', value);
          writer.float(value);
        },
        read: (reader) => reader.float(),
        isDefault: (value) => value === 0 && 1 / value > 0,
        makeDefault: () => 0,
      };
    case 'int32':
      return {
        ...varint,
        write(writer, value) {
          if (!isInteger(value, -2147483648, 2147483647)) throw mismatch('int32 (integer)', value);
          writer.int32(value);
        },
        read: (reader) => reader.int32(),
        isDefault: isZero,
        makeDefault: () => 0,
      };
    case 'sint32':
      return {
        ...varint,
        write(writer, value) {
          if (!isInteger(value, -2147483648, 2147483647)) throw mismatch('sint32 (integer)', value);
          writer.sint32(value);
        },
        read: (reader) => reader.sint32(),
        isDefault: isZero,
        makeDefault: () => 0,
      };
    case 'uint32':
      return {
        ...varint,
        write(writer, value) {
          if (!isInteger(value, 0, 4294967295)) throw mismatch('uint32 (non-negative integer)', value);
          writer.uint32(value);
        },
        read: (reader) => reader.uint32(),
        isDefault: isZero,
        makeDefault: () => 0,
      };
    case 'fixed32':
      return {
        ...fixed32,
        write(writer, value) {
          if (!isInteger(value, 0, 4294967295)) throw mismatch('fixed32 (non-negative integer)', value);
          writer.fixed32(value);
        },
        read: (reader) => reader.fixed32(),
        isDefault: isZero,
        makeDefault: () => 0,
      };
    case 'sfixed32':
      return {
        ...fixed32,
        write(writer, value) {
          if (!isInteger(value, -2147483648, 2147483647)) throw mismatch('sfixed32 (integer)', value);
          writer.fixed32(value >>> 0);
        },
        read: (reader) => reader.sfixed32(),
        isDefault: isZero,
        makeDefault: () => 0,
      };
    case 'int64':
    case 'uint64':
    case 'sint64': {
      const signed = scalar !== 'uint64';
      const zigZag = scalar === 'sint64';
      return {
        ...varint,
        write(writer, value) {
          split64(value, signed, scalar);
          if (zigZag) zigZag64(halves);
          writer.varint64(halves.lo, halves.hi);
        },
        read(reader) {
          reader.varint64();
          if (!zigZag) return read64(reader.lo, reader.hi, signed, longType);
          unZigZag64(reader.lo, reader.hi, halves);
          return read64(halves.lo, halves.hi, true, longType);
        },
        isDefault: isZero64,
        makeDefault: () => zero64,
      };
    }
    case 'fixed64':
    case 'sfixed64': {
      const signed = scalar === 'sfixed64';
      return {
        ...fixed64,
        write(writer, value) {
          split64(value, signed, scalar);
          writer.fixed64(halves.lo, halves.hi);
        },
        read(reader) {
          reader.fixed64();
          return read64(reader.lo, reader.hi, signed, longType);
        },
        isDefault: isZero64,
        makeDefault: () => zero64,
      };
    }
    case 'bool':
      return {
        ...varint,
        write(writer, value) {
          if (typeof value !== 'boolean') throw mismatch('bool (boolean)', value);
          writer.bool(value);
        },
        read: (reader) => reader.bool(),
        isDefault: (value) => value === false,
        makeDefault: () => false,
      };
    case 'string':
      return {
        wireType: WIRE_LENGTH_DELIMITED,
        packable: false,
        packedElementSize: 1,
        write(writer, value) {
          if (typeof value !== 'string') throw mismatch('string', value);
          writer.string(value);
        },
        read: (reader) => reader.string(),
        isDefault: (value) => value === '',
        makeDefault: () => '',
      };
    case 'bytes':
      return {
        wireType: WIRE_LENGTH_DELIMITED,
        packable: false,
        packedElementSize: 1,
        write(writer, value) {
          if (!(value instanceof Uint8Array)) throw mismatch('bytes (Buffer or Uint8Array)', value);
          writer.bytes(value);
        },
        read: (reader) => reader.bytes(),
        isDefault: (value) => value instanceof Uint8Array && value.length === 0,
        makeDefault: () => EMPTY_BUFFER,
      };
  }
}

function enumCodec(declaration: ProtoEnum): ValueCodec {
  const numbers = new Map<unknown, number>();
  const names = new Map<number, string>();
  for (const value of declaration.values) {
    numbers.set(value.name, value.number);
    if (!names.has(value.number)) names.set(value.number, value.name);
  }
  // proto3's default is the value numbered 0 (its first); a closed proto2 enum's is its first value.
  const defaultName = names.get(0) ?? declaration.values[0]?.name ?? '';
  const allowed = declaration.values.map((value) => value.name);
  return {
    wireType: WIRE_VARINT,
    packable: true,
    packedElementSize: 1,
    write(writer, value) {
      const number = numbers.get(value);
      if (number === undefined) {
        const suggestion = typeof value === 'string' ? closestName(value, allowed) : undefined;
        throw new ValueError(
          `expected a value name of enum ${declaration.fullName}, got ${describeValue(value)}`,
          suggestion ? `Did you mean "${suggestion}"?` : `Use one of ${allowed.map((name) => `"${name}"`).join(', ')}.`,
        );
      }
      writer.int32(number);
    },
    // A number this reader does not know (a newer writer's value) reads as the default, as for a closed enum.
    read: (reader) => names.get(reader.int32()) ?? defaultName,
    isDefault: (value) => value === defaultName,
    makeDefault: () => defaultName,
  };
}

/** `google.protobuf.NullValue`: the only value is `null`, on the wire the number 0. */
const nullValueCodec: ValueCodec = {
  wireType: WIRE_VARINT,
  packable: true,
  packedElementSize: 1,
  write(writer, value) {
    if (value !== null) throw mismatch('null (google.protobuf.NullValue)', value);
    writer.uint32(0);
  },
  read(reader) {
    reader.uint32();
    return null;
  },
  isDefault: (value) => value === null,
  makeDefault: () => null,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value) && !(value instanceof Map);
}

function countKeys(value: object): number {
  let count = 0;
  for (const key in value) if (key !== undefined) count++;
  return count;
}

/** Sets `key` on a plain object, including the key `__proto__` (which plain assignment would not store). */
function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

type PropertyWriter = (writer: ProtoWriter, value: unknown) => void;
type FieldReader = (reader: ProtoReader, wireType: number, target: Record<string, unknown>) => void;

/** One property of a message's value: a field, or a oneof standing for its members. */
interface PropertyPlan {
  name: string;
  required: boolean;
  write: PropertyWriter;
}

const NO_CASE = Object.freeze({ case: undefined });

function wireTypeMismatch(field: string, wireType: number, expected: number): ProtoWireError {
  return new ProtoWireError(`field "${field}" arrived with wire type ${wireType}, its type has wire type ${expected}`);
}

type TemplateCopy = (template: Record<string, unknown>) => Record<string, unknown>;

/**
 * The same object spread, written at sixteen source locations. V8 learns the shapes an object spread copies per
 * source location; a single location shared by every message type of the process soon sees more than four
 * shapes and then copies through its generic path, about six times slower (measured: 16 → 106 ns for a read
 * template). Message types take the locations in turn, so up to 64 types keep a location that stays fast.
 */
const TEMPLATE_COPIES: readonly TemplateCopy[] = [
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
  (template) => ({ ...template }),
];
let nextTemplateCopy = 0;

/** Reads and writes the messages of one parsed schema; codecs are built once per message type. */
export class ProtobufCodecs {
  private readonly messages = new Map<string, MessageCodec>();
  private readonly values = new Map<string, ValueCodec>();

  constructor(
    readonly parsed: ParsedProtobufSchema,
    readonly longType: LongType,
  ) {}

  /** The codec of message `fullName` (no leading dot). */
  message(fullName: string): MessageCodec {
    let codec = this.messages.get(fullName);
    if (codec) return codec;
    const entry = this.parsed.types.get(fullName);
    if (!entry || entry.kind !== 'message') throw new Error(`the schema declares no message ${fullName}`);
    codec = new MessageCodec(entry.declaration, entry.file.syntax);
    this.messages.set(fullName, codec);
    // Fields are planned after registration, so recursive messages find themselves.
    codec.plan(this);
    return codec;
  }

  /** The codec of a field's value type. */
  value(type: ProtoValueType): ValueCodec {
    if (type.kind === 'scalar') {
      const key = `scalar:${type.scalar}`;
      let codec = this.values.get(key);
      if (!codec) {
        codec = scalarCodec(type.scalar, this.longType);
        this.values.set(key, codec);
      }
      return codec;
    }
    let codec = this.values.get(type.fullName);
    if (codec) return codec;
    const wellKnown = this.wellKnown(type.fullName);
    if (wellKnown) codec = wellKnown;
    else {
      const entry = this.parsed.types.get(type.fullName);
      if (!entry) throw new Error(`the schema declares no type ${type.fullName}`);
      codec = entry.kind === 'enum' ? enumCodec(entry.declaration) : this.message(type.fullName);
    }
    this.values.set(type.fullName, codec);
    return codec;
  }

  private wellKnown(fullName: string): ValueCodec | undefined {
    const scalar = PROTO_WRAPPER_SCALARS[fullName];
    if (scalar) return wrapperCodec(this.value({ kind: 'scalar', scalar }));
    switch (fullName) {
      case 'google.protobuf.Timestamp':
        return timestampCodec;
      case 'google.protobuf.NullValue':
        return nullValueCodec;
      case 'google.protobuf.Value':
        return jsonValueCodec;
      case 'google.protobuf.Struct':
        return structCodec;
      case 'google.protobuf.ListValue':
        return listValueCodec;
      case 'confluent.type.Decimal':
        return decimalMessageCodec;
      default:
        return undefined;
    }
  }
}

/** A message type: its properties for encoding, its fields by number for decoding. */
export class MessageCodec implements ValueCodec {
  readonly wireType = WIRE_LENGTH_DELIMITED;
  readonly packable = false;
  readonly packedElementSize = 1;
  readonly fullName: string;
  private properties: PropertyPlan[] = [];
  private propertyNames = new Set<string>();
  private readers: Array<FieldReader | undefined> = [];
  private sparseReaders = new Map<number, FieldReader>();
  private requiredNames: string[] = [];
  /**
   * Read shape of an empty message, with every property in declaration order: defaults of fields without
   * presence, `undefined` for absent fields with presence, `{ case: undefined }` for oneofs, placeholders for
   * repeated and map fields. Decoding then only overwrites existing properties, which keeps one hidden class
   * per message type (adding properties field by field made decoding several times slower).
   */
  private template: Record<string, unknown> = {};
  /** Repeated and map fields, which need a fresh array or object per decoded message. */
  private collections: Array<{ name: string; map: boolean }> = [];
  /** This type's copy of {@link TEMPLATE_COPIES}. */
  private readonly copyTemplate: TemplateCopy = TEMPLATE_COPIES[nextTemplateCopy++ % TEMPLATE_COPIES.length]!;

  constructor(
    private readonly declaration: ProtoMessage,
    private readonly syntax: 'proto2' | 'proto3',
  ) {
    this.fullName = declaration.fullName;
  }

  /** Builds the property writers and field readers (second phase of construction). */
  plan(codecs: ProtobufCodecs): void {
    const message = this.declaration;
    const fields: Array<{ field: ProtoField; group?: MessageCodec }> = message.fields.map((field) => ({ field }));
    for (const group of message.groups) {
      const groupCodec = new MessageCodec(group.message, this.syntax);
      groupCodec.plan(codecs);
      fields.push({
        field: groupAsField(group),
        group: groupCodec,
      });
    }
    fields.sort((a, b) => a.field.number - b.field.number);
    const oneofs = new Map(message.oneofs.map((oneof) => [oneof.name, { oneof, members: new Map<string, PropertyWriter>(), first: Infinity }]));
    const properties: Array<PropertyPlan & { order: number }> = [];
    let maxNumber = 0;
    for (const { field, group } of fields) {
      maxNumber = Math.max(maxNumber, field.number);
      const oneof = field.oneof === undefined ? undefined : oneofs.get(field.oneof);
      const reader = this.fieldReader(codecs, field, group, oneof?.oneof.name);
      if (field.number < 4096) this.readers[field.number] = reader;
      else this.sparseReaders.set(field.number, reader);
      if (oneof) {
        oneof.members.set(field.name, this.memberWriter(codecs, field, group));
        oneof.first = Math.min(oneof.first, field.number);
        continue;
      }
      properties.push({ name: field.name, required: field.label === 'required', write: this.fieldWriter(codecs, field, group), order: field.number });
      if (field.label === 'required') this.requiredNames.push(field.name);
      const repeated = field.label === 'repeated';
      if (repeated || field.type.kind === 'map') this.collections.push({ name: field.name, map: !repeated });
    }
    for (const { oneof, members, first } of oneofs.values()) {
      properties.push({ name: oneof.name, required: false, write: oneofWriter(oneof.name, members), order: first });
    }
    // The template in declaration order (the order of the properties in generated types).
    const declared = new Map(fields.map(({ field, group }) => [field.number, { field, group }]));
    const placed = new Set<string>();
    for (const { field, group } of [...message.fields.map((field) => declared.get(field.number)!), ...fields.filter((entry) => entry.group)]) {
      const name = field.oneof !== undefined && oneofs.has(field.oneof) ? field.oneof : field.name;
      if (placed.has(name)) continue;
      placed.add(name);
      if (name !== field.name) this.template[name] = NO_CASE;
      else if (field.label === 'repeated' || field.type.kind === 'map') this.template[name] = null;
      else this.template[name] = this.hasPresence(field, group) ? undefined : codecs.value(field.type as ProtoValueType).makeDefault();
    }
    properties.sort((a, b) => a.order - b.order);
    this.properties = properties.map(({ name, required, write }) => ({ name, required, write }));
    this.propertyNames = new Set(this.properties.map((property) => property.name));
    this.readers.length = Math.min(maxNumber + 1, 4096);
  }

  /** Fields that are absent (not defaulted) when not on the wire: messages, groups, proto3 `optional`, proto2 non-repeated. */
  private hasPresence(field: ProtoField, group: MessageCodec | undefined): boolean {
    if (group || field.proto3Optional || field.label === 'required' || field.label === 'optional') return true;
    if (this.syntax === 'proto2') return true;
    return field.type.kind === 'named' && field.type.target === 'message';
  }

  private isPacked(field: ProtoField): boolean {
    const option = field.options.find((o) => o.name === 'packed');
    if (option) return option.value === true;
    return this.syntax === 'proto3';
  }

  /** Writes a field with its tag, for a value known to be neither undefined nor null. */
  private fieldWriter(codecs: ProtobufCodecs, field: ProtoField, group: MessageCodec | undefined): PropertyWriter {
    const number = field.number;
    if (group) {
      const start = (number << 3) | WIRE_START_GROUP;
      const end = (number << 3) | WIRE_END_GROUP;
      const writeOne = (writer: ProtoWriter, value: unknown) => {
        writer.uint32(start);
        group.encodeContent(writer, value);
        writer.uint32(end);
      };
      return field.label === 'repeated' ? repeatedWriter(writeOne) : writeOne;
    }
    if (field.type.kind === 'map') return mapWriter(number, codecs.value({ kind: 'scalar', scalar: field.type.key }), field.type.key, codecs.value(field.type.value));
    const codec = codecs.value(field.type);
    if (field.label === 'repeated') {
      if (codec.packable && this.isPacked(field)) return packedWriter(number, codec);
      const tag = (number << 3) | codec.wireType;
      return repeatedWriter((writer, value) => {
        writer.uint32(tag);
        codec.write(writer, value);
      });
    }
    const tag = (number << 3) | codec.wireType;
    if (this.hasPresence(field, group)) {
      return (writer, value) => {
        writer.uint32(tag);
        codec.write(writer, value);
      };
    }
    return (writer, value) => {
      if (codec.isDefault(value)) return;
      writer.uint32(tag);
      codec.write(writer, value);
    };
  }

  /** A oneof member is written whenever it is the set case, default value or not. */
  private memberWriter(codecs: ProtobufCodecs, field: ProtoField, group: MessageCodec | undefined): PropertyWriter {
    if (group) {
      const start = (field.number << 3) | WIRE_START_GROUP;
      const end = (field.number << 3) | WIRE_END_GROUP;
      return (writer, value) => {
        writer.uint32(start);
        group.encodeContent(writer, value);
        writer.uint32(end);
      };
    }
    const codec = codecs.value(field.type as ProtoValueType);
    const tag = (field.number << 3) | codec.wireType;
    return (writer, value) => {
      writer.uint32(tag);
      codec.write(writer, value);
    };
  }

  private fieldReader(codecs: ProtobufCodecs, field: ProtoField, group: MessageCodec | undefined, oneof: string | undefined): FieldReader {
    const name = field.name;
    const number = field.number;
    if (group) {
      const readGroup = (reader: ProtoReader, wireType: number): unknown => {
        if (wireType !== WIRE_START_GROUP) throw wireTypeMismatch(name, wireType, WIRE_START_GROUP);
        return group.decodeGroup(reader, number);
      };
      if (oneof !== undefined) return (reader, wireType, target) => void (target[oneof] = { case: name, value: readGroup(reader, wireType) });
      if (field.label === 'repeated') return (reader, wireType, target) => void (target[name] as unknown[]).push(readGroup(reader, wireType));
      return (reader, wireType, target) => void (target[name] = readGroup(reader, wireType));
    }
    if (field.type.kind === 'map') return mapReader(name, codecs.value({ kind: 'scalar', scalar: field.type.key }), codecs.value(field.type.value));
    const codec = codecs.value(field.type);
    const expected = codec.wireType;
    if (field.label === 'repeated') {
      return (reader, wireType, target) => {
        const list = target[name] as unknown[];
        if (wireType === expected) list.push(codec.read(reader));
        else if (wireType === WIRE_LENGTH_DELIMITED && codec.packable) {
          const end = reader.lengthDelimitedEnd();
          while (reader.pos < end) list.push(codec.read(reader));
          if (reader.pos !== end) throw new ProtoWireError(`the packed values of field "${name}" overrun their length`);
        } else throw wireTypeMismatch(name, wireType, expected);
      };
    }
    if (oneof !== undefined) {
      return (reader, wireType, target) => {
        if (wireType !== expected) throw wireTypeMismatch(name, wireType, expected);
        target[oneof] = { case: name, value: codec.read(reader) };
      };
    }
    // The commonest singular scalars read straight from the reader: one call site per kind stays monomorphic.
    if (field.type.kind === 'scalar') {
      switch (field.type.scalar) {
        case 'string':
          return (reader, wireType, target) => {
            if (wireType !== WIRE_LENGTH_DELIMITED) throw wireTypeMismatch(name, wireType, WIRE_LENGTH_DELIMITED);
            target[name] = reader.string();
          };
        case 'int32':
          return (reader, wireType, target) => {
            if (wireType !== WIRE_VARINT) throw wireTypeMismatch(name, wireType, WIRE_VARINT);
            target[name] = reader.int32();
          };
        case 'bool':
          return (reader, wireType, target) => {
            if (wireType !== WIRE_VARINT) throw wireTypeMismatch(name, wireType, WIRE_VARINT);
            target[name] = reader.bool();
          };
        default:
          break;
      }
    }
    if (codec instanceof MessageCodec) {
      return (reader, wireType, target) => {
        if (wireType !== WIRE_LENGTH_DELIMITED) throw wireTypeMismatch(name, wireType, WIRE_LENGTH_DELIMITED);
        target[name] = codec.decodeContent(reader, reader.lengthDelimitedEnd());
      };
    }
    return (reader, wireType, target) => {
      if (wireType !== expected) throw wireTypeMismatch(name, wireType, expected);
      target[name] = codec.read(reader);
    };
  }

  write(writer: ProtoWriter, value: unknown): void {
    const start = writer.beginLengthDelimited();
    this.encodeContent(writer, value);
    writer.endLengthDelimited(start);
  }

  /** Writes the fields of `value` (no tag, no length). */
  encodeContent(writer: ProtoWriter, value: unknown): void {
    if (!isPlainObject(value)) throw mismatch(`an object (message ${this.fullName})`, value);
    const properties = this.properties;
    let present = 0;
    let index = 0;
    try {
      for (; index < properties.length; index++) {
        const property = properties[index]!;
        const propertyValue = value[property.name];
        if (propertyValue === undefined || propertyValue === null) {
          if (propertyValue === null) present++;
          if (property.required) throw new ValueError(`required field "${property.name}" of ${this.fullName} is missing`, 'proto2 `required` fields must always be set.');
          continue;
        }
        present++;
        property.write(writer, propertyValue);
      }
    } catch (error) {
      if (error instanceof ValueError) throw error.at(properties[index]!.name);
      throw error;
    }
    if (present !== countKeys(value)) this.rejectUnknownProperties(value);
  }

  private rejectUnknownProperties(value: Record<string, unknown>): void {
    for (const key in value) {
      if (this.propertyNames.has(key)) continue;
      const suggestion = closestName(key, this.propertyNames);
      throw new ValueError(
        `message ${this.fullName} has no field "${key}"`,
        suggestion ? `Did you mean "${suggestion}"?` : `Its fields are ${[...this.propertyNames].map((name) => `"${name}"`).join(', ') || '(none)'}.`,
      ).at(key);
    }
  }

  read(reader: ProtoReader): unknown {
    const end = reader.lengthDelimitedEnd();
    const value = this.decodeContent(reader, end);
    return value;
  }

  isDefault(): boolean {
    return false;
  }

  makeDefault(): unknown {
    return this.newValue();
  }

  private newValue(): Record<string, unknown> {
    const value = this.copyTemplate(this.template);
    for (const collection of this.collections) value[collection.name] = collection.map ? {} : [];
    return value;
  }

  private readerFor(number: number): FieldReader | undefined {
    return number < 4096 ? this.readers[number] : this.sparseReaders.get(number);
  }

  /** Reads fields up to `end` (the message's length-delimited end). */
  decodeContent(reader: ProtoReader, end: number): Record<string, unknown> {
    const value = this.newValue();
    const readers = this.readers;
    while (reader.pos < end) {
      const tag = reader.uint32();
      const number = tag >>> 3;
      if (number === 0) throw new ProtoWireError(`invalid field number 0 in ${this.fullName}`);
      const read = number < readers.length ? readers[number] : this.sparseReaders.get(number);
      if (read === undefined) reader.skip(tag & 7, number);
      else read(reader, tag & 7, value);
    }
    if (reader.pos !== end) throw new ProtoWireError(`a field of ${this.fullName} overruns the message's length`);
    this.checkRequired(value);
    return value;
  }

  /** Reads a proto2 group's fields up to its end-group tag. */
  decodeGroup(reader: ProtoReader, groupNumber: number): Record<string, unknown> {
    const value = this.newValue();
    for (;;) {
      const tag = reader.uint32();
      const number = tag >>> 3;
      const wireType = tag & 7;
      if (wireType === WIRE_END_GROUP) {
        if (number !== groupNumber) throw new ProtoWireError(`group ${this.fullName} ends with the end tag of field ${number}`);
        break;
      }
      const read = this.readerFor(number);
      if (read === undefined) reader.skip(wireType, number);
      else read(reader, wireType, value);
    }
    this.checkRequired(value);
    return value;
  }

  private checkRequired(value: Record<string, unknown>): void {
    for (const name of this.requiredNames) {
      if (value[name] === undefined) throw new ProtoWireError(`required field "${name}" of ${this.fullName} is missing`);
    }
  }

  /** Decodes a whole payload (bytes `start` to `end` of `buffer`) as this message. */
  decode(buffer: Buffer, start: number, end = buffer.length): Record<string, unknown> {
    return this.decodeContent(new ProtoReader(buffer, start, end), end);
  }
}

function repeatedWriter(writeOne: PropertyWriter): PropertyWriter {
  return (writer, value) => {
    if (!Array.isArray(value)) throw mismatch('an array', value);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined || item === null) throw new ValueError(`expected a value, got ${describeValue(item)}`).at(i);
      try {
        writeOne(writer, item);
      } catch (error) {
        throw error instanceof ValueError ? error.at(i) : error;
      }
    }
  };
}

function packedWriter(number: number, codec: ValueCodec): PropertyWriter {
  const tag = (number << 3) | WIRE_LENGTH_DELIMITED;
  return (writer, value) => {
    if (!Array.isArray(value)) throw mismatch('an array', value);
    if (value.length === 0) return;
    writer.uint32(tag);
    const reserved = varint32Size(value.length * codec.packedElementSize);
    const start = writer.beginLengthDelimited(reserved);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      try {
        if (item === undefined) throw new ValueError('expected a value, got undefined');
        codec.write(writer, item);
      } catch (error) {
        throw error instanceof ValueError ? error.at(i) : error;
      }
    }
    writer.endLengthDelimited(start, reserved);
  };
}

/** Map keys are object keys, so strings; integer and boolean keys are their text. */
function mapKeyValue(key: string, scalar: ProtoScalar): unknown {
  switch (scalar) {
    case 'string':
      return key;
    case 'bool':
      if (key === 'true' || key === 'false') return key === 'true';
      throw new ValueError(`a map<bool, …> key must be "true" or "false", got ${JSON.stringify(key)}`);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      if (/^-?\d+$/.test(key)) return BigInt(key);
      throw new ValueError(`a map<${scalar}, …> key must be an integer's text, got ${JSON.stringify(key)}`);
    default:
      if (/^-?\d+$/.test(key)) return Number(key);
      throw new ValueError(`a map<${scalar}, …> key must be an integer's text, got ${JSON.stringify(key)}`);
  }
}

function mapWriter(number: number, keyCodec: ValueCodec, keyScalar: ProtoScalar, valueCodec: ValueCodec): PropertyWriter {
  const tag = (number << 3) | WIRE_LENGTH_DELIMITED;
  const keyTag = (1 << 3) | keyCodec.wireType;
  const valueTag = (2 << 3) | valueCodec.wireType;
  return (writer, value) => {
    if (!isPlainObject(value)) throw mismatch('an object (a map)', value);
    for (const key in value) {
      const entry = value[key];
      try {
        if (entry === undefined || entry === null) throw new ValueError(`expected a map value, got ${describeValue(entry)}`);
        writer.uint32(tag);
        const start = writer.beginLengthDelimited();
        writer.uint32(keyTag);
        keyCodec.write(writer, mapKeyValue(key, keyScalar));
        writer.uint32(valueTag);
        valueCodec.write(writer, entry);
        writer.endLengthDelimited(start);
      } catch (error) {
        throw error instanceof ValueError ? error.at(key) : error;
      }
    }
  };
}

function mapReader(name: string, keyCodec: ValueCodec, valueCodec: ValueCodec): FieldReader {
  return (reader, wireType, target) => {
    if (wireType !== WIRE_LENGTH_DELIMITED) throw wireTypeMismatch(name, wireType, WIRE_LENGTH_DELIMITED);
    const end = reader.lengthDelimitedEnd();
    let key: unknown = keyCodec.makeDefault();
    let entry: unknown;
    while (reader.pos < end) {
      const tag = reader.uint32();
      const number = tag >>> 3;
      const entryWireType = tag & 7;
      if (number === 1 && entryWireType === keyCodec.wireType) key = keyCodec.read(reader);
      else if (number === 2 && entryWireType === valueCodec.wireType) entry = valueCodec.read(reader);
      else reader.skip(entryWireType, number);
    }
    if (reader.pos !== end) throw new ProtoWireError(`an entry of map field "${name}" overruns its length`);
    setEntry(target[name] as Record<string, unknown>, String(key), entry === undefined ? valueCodec.makeDefault() : entry);
  };
}

function oneofWriter(name: string, members: ReadonlyMap<string, PropertyWriter>): PropertyWriter {
  const cases = [...members.keys()];
  return (writer, value) => {
    if (!isPlainObject(value)) throw mismatch(`{ case, value } for oneof "${name}"`, value);
    const selected = value.case;
    if (selected === undefined) return;
    const write = typeof selected === 'string' ? members.get(selected) : undefined;
    if (!write) {
      const suggestion = typeof selected === 'string' ? closestName(selected, cases) : undefined;
      throw new ValueError(
        `oneof "${name}" has no case ${describeValue(selected)}`,
        suggestion ? `Did you mean "${suggestion}"?` : `Its cases are ${cases.map((c) => `"${c}"`).join(', ')}, or undefined for none.`,
      ).at('case');
    }
    const member = value.value;
    if (member === undefined || member === null) throw new ValueError(`case "${selected}" of oneof "${name}" needs a value, got ${describeValue(member)}`).at('value');
    try {
      write(writer, member);
    } catch (error) {
      throw error instanceof ValueError ? error.at('value') : error;
    }
  };
}

// ---- well-known types ------------------------------------------------------------------------------

/** Reads a message's fields with `onField` until its end; `onField` returns false for fields it skips. */
function readFields(reader: ProtoReader, onField: (number: number, wireType: number) => boolean): void {
  const end = reader.lengthDelimitedEnd();
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (!onField(tag >>> 3, tag & 7)) reader.skip(tag & 7, tag >>> 3);
  }
  if (reader.pos !== end) throw new ProtoWireError('a field overruns its message');
}

/** `google.protobuf.Timestamp` ↔ `Date` (millisecond precision, as `Date` has). */
const timestampCodec: ValueCodec = {
  wireType: WIRE_LENGTH_DELIMITED,
  packable: false,
  packedElementSize: 1,
  write(writer, value) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw mismatch('a valid Date (google.protobuf.Timestamp)', value);
    const millis = value.getTime();
    const seconds = Math.floor(millis / 1000);
    const nanos = (millis - seconds * 1000) * 1_000_000;
    const start = writer.beginLengthDelimited();
    if (seconds !== 0) {
      writer.uint32(8);
      splitNumber(seconds, halves);
      writer.varint64(halves.lo, halves.hi);
    }
    if (nanos !== 0) {
      writer.uint32(16);
      writer.int32(nanos);
    }
    writer.endLengthDelimited(start);
  },
  read(reader) {
    let seconds = 0;
    let nanos = 0;
    readFields(reader, (number, wireType) => {
      if (number === 1 && wireType === WIRE_VARINT) {
        reader.varint64();
        const value = halvesToNumber(reader.lo, reader.hi, true);
        if (value === undefined) throw new ValueError('a google.protobuf.Timestamp is out of the range a Date holds');
        seconds = value;
        return true;
      }
      if (number === 2 && wireType === WIRE_VARINT) {
        nanos = reader.int32();
        return true;
      }
      return false;
    });
    return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
  },
  isDefault: () => false,
  makeDefault: () => new Date(0),
};

/** The wrappers (`google.protobuf.Int32Value`, …) ↔ the wrapped value. */
function wrapperCodec(inner: ValueCodec): ValueCodec {
  const tag = (1 << 3) | inner.wireType;
  return {
    wireType: WIRE_LENGTH_DELIMITED,
    packable: false,
    packedElementSize: 1,
    write(writer, value) {
      const start = writer.beginLengthDelimited();
      if (!inner.isDefault(value)) {
        writer.uint32(tag);
        inner.write(writer, value);
      }
      writer.endLengthDelimited(start);
    },
    read(reader) {
      let value = inner.makeDefault();
      readFields(reader, (number, wireType) => {
        if (number !== 1 || wireType !== inner.wireType) return false;
        value = inner.read(reader);
        return true;
      });
      return value;
    },
    isDefault: () => false,
    makeDefault: () => inner.makeDefault(),
  };
}

/** `google.protobuf.Value` ↔ any JSON value. */
const jsonValueCodec: ValueCodec = {
  wireType: WIRE_LENGTH_DELIMITED,
  packable: false,
  packedElementSize: 1,
  write(writer, value) {
    const start = writer.beginLengthDelimited();
    if (value === null) {
      writer.uint32(8);
      writer.uint32(0);
    } else if (typeof value === 'number') {
      writer.uint32(17);
      writer.double(value);
    } else if (typeof value === 'string') {
      writer.uint32(26);
      writer.string(value);
    } else if (typeof value === 'boolean') {
      writer.uint32(32);
      writer.bool(value);
    } else if (Array.isArray(value)) {
      writer.uint32(50);
      listValueCodec.write(writer, value);
    } else if (isPlainObject(value)) {
      writer.uint32(42);
      structCodec.write(writer, value);
    } else throw mismatch('a JSON value (google.protobuf.Value)', value);
    writer.endLengthDelimited(start);
  },
  read(reader) {
    let value: unknown = null;
    readFields(reader, (number, wireType) => {
      if (number === 1 && wireType === WIRE_VARINT) {
        reader.uint32();
        value = null;
      } else if (number === 2 && wireType === WIRE_FIXED64) value = reader.double();
      else if (number === 3 && wireType === WIRE_LENGTH_DELIMITED) value = reader.string();
      else if (number === 4 && wireType === WIRE_VARINT) value = reader.bool();
      else if (number === 5 && wireType === WIRE_LENGTH_DELIMITED) value = structCodec.read(reader);
      else if (number === 6 && wireType === WIRE_LENGTH_DELIMITED) value = listValueCodec.read(reader);
      else return false;
      return true;
    });
    return value;
  },
  isDefault: () => false,
  makeDefault: () => null,
};

/** `google.protobuf.Struct` ↔ a JSON object. */
const structCodec: ValueCodec = {
  wireType: WIRE_LENGTH_DELIMITED,
  packable: false,
  packedElementSize: 1,
  write(writer, value) {
    if (!isPlainObject(value)) throw mismatch('a JSON object (google.protobuf.Struct)', value);
    const start = writer.beginLengthDelimited();
    for (const key in value) {
      const entry = value[key];
      if (entry === undefined) continue;
      writer.uint32(10);
      const entryStart = writer.beginLengthDelimited();
      writer.uint32(10);
      writer.string(key);
      writer.uint32(18);
      try {
        jsonValueCodec.write(writer, entry);
      } catch (error) {
        throw error instanceof ValueError ? error.at(key) : error;
      }
      writer.endLengthDelimited(entryStart);
    }
    writer.endLengthDelimited(start);
  },
  read(reader) {
    const value: Record<string, unknown> = {};
    readFields(reader, (number, wireType) => {
      if (number !== 1 || wireType !== WIRE_LENGTH_DELIMITED) return false;
      let key = '';
      let entry: unknown = null;
      readFields(reader, (entryNumber, entryWireType) => {
        if (entryNumber === 1 && entryWireType === WIRE_LENGTH_DELIMITED) key = reader.string();
        else if (entryNumber === 2 && entryWireType === WIRE_LENGTH_DELIMITED) entry = jsonValueCodec.read(reader);
        else return false;
        return true;
      });
      setEntry(value, key, entry);
      return true;
    });
    return value;
  },
  isDefault: () => false,
  makeDefault: () => ({}),
};

/** `google.protobuf.ListValue` ↔ a JSON array. */
const listValueCodec: ValueCodec = {
  wireType: WIRE_LENGTH_DELIMITED,
  packable: false,
  packedElementSize: 1,
  write(writer, value) {
    if (!Array.isArray(value)) throw mismatch('a JSON array (google.protobuf.ListValue)', value);
    const start = writer.beginLengthDelimited();
    for (let i = 0; i < value.length; i++) {
      writer.uint32(10);
      try {
        jsonValueCodec.write(writer, value[i] === undefined ? null : value[i]);
      } catch (error) {
        throw error instanceof ValueError ? error.at(i) : error;
      }
    }
    writer.endLengthDelimited(start);
  },
  read(reader) {
    const value: unknown[] = [];
    readFields(reader, (number, wireType) => {
      if (number !== 1 || wireType !== WIRE_LENGTH_DELIMITED) return false;
      value.push(jsonValueCodec.read(reader));
      return true;
    });
    return value;
  },
  isDefault: () => false,
  makeDefault: () => [],
};

/** `confluent.type.Decimal` (`bytes value = 1; uint32 precision = 2; int32 scale = 3;`) ↔ decimal text. */
const decimalMessageCodec: ValueCodec = {
  wireType: WIRE_LENGTH_DELIMITED,
  packable: false,
  packedElementSize: 1,
  write(writer, value) {
    const decimal = parseDecimal(value);
    const start = writer.beginLengthDelimited();
    // Java's BigInteger.toByteArray, which Confluent's DecimalUtils writes: at least one byte, even for 0.
    writer.uint32(10);
    writer.bytes(toTwosComplement(decimal.unscaled));
    writer.uint32(16);
    writer.uint32(decimal.precision);
    if (decimal.scale !== 0) {
      writer.uint32(24);
      writer.int32(decimal.scale);
    }
    writer.endLengthDelimited(start);
  },
  read(reader) {
    let unscaled = 0n;
    let scale = 0;
    readFields(reader, (number, wireType) => {
      if (number === 1 && wireType === WIRE_LENGTH_DELIMITED) unscaled = fromTwosComplement(reader.bytes());
      else if (number === 3 && wireType === WIRE_VARINT) scale = reader.int32();
      else return false;
      return true;
    });
    return formatDecimal(unscaled, scale);
  },
  isDefault: () => false,
  makeDefault: () => '0',
};
