/**
 * Protobuf → TypeScript. Messages become interfaces with the field names exactly as written in the `.proto`
 * (the serializer reads and writes with `keepCase`), nested types are named `Outer_Inner`, enums become
 * string-literal unions of their value names, oneofs a discriminated union property named after the oneof.
 *
 * Read types (what consumers get): scalars, enums, repeated fields, maps and oneofs are always present
 * (proto3 defaults); message fields and fields with explicit presence (proto3 `optional`, proto2 `optional`)
 * are optional. Input types (what producers may write): every property optional, except proto2 `required` fields,
 * and repeated fields `readonly` arrays.
 *
 * Types from another subject (an import that is a schema reference) are imported from that subject's
 * generated version file. The well-known types in {@link protobufWellKnownType} map to plain TypeScript;
 * other built-in types (`google.protobuf.Any`, …) are declared in the file that uses them.
 */
import { KontractError } from '../errors.js';
import type {
  ParsedProtobufSchema,
  ProtoEnum,
  ProtoField,
  ProtoFieldType,
  ProtoMessage,
  ProtoOneof,
  ProtoScalar,
  ProtoTypeEntry,
  ProtoValueType,
} from '../schema/protobuf/model.js';
import { groupAsField } from '../schema/protobuf/model.js';
import { protobufFormat } from '../schema/protobuf.js';
import type { DeclaredType, GeneratedVersion, TypeGeneratorContext, VersionTypes } from './context.js';
import { isUsableTypeName, pascalCase, propertyKey, tsString } from './names.js';
import type { TsFile } from './printer.js';

/** How a well-known Protobuf message is typed (and must be produced and accepted by the serializer). */
export interface ProtobufWellKnownMapping {
  tsType: string;
  description: string;
}

/**
 * The TypeScript type of a well-known type, `undefined` for other types:
 * `google.protobuf.Timestamp` → `Date`; `Duration` → `{ seconds; nanos }`; the wrappers (`Int32Value`,
 * `StringValue`, …) → the wrapped type (fields of message type are optional, so absent is `undefined`);
 * `Struct` → `Record<string, unknown>`; `Value` → `unknown`; `ListValue` → `unknown[]`; `NullValue` → `null`;
 * `Empty` → `Record<string, never>`; `confluent.type.Decimal` → `string`, the exact decimal text.
 */
export function protobufWellKnownType(fullName: string, longType: 'number' | 'bigint'): ProtobufWellKnownMapping | undefined {
  switch (fullName) {
    case 'google.protobuf.Timestamp':
      return { tsType: 'Date', description: 'An instant, as a `Date`.' };
    case 'google.protobuf.Duration':
      return { tsType: `{ seconds: ${longType}; nanos: number }`, description: 'A span of time: whole seconds and nanoseconds.' };
    case 'google.protobuf.DoubleValue':
    case 'google.protobuf.FloatValue':
    case 'google.protobuf.Int32Value':
    case 'google.protobuf.UInt32Value':
      return { tsType: 'number', description: 'A number, or absent.' };
    case 'google.protobuf.Int64Value':
    case 'google.protobuf.UInt64Value':
      return { tsType: longType, description: 'A 64-bit integer, or absent.' };
    case 'google.protobuf.BoolValue':
      return { tsType: 'boolean', description: 'A boolean, or absent.' };
    case 'google.protobuf.StringValue':
      return { tsType: 'string', description: 'A string, or absent.' };
    case 'google.protobuf.BytesValue':
      return { tsType: 'Buffer', description: 'Bytes, or absent.' };
    case 'google.protobuf.Struct':
      return { tsType: 'Record<string, unknown>', description: 'A JSON object.' };
    case 'google.protobuf.Value':
      return { tsType: 'unknown', description: 'Any JSON value.' };
    case 'google.protobuf.ListValue':
      return { tsType: 'unknown[]', description: 'A JSON array.' };
    case 'google.protobuf.NullValue':
      return { tsType: 'null', description: 'JSON null.' };
    case 'google.protobuf.Empty':
      return { tsType: 'Record<string, never>', description: 'An empty message.' };
    case 'confluent.type.Decimal':
      return { tsType: 'string', description: 'An exact decimal number as its text, e.g. `"12.34"`.' };
    default:
      return undefined;
  }
}

