/**
 * Avro serialization of one schema version with avsc: values in kontract's generated shape, framed in
 * Confluent's wire format in a single buffer, and readers for data written with other versions through
 * avsc's schema resolution.
 */
import avro from 'avsc';
import type { ParsedAvroSchema } from '../../schema/avro-model.js';
import type { LongType } from '../long-type.js';
import { slabStart, slabWithRoom, takeFromSlab } from '../slab.js';
import { ValueError, closestName, describeValue } from '../value-error.js';
import { HEADER_BYTES, writeFrame } from '../wire.js';
import { type UndeclaredFieldCheck, undeclaredFieldCheck } from './fields.js';
import { avscTypeOf } from './type.js';

/** Reads an Avro payload (after the frame) into a value. */
export type AvroPayloadReader = (data: Buffer, offset: number) => unknown;

export class AvroSerde {
  readonly type: avro.Type;
  private readonly undeclared: UndeclaredFieldCheck | undefined;

  constructor(
    readonly parsed: ParsedAvroSchema,
    readonly longType: LongType,
  ) {
    this.type = avscTypeOf(parsed, longType);
    this.undeclared = undeclaredFieldCheck(this.type);
  }

  /** `value` framed with `schemaId`, in one buffer of exactly its size. Throws {@link ValueError} when it does not fit the schema. */
  encode(value: unknown, schemaId: number): Buffer {
    let start: number;
    let end: number;
    try {
      // Written straight into the shared output slab (see slab.ts): no allocation and no copy of its own.
      let needed = HEADER_BYTES;
      for (;;) {
        const target = slabWithRoom(needed);
        start = slabStart();
        end = this.type.encode(value, target, writeFrame(target, schemaId, undefined, start));
        if (end >= 0) break;
        // avsc returns minus the number of bytes that did not fit: room for all of them next time.
        needed = target.length - end - start;
      }
    } catch (error) {
      throw this.explain(value, error);
    }
    if (this.undeclared) {
      const path = this.undeclared(value);
      if (path) throw this.undeclaredError(value, path);
    }
    return takeFromSlab(start, end);
  }

  /**
   * A reader for payloads written with `writer` (this schema itself when it is the same schema). A writer that
   * is the same schema in other words (other text, reference order, whitespace) is read without avsc's slower
   * resolver. Strict equality, logical types and their attributes included: a writer in timestamp-micros or
   * with another decimal scale writes the same bytes but means other values, which only the resolver converts.
   */
  readerFor(writer: AvroSerde | undefined): AvroPayloadReader {
    const type = this.type;
    const resolver = writer === undefined || this.sameSchemaAs(writer) ? undefined : type.createResolver(writer.type);
    return (data, offset) => {
      let result: { value: unknown; offset: number };
      try {
        result = type.decode(data, offset, resolver);
      } catch (error) {
        throw decodeFailure(error);
      }
      if (result.offset < 0) throw new ValueError('the Avro payload ends in the middle of a value');
      if (result.offset !== data.length) throw new ValueError(`${data.length - result.offset} byte(s) follow the Avro value`);
      return result.value;
    };
  }

  /**
   * True when `other` is this schema, perhaps in other words (other text, reference order, whitespace): strict
   * equality, logical types and their attributes included (see {@link readerFor}).
   */
  sameSchemaAs(other: AvroSerde): boolean {
    return other === this || strictlyEqual(other.type, this.type);
  }

  /** The first problem avsc finds in `value`, with its path; otherwise the error avsc threw. */
  private explain(value: unknown, error: unknown): unknown {
    if (error instanceof ValueError) {
      // Thrown by a logical type while writing: locate it with the validity check, keeping its message.
      const located = this.firstInvalid(value);
      if (located) for (const segment of [...located.path].reverse()) error.at(segment);
      return error;
    }
    const located = this.firstInvalid(value);
    if (!located) return new ValueError(`avsc cannot write the value: ${error instanceof Error ? error.message : String(error)}`);
    const problem = new ValueError(located.message, located.hint);
    for (const segment of [...located.path].reverse()) problem.at(segment);
    return problem;
  }

  private firstInvalid(value: unknown): { path: Array<string | number>; message: string; hint?: string } | undefined {
    let found: { path: Array<string | number>; message: string; hint?: string } | undefined;
    this.type.isValid(value, {
      errorHook: (path: string[], invalid: unknown, type: avro.Type) => {
        if (found) return;
        // avsc gives array indexes as strings; a pointer reads the same either way, numbers say what they are.
        const segments = path.map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
        const last = segments[segments.length - 1];
        found =
          invalid === undefined && typeof last === 'string'
            ? { path: segments, message: `required field "${last}" is missing`, hint: 'Set the field; only fields with a default in the schema may be left out.' }
            : { path: segments, ...describeMismatch(invalid, type) };
      },
    });
    return found;
  }

