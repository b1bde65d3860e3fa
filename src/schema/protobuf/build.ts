/**
 * Turns the reflection objects protobufjs builds for ONE file into kontract's model
 * ({@link ProtoFile}). Named field types are left unresolved here (`fullName: ''`); the loader
 * resolves them once every file is known.
 */
import protobuf from 'protobufjs';
import type {
  ProtoEnum,
  ProtoEnumValue,
  ProtoExtension,
  ProtoField,
  ProtoFieldType,
  ProtoFile,
  ProtoGroup,
  ProtoImport,
  ProtoLabel,
  ProtoMessage,
  ProtoMethod,
  ProtoOneof,
  ProtoOption,
  ProtoOptionValue,
  ProtoOrigin,
  ProtoPosition,
  ProtoRange,
  ProtoScalar,
  ProtoService,
  ProtoSyntax,
  ProtoValueType,
} from './model.js';
import { isProtoScalar } from './model.js';
import type { OptionValueSpellings, ProtoScan } from './scan.js';

export interface FileBuildInput {
  root: protobuf.Root;
  packageName?: string;
  syntax: ProtoSyntax;
  /** Positions and option spellings; absent for built-in files made from protobufjs JSON. */
  scan?: ProtoScan;
  name: string;
  origin: ProtoOrigin;
  text: string;
  imports: readonly ProtoImport[];
  /** Restore snake_case field names (protobufjs's bundled `descriptor.json` camel-cases them). */
  snakeCaseFieldNames?: boolean;
}

/** Standard options whose values are enum constants, printed without quotes. */
const ENUM_VALUED_OPTIONS = new Set(['optimize_for', 'ctype', 'jstype', 'idempotency_level', 'retention', 'targets']);
const identifierRe = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface BuildContext {
  input: FileBuildInput;
  packageName?: string;
}

export function buildProtoFile(input: FileBuildInput): ProtoFile {
  const ctx: BuildContext = { input, packageName: input.packageName };
  const namespace = input.packageName ? input.root.lookup(input.packageName) : input.root;
  const members = namespace instanceof protobuf.Namespace ? namespace.nestedArray : [];
  const options = [...optionsOf(input.root, ctx, 'file'), ...(namespace && namespace !== input.root ? optionsOf(namespace, ctx, 'file') : [])];
  return {
    name: input.name,
    syntax: input.syntax,
    ...(input.packageName ? { package: input.packageName } : {}),
    imports: input.imports,
    options,
    messages: members.filter(isMessageType).map((t) => buildMessage(t, [], ctx)),
    enums: members.filter((m): m is protobuf.Enum => m instanceof protobuf.Enum).map((e) => buildEnum(e, [], ctx)),
    services: members.filter((m): m is protobuf.Service => m instanceof protobuf.Service).map((s) => buildService(s, ctx)),
    extensions: buildExtensions(members, [], ctx),
    origin: input.origin,
    text: input.text,
  };
}

function isMessageType(object: protobuf.ReflectionObject): object is protobuf.Type {
  return object instanceof protobuf.Type && !isGroupType(object);
}

function isGroupType(type: protobuf.Type): boolean {
  return (type as protobuf.Type & { group?: boolean }).group === true;
}

function position(ctx: BuildContext, map: keyof Pick<ProtoScan, 'types' | 'fieldsByNumber' | 'fieldsByName' | 'enumValues'>, key: string): ProtoPosition | undefined {
  return ctx.input.scan?.[map].get(key)?.[0];
}

function commentOf(object: { comment?: string | null }): string | undefined {
  return typeof object.comment === 'string' && object.comment.trim() !== '' ? object.comment : undefined;
}

function buildMessage(type: protobuf.Type, parentPath: readonly string[], ctx: BuildContext): ProtoMessage {
  const path = [...parentPath, type.name];
  const localName = path.join('.');
  const nested = type.nestedArray;
  const groupTypes = new Map(nested.filter((n): n is protobuf.Type => n instanceof protobuf.Type && isGroupType(n)).map((t) => [t.name, t]));
  const fields: ProtoField[] = [];
  const groups: ProtoGroup[] = [];
  for (const field of type.fieldsArray) {
    if (isExtensionSister(field)) continue;
    const groupType = groupTypes.get(field.type);
    if (groupType) {
      const oneof = realOneofName(field);
      const label = labelOf(field, ctx.input.syntax);
      groups.push({
        fieldName: field.name,
        number: field.id,
        ...(label ? { label } : {}),
        ...(oneof ? { oneof } : {}),
        message: buildMessage(groupType, path, ctx),
      });
      continue;
    }
    fields.push(buildField(field, localName, ctx));
  }
  const oneofs: ProtoOneof[] = type.oneofsArray
    .filter((o) => !isSyntheticOneof(o))
    .map((o) => {
      const comment = commentOf(o);
      const pos = position(ctx, 'fieldsByName', `${localName}#${o.name}`);
      return {
        name: o.name,
        fieldNumbers: o.fieldsArray.map((f) => f.id),
        ...(comment ? { comment } : {}),
        options: optionsOf(o, ctx, 'oneof'),
        ...(pos ? { position: pos } : {}),
      };
    });
  const { ranges, names } = reservedOf(type.reserved);
  const options = optionsOf(type, ctx, 'message');
  const comment = commentOf(type);
  const pos = position(ctx, 'types', localName);
  return {
    kind: 'message',
    name: type.name,
    fullName: qualify(ctx, localName),
    localName,
    ...(comment ? { comment } : {}),
    fields,
    oneofs,
    messages: nested.filter(isMessageType).map((t) => buildMessage(t, path, ctx)),
    enums: nested.filter((n): n is protobuf.Enum => n instanceof protobuf.Enum).map((e) => buildEnum(e, path, ctx)),
    groups,
    extensions: buildExtensions(nested, path, ctx),
    reservedRanges: ranges,
    reservedNames: names,
    extensionRanges: (type.extensions ?? []).map(([from, to]) => ({ from, to })),
    options,
    isMapEntry: options.some((o) => o.name === 'map_entry' && o.value === true),
    ...(pos ? { position: pos } : {}),
  };
}