function scalarType(scalar: ProtoScalar, longType: 'number' | 'bigint'): string {
  switch (scalar) {
    case 'double':
    case 'float':
    case 'int32':
    case 'uint32':
    case 'sint32':
    case 'fixed32':
    case 'sfixed32':
      return 'number';
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return longType;
    case 'bool':
      return 'boolean';
    case 'string':
      return 'string';
    case 'bytes':
      return 'Buffer';
  }
}

type Mode = 'read' | 'input';

/** A message or enum this file declares: those of the schema itself and the built-in ones it uses. */
type LocalType = { kind: 'message'; node: ProtoMessage } | { kind: 'enum'; node: ProtoEnum };

/** One property of a message interface: a field (or group), or a oneof standing for its members. */
type Property = { kind: 'field'; field: ProtoField } | { kind: 'oneof'; oneof: ProtoOneof; members: ProtoField[] };

export function generateProtobufTypes(context: TypeGeneratorContext): VersionTypes {
  return new ProtobufTypePrinter(context).print();
}

class ProtobufTypePrinter {
  private readonly parsed: ParsedProtobufSchema;
  private readonly file: TsFile;
  private readonly longType: 'number' | 'bigint';
  private readonly local = new Map<string, DeclaredType>();
  private readonly localTypes: LocalType[] = [];

  constructor(private readonly context: TypeGeneratorContext) {
    const { version } = context;
    try {
      this.parsed = protobufFormat.parse({ schema: version.schema, references: version.referenceTexts }, { file: version.file, strict: false });
    } catch (error) {
      if (error instanceof KontractError) throw error.withLocation({ file: version.file });
      throw error;
    }
    this.file = context.file;
    this.longType = context.codegen.longType;
  }

  print(): VersionTypes {
    const rootMessage = this.parsed.file.messages[0];
    if (!rootMessage) {
      throw new KontractError('SCHEMA_INVALID', 'the schema declares no message, so it has no value type', {
        location: { file: this.context.version.file },
        hint: 'Declare the message this subject carries first in the file.',
      });
    }
    this.collectLocalTypes();
    this.allocateNames();
    for (const local of this.localTypes) {
      if (local.kind === 'message') this.printMessage(local.node);
      else this.printEnum(local.node);
    }
    const named = new Map<string, DeclaredType>();
    for (const local of this.localTypes) {
      if (this.entryOf(local.node.fullName).file === this.parsed.file) named.set(local.node.fullName, this.local.get(local.node.fullName)!);
    }
    return { root: this.local.get(rootMessage.fullName)!, recordName: rootMessage.fullName, named };
  }

  /** The schema's own messages and enums (outer before nested, in source order), then the built-in types it uses. */
  private collectLocalTypes(): void {
    const addMessage = (message: ProtoMessage): void => {
      if (message.isMapEntry) return;
      this.localTypes.push({ kind: 'message', node: message });
      for (const nested of message.enums) this.localTypes.push({ kind: 'enum', node: nested });
      for (const nested of message.messages) addMessage(nested);
      for (const group of message.groups) addMessage(group.message);
    };
    for (const message of this.parsed.file.messages) addMessage(message);
    for (const enumType of this.parsed.file.enums) this.localTypes.push({ kind: 'enum', node: enumType });

    // Built-in types without a TypeScript mapping are declared here, with what they use in turn.
    const seen = new Set(this.localTypes.map((t) => t.node.fullName));
    for (let i = 0; i < this.localTypes.length; i++) {
      const local = this.localTypes[i]!;
      if (local.kind !== 'message') continue;
      for (const field of local.node.fields) {
        const named = namedTypeOf(field.type);
        if (!named || seen.has(named.fullName) || protobufWellKnownType(named.fullName, this.longType)) continue;
        const entry = this.entryOf(named.fullName);
        if (entry.file.origin.kind !== 'builtin') continue;
        seen.add(named.fullName);
        this.localTypes.push(entry.kind === 'message' ? { kind: 'message', node: entry.declaration } : { kind: 'enum', node: entry.declaration });
      }
    }
  }

