/**
 * Confluent also stores and serves Protobuf schemas as base64 of a serialized
 * `google.protobuf.FileDescriptorProto` (`?format=serialized`). This module converts in both
 * directions: a descriptor is printed to `.proto` text (then parsed like any other text), and a parsed
 * schema is turned into the descriptor protoc would produce for it.
 *
 * Not carried over: custom (extension) options, which a descriptor stores as extension fields that can
 * only be decoded with their definitions, and source comments. Proto2 groups in a descriptor are
 * rejected (`SCHEMA_INVALID`).
 */
import descriptor from 'protobufjs/ext/descriptor/index.js';
import type protobuf from 'protobufjs';
import { KontractError } from '../../errors.js';
import type {
  ParsedProtobufSchema,
  ProtoEnum,
  ProtoExtension,
  ProtoField,
  ProtoFieldType,
  ProtoFile,
  ProtoGroup,
  ProtoImport,
  ProtoLabel,
  ProtoMessage,
  ProtoOneof,
  ProtoOption,
  ProtoOptionValue,
  ProtoPosition,
  ProtoRange,
  ProtoScalar,
  ProtoService,
  ProtoSyntax,
  ProtoValueType,
} from './model.js';
import { printProtoFile } from './print.js';

// Shapes of protobufjs's `toObject` output for the descriptor messages (camelCase, enums as names).
interface OptionsObject {
  [name: string]: unknown;
}
interface RangeObject {
  start?: number;
  end?: number;
}
interface FieldDescriptorObject {
  name?: string;
  number?: number;
  label?: string;
  type?: string;
  typeName?: string;
  extendee?: string;
  defaultValue?: string;
  oneofIndex?: number;
  jsonName?: string;
  options?: OptionsObject;
  proto3Optional?: boolean;
}
interface DescriptorObject {
  name?: string;
  field?: FieldDescriptorObject[];
  extension?: FieldDescriptorObject[];
  nestedType?: DescriptorObject[];
  enumType?: EnumDescriptorObject[];
  extensionRange?: RangeObject[];
  oneofDecl?: Array<{ name?: string; options?: OptionsObject }>;
  options?: OptionsObject;
  reservedRange?: RangeObject[];
  reservedName?: string[];
}
interface EnumDescriptorObject {
  name?: string;
  value?: Array<{ name?: string; number?: number; options?: OptionsObject }>;
  options?: OptionsObject;
  reservedRange?: RangeObject[];
  reservedName?: string[];
}
interface ServiceDescriptorObject {
  name?: string;
  method?: Array<{ name?: string; inputType?: string; outputType?: string; options?: OptionsObject; clientStreaming?: boolean; serverStreaming?: boolean }>;
  options?: OptionsObject;
}
interface FileDescriptorObject {
  name?: string;
  package?: string;
  dependency?: string[];
  publicDependency?: number[];
  weakDependency?: number[];
  messageType?: DescriptorObject[];
  enumType?: EnumDescriptorObject[];
  service?: ServiceDescriptorObject[];
  extension?: FieldDescriptorObject[];
  options?: OptionsObject;
  syntax?: string;
  edition?: string | number;
}

const MAX_FIELD_NUMBER = 536870911;

const scalarByDescriptorType: Record<string, ProtoScalar> = {
  TYPE_DOUBLE: 'double',
  TYPE_FLOAT: 'float',
  TYPE_INT64: 'int64',
  TYPE_UINT64: 'uint64',
  TYPE_INT32: 'int32',
  TYPE_FIXED64: 'fixed64',
  TYPE_FIXED32: 'fixed32',
  TYPE_BOOL: 'bool',
  TYPE_STRING: 'string',
  TYPE_BYTES: 'bytes',
  TYPE_UINT32: 'uint32',
  TYPE_SFIXED32: 'sfixed32',
  TYPE_SFIXED64: 'sfixed64',
  TYPE_SINT32: 'sint32',
  TYPE_SINT64: 'sint64',
};
const descriptorTypeByScalar = Object.fromEntries(Object.entries(scalarByDescriptorType).map(([k, v]) => [v, k])) as Record<ProtoScalar, string>;

/** Standard options whose values are enum constants. */
const ENUM_VALUED_OPTIONS = new Set(['optimize_for', 'ctype', 'jstype', 'idempotency_level', 'retention']);

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