  private undeclaredError(value: unknown, path: Array<string | number>): ValueError {
    const field = String(path[path.length - 1]);
    const parentPath = path.slice(0, -1);
    const record = recordAt(this.type, value, parentPath);
    const names = record ? record.fields.map((f) => f.name) : [];
    const suggestion = closestName(field, names);
    const error = new ValueError(
      `record ${record?.name ?? ''} has no field "${field}"`.replace('  ', ' '),
      suggestion ? `Did you mean "${suggestion}"?` : names.length > 0 ? `Its fields are ${names.map((n) => `"${n}"`).join(', ')}.` : undefined,
    );
    for (const segment of [...path].reverse()) error.at(segment);
    return error;
  }
}

/** avsc's strict type equality (same schema with every attribute); its typings omit the options. */
function strictlyEqual(a: avro.Type, b: avro.Type): boolean {
  return (a as unknown as { equals(other: avro.Type, options: { strict: boolean }): boolean }).equals(b, { strict: true });
}

/** The record type of the value at `path` inside `value` of `type`, following records, arrays, maps and unions. */
function recordAt(type: avro.Type, value: unknown, path: ReadonlyArray<string | number>): avro.types.RecordType | undefined {
  let current: avro.Type | undefined = type;
  let currentValue = value;
  const next = (segment: string | number) => {
    currentValue = (currentValue as Record<string | number, unknown>)[segment];
  };
  for (let i = 0; ; i++) {
    if (!current) return undefined;
    if (avro.Type.isType(current, 'union')) {
      current = (current as avro.types.WrappedUnionType).types.find((branch) => avro.Type.isType(branch, 'record', 'error', 'array', 'map') && branch.isValid(currentValue));
      continue;
    }
    if (i > path.length) return undefined;
    if (i === path.length) return avro.Type.isType(current, 'record', 'error') ? (current as avro.types.RecordType) : undefined;
    const segment = path[i]!;
    if (avro.Type.isType(current, 'record', 'error')) current = (current as avro.types.RecordType).field(String(segment))?.type;
    else if (avro.Type.isType(current, 'array')) current = (current as avro.types.ArrayType).itemsType;
    else if (avro.Type.isType(current, 'map')) current = (current as avro.types.MapType).valuesType as avro.Type;
    else return undefined;
    next(segment);
  }
}

function describeMismatch(value: unknown, type: avro.Type): { message: string; hint?: string } {
  const typeName = type.typeName;
  if (typeName.startsWith('logical:')) {
    const logical = typeName.slice('logical:'.length);
    const expected =
      logical === 'decimal' ? 'a decimal as a string (e.g. "12.34") within the precision and scale' : logical === 'date' ? 'a Date at UTC midnight' : 'a valid Date';
    return { message: `expected ${expected} (Avro ${logical}), got ${describeValue(value)}` };
  }
  if (typeName === 'record' || typeName === 'error') {
    const record = type as avro.types.RecordType;
    const missing = typeof value === 'object' && value !== null ? record.fields.find((field) => field.defaultValue() === undefined && (value as Record<string, unknown>)[field.name] === undefined) : undefined;
    if (missing) return { message: `required field "${missing.name}" of record ${record.name ?? ''} is missing`, hint: 'Set the field; only fields with a default in the schema may be left out.' };
    return { message: `expected a record ${record.name ?? ''} (an object), got ${describeValue(value)}` };
  }
  if (typeName === 'enum') {
    const symbols = (type as avro.types.EnumType).symbols;
    const suggestion = typeof value === 'string' ? closestName(value, symbols) : undefined;
    return {
      message: `expected a symbol of enum ${type.name ?? ''}, got ${describeValue(value)}`,
      hint: suggestion ? `Did you mean "${suggestion}"?` : `Use one of ${symbols.map((s) => `"${s}"`).join(', ')}.`,
    };
  }
  if (typeName === 'fixed') return { message: `expected a Buffer of ${(type as avro.types.FixedType).size} bytes, got ${describeValue(value)}` };
  if (typeName.startsWith('union')) return { message: `no branch of the union ${JSON.stringify(type.schema())} accepts ${describeValue(value)}` };
  if (typeName.endsWith('long')) {
    return {
      message: `expected a long (an integer), got ${describeValue(value)}`,
      hint: 'As numbers, Avro longs are integers within ±2^52 (avsc\'s limit); beyond that, generate types with longType "bigint" and pass bigints.',
    };
  }
  const expected: Record<string, string> = {
    null: 'null',
    boolean: 'a boolean',
    int: 'an int (a 32-bit integer)',
    float: 'a float (a number)',
    double: 'a double (a number)',
    bytes: 'bytes (a Buffer)',
    string: 'a string',
    array: 'an array',
    map: 'a map (an object)',
  };
  return { message: `expected ${expected[typeName] ?? typeName}, got ${describeValue(value)}` };
}

function decodeFailure(error: unknown): ValueError {
  if (error instanceof ValueError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('precision loss')) {
    return new ValueError('an Avro long is beyond what a number holds exactly', 'Generate types with "longType": "bigint" and pass longType: \'bigint\' to the codec to read such values.');
  }
  return new ValueError(`the Avro payload is not valid for its schema: ${message}`);
}