function qualify(ctx: BuildContext, localName: string): string {
  return ctx.packageName ? `${ctx.packageName}.${localName}` : localName;
}

/** protobufjs copies an extension field into the extended type once it resolves; those copies are not fields of the message. */
function isExtensionSister(field: protobuf.Field): boolean {
  return field.declaringField !== null || field.name.startsWith('.') || field.extend !== undefined;
}

/** protoc (and protobufjs) model proto3 `optional` as a oneof of one field; Wire does not. */
function isSyntheticOneof(oneof: protobuf.OneOf): boolean {
  return oneof.fieldsArray.length > 0 && oneof.fieldsArray.every((f) => f.options?.proto3_optional === true);
}

function realOneofName(field: protobuf.Field): string | undefined {
  return field.partOf && !isSyntheticOneof(field.partOf) ? field.partOf.name : undefined;
}

/** The label as Square Wire reports it (see {@link ProtoLabel}). */
function labelOf(field: protobuf.Field, syntax: ProtoSyntax): ProtoLabel | undefined {
  // `rule` is set by the parser but missing from protobufjs's typings.
  const rule = (field as protobuf.Field & { rule?: string }).rule;
  if (rule === 'repeated') return 'repeated';
  if (rule === 'required') return 'required';
  if (field.options?.proto3_optional === true) return 'optional';
  if (field instanceof protobuf.MapField || realOneofName(field) !== undefined) return undefined;
  return syntax === 'proto2' ? 'optional' : undefined;
}

function valueType(written: string): ProtoValueType {
  return isProtoScalar(written) ? { kind: 'scalar', scalar: written } : { kind: 'named', written, fullName: '', target: 'message' };
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
}

function buildField(field: protobuf.Field, scopeLocalName: string, ctx: BuildContext): ProtoField {
  const type: ProtoFieldType =
    field instanceof protobuf.MapField ? { kind: 'map', key: field.keyType as ProtoScalar, value: valueType(field.type) } : valueType(field.type);
  const oneof = realOneofName(field);
  const label = labelOf(field, ctx.input.syntax);
  const comment = commentOf(field);
  const pos = position(ctx, 'fieldsByNumber', `${scopeLocalName}#${field.id}`);
  return {
    name: ctx.input.snakeCaseFieldNames ? snakeCase(field.name) : field.name,
    number: field.id,
    ...(label ? { label } : {}),
    type,
    ...(oneof ? { oneof } : {}),
    proto3Optional: field.options?.proto3_optional === true,
    ...(comment ? { comment } : {}),
    // Only enum-typed fields can have an identifier as `default`.
    options: optionsOf(field, ctx, type.kind === 'named' ? 'enumField' : 'field'),
    ...(pos ? { position: pos } : {}),
  };
}

function buildExtensions(members: readonly protobuf.ReflectionObject[], scopePath: readonly string[], ctx: BuildContext): ProtoExtension[] {
  const blocks: Array<{ extendee: string; fields: ProtoField[] }> = [];
  for (const member of members) {
    if (!(member instanceof protobuf.Field) || member.extend === undefined) continue;
    let block = blocks.find((b) => b.extendee === member.extend);
    if (!block) {
      block = { extendee: member.extend, fields: [] };
      blocks.push(block);
    }
    block.fields.push(buildField(member, `${scopePath.join('.')}#extend`, ctx));
  }
  return blocks.map((b) => ({ extendee: b.extendee, extendeeFullName: '', fields: b.fields }));
}