  /** `Outer_Inner` for the schema's own types, the PascalCase full name for built-in ones (`GoogleProtobufAny`). */
  private allocateNames(): void {
    const types = new Map<string, string>();
    for (const local of this.localTypes) {
      const entry = this.entryOf(local.node.fullName);
      let base = entry.file === this.parsed.file ? local.node.localName.replace(/\./g, '_') : pascalCase(local.node.fullName);
      if (!isUsableTypeName(base)) base = `${base}Type`;
      types.set(local.node.fullName, this.file.declareUnique(base));
    }
    for (const local of this.localTypes) {
      const type = types.get(local.node.fullName)!;
      const input = local.kind === 'message' ? this.file.declareUnique(`${type}Input`) : type;
      this.local.set(local.node.fullName, { type, input, inputDiffers: false });
    }
    // Input types differ where a property is required in the read type, or a message inside differs. Fixed point: messages may recurse.
    let changed = true;
    while (changed) {
      changed = false;
      for (const local of this.localTypes) {
        const declared = this.local.get(local.node.fullName)!;
        if (local.kind !== 'message' || declared.inputDiffers) continue;
        const differs = properties(local.node).some((property) =>
          property.kind === 'oneof' ? true : this.isOptionalInInput(property.field) !== this.isOptionalInRead(property.field) || this.typeInputDiffers(property.field.type),
        );
        if (differs) {
          declared.inputDiffers = true;
          changed = true;
        }
      }
    }
  }

  private entryOf(fullName: string): ProtoTypeEntry {
    const entry = this.parsed.types.get(fullName);
    if (!entry) throw new Error(`protobuf model has no type ${fullName}`);
    return entry;
  }

  private typeInputDiffers(type: ProtoFieldType): boolean {
    const named = namedTypeOf(type);
    if (!named || named.target === 'enum' || protobufWellKnownType(named.fullName, this.longType)) return false;
    return this.declaredOf(named.fullName).declared.inputDiffers;
  }

  /** Message fields and fields with explicit presence may be absent when read; everything else has a default. */
  private isOptionalInRead(field: ProtoField): boolean {
    if (field.label === 'repeated' || field.type.kind === 'map') return false;
    if (field.proto3Optional || (field.label === 'optional' && this.parsed.file.syntax === 'proto2')) return true;
    return field.type.kind === 'named' && field.type.target === 'message';
  }

  /** Producers may leave out every field except proto2 `required` ones (serializing without them fails). */
  private isOptionalInInput(field: ProtoField): boolean {
    return field.label !== 'required';
  }

  private declaredOf(fullName: string): { declared: DeclaredType; from?: GeneratedVersion } {
    const local = this.local.get(fullName);
    if (local) return { declared: local };
    const entry = this.entryOf(fullName);
    const from = entry.file.origin.kind === 'reference' ? this.context.referencedVersion(entry.file.name) : undefined;
    const declared = from?.named.get(fullName);
    if (!from || !declared) {
      throw new KontractError('REFERENCE_UNRESOLVED', `the type ${fullName} comes from "${entry.file.name}", which is no reference of this version`, {
        location: { file: this.context.version.file },
        hint: 'Declare the subject that defines it as a reference of this version.',
      });
    }
    return { declared, from };
  }

  private valueType(type: ProtoValueType, mode: Mode): string {
    if (type.kind === 'scalar') return scalarType(type.scalar, this.longType);
    const wellKnown = protobufWellKnownType(type.fullName, this.longType);
    if (wellKnown) return wellKnown.tsType;
    const { declared, from } = this.declaredOf(type.fullName);
    const name = mode === 'input' ? declared.input : declared.type;
    return from ? this.file.importType(name, this.context.importPath(from)) : name;
  }

  private fieldType(field: ProtoField, mode: Mode): string {
    const type = field.type;
    const single = type.kind === 'map' ? `Record<string, ${this.valueType(type.value, mode)}>` : this.valueType(type, mode);
    if (field.label !== 'repeated') return single;
    // Producers may pass readonly arrays; consumers get arrays of their own.
    const array = /[ |]/.test(single) ? `(${single})[]` : `${single}[]`;
    return mode === 'input' ? `readonly ${array}` : array;
  }

  private printMessage(message: ProtoMessage): void {
    const declared = this.local.get(message.fullName)!;
    this.file.doc(message.comment, `Protobuf message \`${message.fullName}\`.`);
    this.printProperties(`export interface ${declared.type}`, message, 'read');
    this.file.line();
    const leftOut = message.fields.some((field) => field.label === 'required') ? 'fields other than required ones may be left out' : 'every field may be left out';
    this.file.doc(`{@link ${declared.type}} as producers may write it${declared.inputDiffers ? `: ${leftOut}` : ''}.`);
    if (declared.inputDiffers) this.printProperties(`export interface ${declared.input}`, message, 'input');
    else this.file.line(`export type ${declared.input} = ${declared.type};`);
    this.file.line();
  }