/** The default JSON name protoc derives from a field name. */
function defaultJsonName(name: string): string {
  return name.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
}

function unsupported(message: string): KontractError {
  return new KontractError('SCHEMA_INVALID', message, {
    location: { path: '#/' },
    hint: 'Register the schema as .proto text instead of a serialized FileDescriptorProto.',
  });
}

// ---------------------------------------------------------------------------------------------
// descriptor → .proto text

/**
 * Decode base64 of a serialized `FileDescriptorProto` and print it as `.proto` text.
 * Returns `undefined` when the bytes are not a descriptor.
 */
export function protoTextFromDescriptorBase64(text: string): string | undefined {
  let decoded: FileDescriptorObject;
  try {
    const message = descriptor.FileDescriptorProto.decode(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
    // protobufjs's decoder guarantees the descriptor's shape; the interfaces above describe it.
    decoded = descriptor.FileDescriptorProto.toObject(message, { enums: String, longs: String, defaults: false }) as FileDescriptorObject;
  } catch {
    return undefined;
  }
  if (!isPlausibleDescriptor(decoded)) return undefined;
  return printProtoFile(protoFileFromDescriptor(decoded));
}

const identifierRe = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** protobufjs's decoder is lenient (it reads a field whatever its wire type), so check that what came out looks like a descriptor. */
function isPlausibleDescriptor(file: FileDescriptorObject): boolean {
  const hasContent =
    file.name !== undefined || file.package !== undefined || (file.messageType?.length ?? 0) > 0 || (file.enumType?.length ?? 0) > 0 || (file.dependency?.length ?? 0) > 0;
  const namesValid = [...(file.messageType ?? []), ...(file.enumType ?? []), ...(file.service ?? [])].every((t) => identifierRe.test(t.name ?? ''));
  return (
    hasContent &&
    namesValid &&
    (file.syntax === undefined || ['', 'proto2', 'proto3', 'editions'].includes(file.syntax)) &&
    (file.package === undefined || file.package === '' || /^[A-Za-z_][A-Za-z0-9_.]*$/.test(file.package))
  );
}

function protoFileFromDescriptor(file: FileDescriptorObject): ProtoFile {
  if (file.syntax === 'editions' || file.edition !== undefined) throw unsupported('Protobuf editions are not supported');
  const syntax: ProtoSyntax = file.syntax === 'proto3' ? 'proto3' : 'proto2';
  const packageName = file.package || undefined;
  const publicIndexes = new Set(file.publicDependency ?? []);
  const weakIndexes = new Set(file.weakDependency ?? []);
  const imports: ProtoImport[] = (file.dependency ?? []).map((path, i) => ({
    path,
    ...(publicIndexes.has(i) ? { modifier: 'public' as const } : weakIndexes.has(i) ? { modifier: 'weak' as const } : {}),
  }));
  const ctx: FromDescriptorContext = { syntax, packageName };
  return {
    name: file.name ?? '',
    syntax,
    ...(packageName ? { package: packageName } : {}),
    imports,
    options: optionsFromDescriptor(file.options),
    messages: (file.messageType ?? []).map((m) => messageFromDescriptor(m, [], ctx)),
    enums: (file.enumType ?? []).map((e) => enumFromDescriptor(e, [], ctx)),
    services: (file.service ?? []).map(serviceFromDescriptor),
    extensions: extensionsFromDescriptor(file.extension ?? [], ctx),
    origin: { kind: 'main' },
    text: '',
  };
}

interface FromDescriptorContext {
  syntax: ProtoSyntax;
  packageName?: string;
}

function optionsFromDescriptor(options: OptionsObject | undefined, skip: readonly string[] = []): ProtoOption[] {
  const result: ProtoOption[] = [];
  for (const [key, value] of Object.entries(options ?? {})) {
    const name = snakeCase(key);
    if (skip.includes(name)) continue;
    if (typeof value === 'boolean' || typeof value === 'number') result.push({ name, value });
    else if (typeof value === 'string') result.push({ name, value: ENUM_VALUED_OPTIONS.has(name) ? { kind: 'identifier', name: value } : value });
    // Lists and messages (uninterpreted_option, features, targets, …) have no .proto spelling worth keeping.
  }
  return result;
}

function rangesFromDescriptor(ranges: RangeObject[] | undefined, endExclusive: boolean): ProtoRange[] {
  return (ranges ?? []).map((r) => {
    const from = r.start ?? 0;
    const end = r.end ?? from;
    return { from, to: endExclusive ? Math.min(end - 1, MAX_FIELD_NUMBER) : end };
  });
}

function qualified(ctx: FromDescriptorContext, localName: string): string {
  return ctx.packageName ? `${ctx.packageName}.${localName}` : localName;
}

function messageFromDescriptor(message: DescriptorObject, parentPath: readonly string[], ctx: FromDescriptorContext): ProtoMessage {
  const name = message.name ?? '';
  const path = [...parentPath, name];
  const localName = path.join('.');
  const fullName = qualified(ctx, localName);
  const nested = message.nestedType ?? [];
  const mapEntries = new Map<string, DescriptorObject>();
  for (const n of nested) {
    if (n.options?.mapEntry === true) mapEntries.set(`.${fullName}.${n.name ?? ''}`, n);
  }
  const declaredOneofs = message.oneofDecl ?? [];
  const fieldsDescriptors = message.field ?? [];
  const synthetic = new Set<number>();
  declaredOneofs.forEach((_o, index) => {
    const members = fieldsDescriptors.filter((f) => f.oneofIndex === index);
    if (members.length > 0 && members.every((f) => f.proto3Optional === true)) synthetic.add(index);
  });
  const fields: ProtoField[] = [];
  for (const f of fieldsDescriptors) {
    if (f.type === 'TYPE_GROUP') throw unsupported(`field ${localName}.${f.name ?? ''} is a proto2 group; groups in serialized descriptors are not supported`);
    const oneofIndex = f.oneofIndex;
    const oneof = oneofIndex !== undefined && !synthetic.has(oneofIndex) ? declaredOneofs[oneofIndex]?.name : undefined;
    const entry = f.label === 'LABEL_REPEATED' && f.typeName ? mapEntries.get(f.typeName) : undefined;
    fields.push(fieldFromDescriptor(f, ctx, oneof, entry));
  }
  const oneofs: ProtoOneof[] = declaredOneofs
    .map((o, index) => ({ o, index }))
    .filter(({ index }) => !synthetic.has(index))
    .map(({ o, index }) => ({
      name: o.name ?? '',
      fieldNumbers: fieldsDescriptors.filter((f) => f.oneofIndex === index).map((f) => f.number ?? 0),
      options: optionsFromDescriptor(o.options),
    }));
  return {
    kind: 'message',
    name,
    fullName,
    localName,
    fields,
    oneofs,
    messages: nested.filter((n) => n.options?.mapEntry !== true).map((n) => messageFromDescriptor(n, path, ctx)),
    enums: (message.enumType ?? []).map((e) => enumFromDescriptor(e, path, ctx)),
    groups: [],
    extensions: extensionsFromDescriptor(message.extension ?? [], ctx),
    reservedRanges: rangesFromDescriptor(message.reservedRange, true),
    reservedNames: message.reservedName ?? [],
    extensionRanges: rangesFromDescriptor(message.extensionRange, true),
    options: optionsFromDescriptor(message.options, ['map_entry']),
    isMapEntry: false,
  };
}

function valueTypeFromDescriptor(field: FieldDescriptorObject): ProtoValueType {
  const scalar = field.type ? scalarByDescriptorType[field.type] : undefined;
  if (scalar) return { kind: 'scalar', scalar };
  const written = field.typeName ?? '';
  const fullName = written.startsWith('.') ? written.slice(1) : written;
  return { kind: 'named', written, fullName, target: field.type === 'TYPE_ENUM' ? 'enum' : 'message' };
}

function fieldFromDescriptor(field: FieldDescriptorObject, ctx: FromDescriptorContext, oneof: string | undefined, mapEntry: DescriptorObject | undefined): ProtoField {
  let type: ProtoFieldType;
  if (mapEntry) {
    const key = mapEntry.field?.find((f) => f.number === 1);
    const value = mapEntry.field?.find((f) => f.number === 2);
    const keyType = key?.type ? scalarByDescriptorType[key.type] : undefined;
    if (!keyType || !value) throw unsupported(`map entry ${mapEntry.name ?? ''} lacks a scalar key or a value field`);
    type = { kind: 'map', key: keyType, value: valueTypeFromDescriptor(value) };
  } else {
    type = valueTypeFromDescriptor(field);
  }
  const name = field.name ?? '';
  let label: ProtoLabel | undefined;
  if (field.proto3Optional === true) label = 'optional';
  else if (mapEntry || oneof !== undefined) label = undefined;
  else if (field.label === 'LABEL_REPEATED') label = 'repeated';
  else if (field.label === 'LABEL_REQUIRED') label = 'required';
  else label = ctx.syntax === 'proto2' ? 'optional' : undefined;
  const options: ProtoOption[] = [];
  if (field.defaultValue !== undefined) options.push({ name: 'default', value: defaultFromDescriptor(field.defaultValue, type) });
  if (field.jsonName !== undefined && field.jsonName !== defaultJsonName(name)) options.push({ name: 'json_name', value: field.jsonName });
  options.push(...optionsFromDescriptor(field.options));
  return {
    name,
    number: field.number ?? 0,
    ...(label ? { label } : {}),
    type,
    ...(oneof !== undefined ? { oneof } : {}),
    proto3Optional: field.proto3Optional === true,
    options,
  };
}

function defaultFromDescriptor(text: string, type: ProtoFieldType): ProtoOptionValue {
  if (type.kind === 'named') return { kind: 'identifier', name: text };
  if (type.kind !== 'scalar' || type.scalar === 'string' || type.scalar === 'bytes') return text;
  if (type.scalar === 'bool') return text === 'true';
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan') return NaN;
  return Number(text);
}

function extensionsFromDescriptor(fields: FieldDescriptorObject[], ctx: FromDescriptorContext): ProtoExtension[] {
  const blocks: Array<{ extendee: string; fields: ProtoField[] }> = [];
  for (const f of fields) {
    const extendee = f.extendee ?? '';
    let block = blocks.find((b) => b.extendee === extendee);
    if (!block) {
      block = { extendee, fields: [] };
      blocks.push(block);
    }
    block.fields.push(fieldFromDescriptor(f, ctx, undefined, undefined));
  }
  return blocks.map((b) => ({ extendee: b.extendee, extendeeFullName: b.extendee.replace(/^\./, ''), fields: b.fields }));
}

function enumFromDescriptor(enumType: EnumDescriptorObject, parentPath: readonly string[], ctx: FromDescriptorContext): ProtoEnum {
  const name = enumType.name ?? '';
  const localName = [...parentPath, name].join('.');
  return {
    kind: 'enum',
    name,
    fullName: qualified(ctx, localName),
    localName,
    values: (enumType.value ?? []).map((v) => ({ name: v.name ?? '', number: v.number ?? 0, options: optionsFromDescriptor(v.options) })),
    reservedRanges: rangesFromDescriptor(enumType.reservedRange, false),
    reservedNames: enumType.reservedName ?? [],
    options: optionsFromDescriptor(enumType.options),
  };
}

function serviceFromDescriptor(service: ServiceDescriptorObject): ProtoService {
  return {
    name: service.name ?? '',
    methods: (service.method ?? []).map((m) => ({
      name: m.name ?? '',
      inputType: m.inputType ?? '',
      outputType: m.outputType ?? '',
      inputFullName: (m.inputType ?? '').replace(/^\./, ''),
      outputFullName: (m.outputType ?? '').replace(/^\./, ''),
      clientStreaming: m.clientStreaming === true,
      serverStreaming: m.serverStreaming === true,
      options: optionsFromDescriptor(m.options),
    })),
    options: optionsFromDescriptor(service.options),
  };
}

// ---------------------------------------------------------------------------------------------
// model → descriptor

/**
 * The schema as base64 of a serialized `FileDescriptorProto`, as Confluent serves it with
 * `?format=serialized`: map fields get their `…Entry` types, proto3 `optional` fields their
 * synthetic oneofs, and type names are fully qualified. Custom options and comments are left out.
 */
export function toFileDescriptorProtoBase64(parsed: ParsedProtobufSchema): string {
  const object = fileToDescriptor(parsed.file);
  const message = descriptor.FileDescriptorProto.fromObject(object);
  return Buffer.from(descriptor.FileDescriptorProto.encode(message).finish()).toString('base64');
}

function fileToDescriptor(file: ProtoFile): FileDescriptorObject {
  const dependency = file.imports.map((i) => i.path);
  const publicDependency = file.imports.flatMap((i, index) => (i.modifier === 'public' ? [index] : []));
  const weakDependency = file.imports.flatMap((i, index) => (i.modifier === 'weak' ? [index] : []));
  return {
    name: file.name,
    ...(file.package ? { package: file.package } : {}),
    ...(dependency.length > 0 ? { dependency } : {}),
    ...(publicDependency.length > 0 ? { publicDependency } : {}),
    ...(weakDependency.length > 0 ? { weakDependency } : {}),
    messageType: file.messages.map((m) => messageToDescriptor(m)),
    enumType: file.enums.map(enumToDescriptor),
    service: file.services.map((s) => ({
      name: s.name,
      method: s.methods.map((m) => ({
        name: m.name,
        inputType: `.${m.inputFullName}`,
        outputType: `.${m.outputFullName}`,
        ...(m.clientStreaming ? { clientStreaming: true } : {}),
        ...(m.serverStreaming ? { serverStreaming: true } : {}),
        ...optionsField(m.options, descriptor.MethodOptions),
      })),
      ...optionsField(s.options, descriptor.ServiceOptions),
    })),
    extension: file.extensions.flatMap((e) => e.fields.map((f) => ({ ...fieldToDescriptor(f, undefined, undefined), extendee: `.${e.extendeeFullName}` }))),
    ...optionsField(file.options, descriptor.FileOptions),
    ...(file.syntax === 'proto3' ? { syntax: 'proto3' } : {}),
  };
}

/** Standard options only: a descriptor keeps custom options as extension fields kontract cannot encode without their definitions. */
function optionsField(options: readonly ProtoOption[], optionsType: protobuf.Type): { options?: OptionsObject } {
  const result: OptionsObject = {};
  for (const option of options) {
    const key = camelCase(option.name);
    if (option.name.startsWith('(') || !(key in optionsType.fields)) continue;
    const value = option.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') result[key] = value;
    else if (value.kind === 'identifier') result[key] = value.name;
  }
  return Object.keys(result).length > 0 ? { options: result } : {};
}

function entryTypeName(fieldName: string): string {
  const pascal = fieldName
    .split('_')
    .map((part) => (part ? part[0].toUpperCase() + part.slice(1) : ''))
    .join('');
  return `${pascal}Entry`;
}

function before(a: ProtoPosition | undefined, b: ProtoPosition | undefined): number {
  if (!a || !b) return 0;
  return a.line - b.line || a.column - b.column;
}

function messageToDescriptor(message: ProtoMessage): DescriptorObject {
  const realOneofs = message.oneofs.map((o) => o.name);
  const syntheticOneofs: string[] = [];
  const nested: Array<{ position?: ProtoPosition; descriptor: DescriptorObject }> = message.messages.map((m) => ({
    ...(m.position ? { position: m.position } : {}),
    descriptor: messageToDescriptor(m),
  }));
  const fields: FieldDescriptorObject[] = [];
  const members: Array<ProtoField | ProtoGroup> = [...message.fields, ...message.groups].sort((a, b) => (positionOf(a) && positionOf(b) ? before(positionOf(a), positionOf(b)) : 0));
  for (const member of members) {
    if ('message' in member) {
      nested.push({ ...(member.message.position ? { position: member.message.position } : {}), descriptor: messageToDescriptor(member.message) });
      fields.push({
        name: member.fieldName,
        number: member.number,
        label: member.label === 'repeated' ? 'LABEL_REPEATED' : member.label === 'required' ? 'LABEL_REQUIRED' : 'LABEL_OPTIONAL',
        type: 'TYPE_GROUP',
        typeName: `.${member.message.fullName}`,
        ...(member.oneof ? { oneofIndex: realOneofs.indexOf(member.oneof) } : {}),
      });
      continue;
    }
    let entry: DescriptorObject | undefined;
    if (member.type.kind === 'map') {
      entry = {
        name: entryTypeName(member.name),
        field: [
          { name: 'key', number: 1, label: 'LABEL_OPTIONAL', type: descriptorTypeByScalar[member.type.key], jsonName: 'key' },
          { ...valueTypeToDescriptor(member.type.value), name: 'value', number: 2, label: 'LABEL_OPTIONAL', jsonName: 'value' },
        ],
        options: { mapEntry: true },
      };
      nested.push({ ...(member.position ? { position: member.position } : {}), descriptor: entry });
    }
    let oneofIndex: number | undefined;
    if (member.oneof) oneofIndex = realOneofs.indexOf(member.oneof);
    else if (member.proto3Optional) {
      syntheticOneofs.push(`_${member.name}`);
      oneofIndex = realOneofs.length + syntheticOneofs.length - 1;
    }
    fields.push(fieldToDescriptor(member, oneofIndex, entry ? `.${message.fullName}.${entry.name ?? ''}` : undefined));
  }
  if (nested.every((n) => n.position)) nested.sort((a, b) => before(a.position, b.position));
  const oneofDecl = [...message.oneofs.map((o) => ({ name: o.name, ...optionsField(o.options, descriptor.OneofOptions) })), ...syntheticOneofs.map((name) => ({ name }))];
  return {
    name: message.name,
    field: fields,
    nestedType: nested.map((n) => n.descriptor),
    enumType: message.enums.map(enumToDescriptor),
    ...(message.extensionRanges.length > 0 ? { extensionRange: message.extensionRanges.map((r) => ({ start: r.from, end: r.to + 1 })) } : {}),
    ...(message.extensions.length > 0
      ? { extension: message.extensions.flatMap((e) => e.fields.map((f) => ({ ...fieldToDescriptor(f, undefined, undefined), extendee: `.${e.extendeeFullName}` }))) }
      : {}),
    ...(oneofDecl.length > 0 ? { oneofDecl } : {}),
    ...optionsField(message.options, descriptor.MessageOptions),
    ...(message.reservedRanges.length > 0 ? { reservedRange: message.reservedRanges.map((r) => ({ start: r.from, end: r.to + 1 })) } : {}),
    ...(message.reservedNames.length > 0 ? { reservedName: [...message.reservedNames] } : {}),
  };
}

function positionOf(member: ProtoField | ProtoGroup): ProtoPosition | undefined {
  return 'message' in member ? member.message.position : member.position;
}

function valueTypeToDescriptor(type: ProtoValueType): FieldDescriptorObject {
  if (type.kind === 'scalar') return { type: descriptorTypeByScalar[type.scalar] };
  return { type: type.target === 'enum' ? 'TYPE_ENUM' : 'TYPE_MESSAGE', typeName: `.${type.fullName}` };
}

function fieldToDescriptor(field: ProtoField, oneofIndex: number | undefined, mapEntryTypeName: string | undefined): FieldDescriptorObject {
  const label = mapEntryTypeName || field.label === 'repeated' ? 'LABEL_REPEATED' : field.label === 'required' ? 'LABEL_REQUIRED' : 'LABEL_OPTIONAL';
  const type: FieldDescriptorObject =
    mapEntryTypeName !== undefined ? { type: 'TYPE_MESSAGE', typeName: mapEntryTypeName } : field.type.kind === 'map' ? {} : valueTypeToDescriptor(field.type);
  const defaultOption = field.options.find((o) => o.name === 'default');
  const jsonNameOption = field.options.find((o) => o.name === 'json_name');
  return {
    name: field.name,
    number: field.number,
    label,
    ...type,
    ...(defaultOption ? { defaultValue: defaultToDescriptor(defaultOption.value) } : {}),
    ...(oneofIndex !== undefined ? { oneofIndex } : {}),
    ...(typeof jsonNameOption?.value === 'string' ? { jsonName: jsonNameOption.value } : {}),
    ...optionsField(field.options, descriptor.FieldOptions),
    ...(field.proto3Optional ? { proto3Optional: true } : {}),
  };
}

function defaultToDescriptor(value: ProtoOptionValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
  if (value.kind === 'identifier') return value.name;
  return '';
}

function enumToDescriptor(enumType: ProtoEnum): EnumDescriptorObject {
  return {
    name: enumType.name,
    value: enumType.values.map((v) => ({ name: v.name, number: v.number, ...optionsField(v.options, descriptor.EnumValueOptions) })),
    ...optionsField(enumType.options, descriptor.EnumOptions),
    ...(enumType.reservedRanges.length > 0 ? { reservedRange: enumType.reservedRanges.map((r) => ({ start: r.from, end: r.to })) } : {}),
    ...(enumType.reservedNames.length > 0 ? { reservedName: [...enumType.reservedNames] } : {}),
  };
}