function buildEnum(enumType: protobuf.Enum, parentPath: readonly string[], ctx: BuildContext): ProtoEnum {
  const localName = [...parentPath, enumType.name].join('.');
  const values: ProtoEnumValue[] = Object.entries(enumType.values).map(([name, number]) => {
    const comment = enumType.comments[name];
    const pos = position(ctx, 'enumValues', `${localName}#${name}`);
    const valueOptions = enumType.valuesOptions?.[name];
    return {
      name,
      number,
      ...(typeof comment === 'string' && comment.trim() !== '' ? { comment } : {}),
      options: valueOptions ? flatOptions(valueOptions, ctx, 'enumValue') : [],
      ...(pos ? { position: pos } : {}),
    };
  });
  const { ranges, names } = reservedOf(enumType.reserved);
  const comment = commentOf(enumType);
  const pos = position(ctx, 'types', localName);
  return {
    kind: 'enum',
    name: enumType.name,
    fullName: qualify(ctx, localName),
    localName,
    ...(comment ? { comment } : {}),
    values,
    reservedRanges: ranges,
    reservedNames: names,
    options: optionsOf(enumType, ctx, 'enum'),
    ...(pos ? { position: pos } : {}),
  };
}

function buildService(service: protobuf.Service, ctx: BuildContext): ProtoService {
  const methods: ProtoMethod[] = service.methodsArray.map((m) => {
    const comment = commentOf(m);
    return {
      name: m.name,
      inputType: m.requestType,
      outputType: m.responseType,
      inputFullName: '',
      outputFullName: '',
      clientStreaming: m.requestStream === true,
      serverStreaming: m.responseStream === true,
      ...(comment ? { comment } : {}),
      options: optionsOf(m, ctx, 'method'),
    };
  });
  const comment = commentOf(service);
  return { name: service.name, ...(comment ? { comment } : {}), methods, options: optionsOf(service, ctx, 'service') };
}

function reservedOf(reserved: Array<number[] | string> | undefined): { ranges: ProtoRange[]; names: string[] } {
  const ranges: ProtoRange[] = [];
  const names: string[] = [];
  for (const entry of reserved ?? []) {
    if (typeof entry === 'string') names.push(entry);
    else ranges.push({ from: entry[0], to: entry[1] ?? entry[0] });
  }
  return { ranges, names };
}

/** What declares an option; decides how a bare word as its value is read (see {@link optionValue}). */
export type OptionOwner = 'file' | 'message' | 'field' | 'enumField' | 'oneof' | 'enum' | 'enumValue' | 'service' | 'method';

/** Options as written, structured (`parsedOptions`) when the text was parsed, flat otherwise (JSON built-ins). */
function optionsOf(object: protobuf.ReflectionObject, ctx: BuildContext, owner: OptionOwner): ProtoOption[] {
  const parsed: unknown = object.parsedOptions;
  if (Array.isArray(parsed)) {
    const options: ProtoOption[] = [];
    for (const entry of parsed as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      for (const [name, value] of Object.entries(entry as Record<string, unknown>)) {
        if (name === 'proto3_optional') continue;
        options.push({ name, value: optionValue(value, name, ctx.input.scan, owner) });
      }
    }
    return options;
  }
  return object.options ? flatOptions(object.options, ctx, owner) : [];
}

function flatOptions(options: Record<string, unknown>, ctx: BuildContext, owner: OptionOwner): ProtoOption[] {
  return Object.entries(options)
    .filter(([name]) => name !== 'proto3_optional')
    .map(([name, value]) => ({ name, value: optionValue(value, name, ctx.input.scan, owner) }));
}

/** An option value as protobufjs parsed it, in kontract's model (`scan`: the text's scan, absent for JSON built-ins). */
export function optionValue(value: unknown, optionName: string, scan: OptionValueSpellings | undefined, owner: OptionOwner): ProtoOptionValue {
  if (typeof value === 'string') return isIdentifierValue(value, optionName, scan, owner) ? { kind: 'identifier', name: value } : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return { kind: 'list', items: value.map((v: unknown) => optionValue(v, optionName, scan, owner)) };
  if (typeof value === 'object' && value !== null) {
    return {
      kind: 'aggregate',
      fields: Object.entries(value as Record<string, unknown>).map(([name, v]) => ({ name, value: optionValue(v, name, scan, owner) })),
    };
  }
  return String(value);
}

/**
 * protobufjs returns `FOO` and `"FOO"` alike as the string `FOO`; the scan tells which spelling the
 * text used. When it used both, or when there is no text (JSON built-ins), known enum-valued options
 * and enum-typed `default`s are identifiers.
 */
function isIdentifierValue(value: string, optionName: string, scan: OptionValueSpellings | undefined, owner: OptionOwner): boolean {
  if (!identifierRe.test(value)) return false;
  const byName = ENUM_VALUED_OPTIONS.has(optionName) || (owner === 'enumField' && optionName === 'default');
  if (!scan) return byName;
  const bare = scan.bareOptionValues.has(value);
  const quoted = scan.quotedOptionValues.has(value);
  if (bare && !quoted) return true;
  if (quoted && !bare) return false;
  return byName;
}