  private printProperties(head: string, message: ProtoMessage, mode: Mode): void {
    const list = properties(message);
    if (list.length === 0) {
      this.file.line(`${head} {}`);
      return;
    }
    this.file.block(`${head} {`, '}', () => {
      for (const property of list) {
        if (property.kind === 'field') this.printField(property.field, mode);
        else this.printOneof(property.oneof, property.members, mode);
      }
    });
  }

  private printField(field: ProtoField, mode: Mode): void {
    this.file.doc(field.comment, ...this.fieldNotes(field));
    const optional = (mode === 'input' ? this.isOptionalInInput(field) : this.isOptionalInRead(field)) ? '?' : '';
    this.file.line(`${propertyKey(field.name)}${optional}: ${this.fieldType(field, mode)};`);
  }

  private fieldNotes(field: ProtoField): string[] {
    const notes: string[] = [];
    const named = namedTypeOf(field.type);
    const wellKnown = named ? protobufWellKnownType(named.fullName, this.longType) : undefined;
    if (named && wellKnown) notes.push(`${wellKnown.description} (\`${named.fullName}\`.)`);
    if (field.type.kind === 'map' && field.type.key !== 'string') notes.push(`Keys are \`${field.type.key}\` values, as their decimal text.`);
    if (field.options.some((option) => option.name === 'deprecated' && option.value === true)) notes.push('@deprecated');
    const defaultOption = field.options.find((option) => option.name === 'default');
    if (defaultOption) notes.push(`@defaultValue \`${JSON.stringify(defaultOption.value)}\``);
    return notes;
  }

  /** `name: { case: 'a'; value: A } | … | { case: undefined; value?: undefined }`. */
  private printOneof(oneof: ProtoOneof, members: readonly ProtoField[], mode: Mode): void {
    const memberDocs = members.filter((m) => m.comment !== undefined).map((m) => `- \`${m.name}\`: ${m.comment!.replace(/\s*\n\s*/g, ' ')}`);
    this.file.doc(oneof.comment, `Protobuf oneof \`${oneof.name}\`: at most one of ${members.map((m) => `\`${m.name}\``).join(', ')} is set.`, memberDocs.join('\n') || undefined);
    this.file.line(`${propertyKey(oneof.name)}${mode === 'input' ? '?' : ''}:`);
    const cases = members.map((member) => `| { case: ${tsString(member.name)}; value: ${this.fieldType(member, mode)} }`);
    cases.push('| { case: undefined; value?: undefined };');
    for (const line of cases) this.file.line(`  ${line}`);
  }

  private printEnum(enumType: ProtoEnum): void {
    const declared = this.local.get(enumType.fullName)!;
    const valueDocs = enumType.values.map((value) => `- \`${value.name}\` (${value.number})${value.comment ? `: ${value.comment.replace(/\s*\n\s*/g, ' ')}` : ''}`);
    this.file.doc(enumType.comment, `Protobuf enum \`${enumType.fullName}\`:`, valueDocs.join('\n'));
    const names = [...new Set(enumType.values.map((value) => value.name))].map(tsString);
    this.file.line(`export type ${declared.type} = ${names.length === 0 ? 'never' : names.join(' | ')};`);
    this.file.line();
  }
}

function namedTypeOf(type: ProtoFieldType): { fullName: string; target: 'message' | 'enum' } | undefined {
  if (type.kind === 'named') return type;
  if (type.kind === 'map' && type.value.kind === 'named') return type.value;
  return undefined;
}

/** A message's properties in declaration order: fields and groups, each oneof at the place of its first member. */
function properties(message: ProtoMessage): Property[] {
  const out: Property[] = [];
  const oneofs = new Map(message.oneofs.map((oneof) => [oneof.name, oneof]));
  const placed = new Set<string>();
  const groupFields: ProtoField[] = message.groups.map(groupAsField);
  const fields = [...message.fields, ...groupFields];
  for (const field of fields) {
    const oneof = field.oneof === undefined ? undefined : oneofs.get(field.oneof);
    if (!oneof) {
      out.push({ kind: 'field', field });
      continue;
    }
    if (placed.has(oneof.name)) continue;
    placed.add(oneof.name);
    const members = oneof.fieldNumbers.map((n) => fields.find((f) => f.number === n)).filter((f): f is ProtoField => f !== undefined);
    out.push({ kind: 'oneof', oneof, members });
  }
  return out;
}
