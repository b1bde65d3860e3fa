import descriptorModule from 'protobufjs/ext/descriptor/index.js';
import { KontractError } from '../../errors.js';

/*
 * Confluent's Protobuf serializers register schemas as a base64-encoded `FileDescriptorProto` instead
 * of `.proto` text, and Confluent's registry accepts both. This module turns such a descriptor back
 * into `.proto` text, so the registry stores, parses and compares one form only.
 */

interface DescriptorOptions {
  [key: string]: unknown;
}
interface FieldDescriptor {
  name: string;
  number: number;
  label?: number;
  type?: number;
  typeName?: string;
  extendee?: string;
  defaultValue?: string;
  oneofIndex?: number;
  jsonName?: string;
  options?: DescriptorOptions;
  proto3Optional?: boolean;
}
interface Range {
  start?: number;
  end?: number;
}
interface MessageDescriptor {
  name: string;
  field?: FieldDescriptor[];
  extension?: FieldDescriptor[];
  nestedType?: MessageDescriptor[];
  enumType?: EnumDescriptor[];
  extensionRange?: Range[];
  oneofDecl?: { name: string }[];
  options?: DescriptorOptions;
  reservedRange?: Range[];
  reservedName?: string[];
}
interface EnumDescriptor {
  name: string;
  value?: { name: string; number: number; options?: DescriptorOptions }[];
  options?: DescriptorOptions;
  reservedRange?: Range[];
  reservedName?: string[];
}
interface ServiceDescriptor {
  name: string;
  method?: { name: string; inputType: string; outputType: string; clientStreaming?: boolean; serverStreaming?: boolean; options?: DescriptorOptions }[];
}
interface FileDescriptor {
  name?: string;
  package?: string;
  dependency?: string[];
  publicDependency?: number[];
  weakDependency?: number[];
  messageType?: MessageDescriptor[];
  enumType?: EnumDescriptor[];
  service?: ServiceDescriptor[];
  extension?: FieldDescriptor[];
  options?: DescriptorOptions;
  syntax?: string;
}

const SCALAR_TYPES: Record<number, string> = {
  1: 'double',
  2: 'float',
  3: 'int64',
  4: 'uint64',
  5: 'int32',
  6: 'fixed64',
  7: 'fixed32',
  8: 'bool',
  9: 'string',
  12: 'bytes',
  13: 'uint32',
  15: 'sfixed32',
  16: 'sfixed64',
  17: 'sint32',
  18: 'sint64',
};
const TYPE_GROUP = 10;
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;
const LABEL_OPTIONAL = 1;
const LABEL_REQUIRED = 2;
const LABEL_REPEATED = 3;
const MAX_FIELD_NUMBER = 536870911;

/** File options printed back as `option x = …;` (the ones code generators read). */
const FILE_OPTIONS: Record<string, string> = {
  javaPackage: 'java_package',
  javaOuterClassname: 'java_outer_classname',
  javaMultipleFiles: 'java_multiple_files',
  goPackage: 'go_package',
  csharpNamespace: 'csharp_namespace',
  objcClassPrefix: 'objc_class_prefix',
  phpNamespace: 'php_namespace',
  rubyPackage: 'ruby_package',
  swiftPrefix: 'swift_prefix',
  ccEnableArenas: 'cc_enable_arenas',
  deprecated: 'deprecated',
};

/**
 * Whether a registry `schema` text is a base64 `FileDescriptorProto` rather than `.proto` text.
 * `.proto` text always has a space, semicolon or brace somewhere; base64 never does.
 */
export function looksLikeBase64Descriptor(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && trimmed.length % 4 === 0;
}

/** Decode a base64 `FileDescriptorProto` and print it as `.proto` text. Throws `SCHEMA_SYNTAX` when it is not one. */
export function descriptorBase64ToProtoText(base64: string): string {
  let file: FileDescriptor;
  try {
    const type = descriptorModule.FileDescriptorProto;
    const message = type.decode(Buffer.from(base64.trim(), 'base64'));
    file = type.toObject(message, { longs: Number, enums: Number, defaults: false, arrays: true }) as FileDescriptor;
  } catch (cause) {
    throw new KontractError('SCHEMA_SYNTAX', `the schema is neither .proto text nor a base64 FileDescriptorProto: ${cause instanceof Error ? cause.message : String(cause)}`, {
      location: { path: '#/' },
      hint: 'Send the .proto file text, or a base64-encoded serialized FileDescriptorProto.',
      cause,
    });
  }
  return new DescriptorPrinter(file).print();
}

class DescriptorPrinter {
  private readonly lines: string[] = [];
  private readonly proto3: boolean;

  constructor(private readonly file: FileDescriptor) {
    this.proto3 = file.syntax === 'proto3';
  }

  print(): string {
    const file = this.file;
    this.lines.push(`syntax = "${this.proto3 ? 'proto3' : 'proto2'}";`);
    if (file.package) this.lines.push(`package ${file.package};`);
    const publicDeps = new Set(file.publicDependency ?? []);
    const weakDeps = new Set(file.weakDependency ?? []);
    (file.dependency ?? []).forEach((dep, index) => {
      const modifier = publicDeps.has(index) ? 'public ' : weakDeps.has(index) ? 'weak ' : '';
      this.lines.push(`import ${modifier}${quote(dep)};`);
    });
    for (const [key, name] of Object.entries(FILE_OPTIONS)) {
      const value = file.options?.[key];
      if (typeof value === 'string') this.lines.push(`option ${name} = ${quote(value)};`);
      else if (typeof value === 'boolean') this.lines.push(`option ${name} = ${value};`);
    }
    for (const message of file.messageType ?? []) this.printMessage(message, '');
    for (const enumType of file.enumType ?? []) this.printEnum(enumType, '');
    this.printExtensions(file.extension ?? [], '');
    for (const service of file.service ?? []) this.printService(service);
    return this.lines.join('\n') + '\n';
  }

  private printMessage(message: MessageDescriptor, indent: string): void {
    const inner = indent + '  ';
    this.lines.push(`${indent}message ${message.name} {`);
    if (message.options?.deprecated === true) this.lines.push(`${inner}option deprecated = true;`);
    const mapEntries = new Map<string, MessageDescriptor>();
    for (const nested of message.nestedType ?? []) {
      if (nested.options?.mapEntry === true) mapEntries.set(nested.name, nested);
    }
    const fields = message.field ?? [];
    const oneofs = message.oneofDecl ?? [];
    // proto3 `optional` fields live in synthetic oneofs that must not be printed.
    const realOneof = oneofs.map((_, index) => fields.some((f) => f.oneofIndex === index && !f.proto3Optional));
    const printedOneofs = new Set<number>();
    for (const field of fields) {
      const oneofIndex = field.oneofIndex;
      if (oneofIndex !== undefined && realOneof[oneofIndex]) {
        if (printedOneofs.has(oneofIndex)) continue;
        printedOneofs.add(oneofIndex);
        this.lines.push(`${inner}oneof ${oneofs[oneofIndex]!.name} {`);
        for (const member of fields.filter((f) => f.oneofIndex === oneofIndex)) {
          this.lines.push(`${inner}  ${this.fieldLine(member, mapEntries, true)}`);
        }
        this.lines.push(`${inner}}`);
        continue;
      }
      this.lines.push(`${inner}${this.fieldLine(field, mapEntries, false)}`);
    }
    for (const nested of message.nestedType ?? []) {
      if (!mapEntries.has(nested.name)) this.printMessage(nested, inner);
    }
    for (const enumType of message.enumType ?? []) this.printEnum(enumType, inner);
    this.printExtensions(message.extension ?? [], inner);
    const extensionRanges = (message.extensionRange ?? []).map((r) => rangeText(r.start ?? 0, (r.end ?? 1) - 1));
    if (extensionRanges.length > 0) this.lines.push(`${inner}extensions ${extensionRanges.join(', ')};`);
    this.printReserved((message.reservedRange ?? []).map((r) => [r.start ?? 0, (r.end ?? 1) - 1]), message.reservedName ?? [], inner);
    this.lines.push(`${indent}}`);
  }

  private fieldLine(field: FieldDescriptor, mapEntries: Map<string, MessageDescriptor>, inOneof: boolean): string {
    const mapEntry = field.label === LABEL_REPEATED && field.typeName ? mapEntries.get(lastSegment(field.typeName)) : undefined;
    let head: string;
    if (mapEntry) {
      const key = mapEntry.field?.find((f) => f.number === 1);
      const value = mapEntry.field?.find((f) => f.number === 2);
      head = `map<${key ? this.typeName(key) : 'string'}, ${value ? this.typeName(value) : 'string'}>`;
    } else {
      head = `${inOneof ? '' : this.labelPrefix(field)}${this.typeName(field)}`;
    }
    const options: string[] = [];
    if (field.defaultValue !== undefined && !this.proto3) options.push(`default = ${this.defaultText(field)}`);
    if (typeof field.options?.packed === 'boolean') options.push(`packed = ${field.options.packed}`);
    if (field.options?.deprecated === true) options.push('deprecated = true');
    if (field.jsonName !== undefined && field.jsonName !== camelCase(field.name)) options.push(`json_name = ${quote(field.jsonName)}`);
    return `${head} ${field.name} = ${field.number}${options.length > 0 ? ` [${options.join(', ')}]` : ''};`;
  }

  private labelPrefix(field: FieldDescriptor): string {
    if (field.label === LABEL_REPEATED) return 'repeated ';
    if (field.label === LABEL_REQUIRED) return 'required ';
    if (this.proto3) return field.proto3Optional ? 'optional ' : '';
    return field.label === LABEL_OPTIONAL || field.label === undefined ? 'optional ' : '';
  }

  private typeName(field: FieldDescriptor): string {
    const scalar = field.type === undefined ? undefined : SCALAR_TYPES[field.type];
    if (scalar) return scalar;
    if (field.type === TYPE_MESSAGE || field.type === TYPE_ENUM || field.type === TYPE_GROUP || field.typeName) {
      if (!field.typeName) throw invalid(`field ${field.name} has no type name`);
      return field.typeName;
    }
    throw invalid(`field ${field.name} has an unknown type ${String(field.type)}`);
  }

  private defaultText(field: FieldDescriptor): string {
    const value = field.defaultValue ?? '';
    if (field.type === 9) return quote(value);
    if (field.type === 12) return `"${value.replace(/"/g, '\\"')}"`;
    return value;
  }

  private printEnum(enumType: EnumDescriptor, indent: string): void {
    const inner = indent + '  ';
    this.lines.push(`${indent}enum ${enumType.name} {`);
    if (enumType.options?.allowAlias === true) this.lines.push(`${inner}option allow_alias = true;`);
    for (const value of enumType.value ?? []) {
      const deprecated = value.options?.deprecated === true ? ' [deprecated = true]' : '';
      this.lines.push(`${inner}${value.name} = ${value.number}${deprecated};`);
    }
    // Enum reserved ranges are inclusive at both ends.
    this.printReserved((enumType.reservedRange ?? []).map((r) => [r.start ?? 0, r.end ?? 0]), enumType.reservedName ?? [], inner);
    this.lines.push(`${indent}}`);
  }

  private printReserved(ranges: [number, number][], names: string[], indent: string): void {
    if (ranges.length > 0) this.lines.push(`${indent}reserved ${ranges.map(([a, b]) => rangeText(a, b)).join(', ')};`);
    if (names.length > 0) this.lines.push(`${indent}reserved ${names.map(quote).join(', ')};`);
  }

  private printExtensions(extensions: FieldDescriptor[], indent: string): void {
    const byExtendee = new Map<string, FieldDescriptor[]>();
    for (const ext of extensions) {
      const list = byExtendee.get(ext.extendee ?? '') ?? [];
      list.push(ext);
      byExtendee.set(ext.extendee ?? '', list);
    }
    for (const [extendee, fields] of byExtendee) {
      this.lines.push(`${indent}extend ${extendee} {`);
      for (const field of fields) this.lines.push(`${indent}  ${this.fieldLine(field, new Map(), false)}`);
      this.lines.push(`${indent}}`);
    }
  }

  private printService(service: ServiceDescriptor): void {
    this.lines.push(`service ${service.name} {`);
    for (const method of service.method ?? []) {
      const input = `${method.clientStreaming ? 'stream ' : ''}${method.inputType}`;
      const output = `${method.serverStreaming ? 'stream ' : ''}${method.outputType}`;
      this.lines.push(`  rpc ${method.name} (${input}) returns (${output});`);
    }
    this.lines.push('}');
  }
}

function rangeText(start: number, end: number): string {
  if (start === end) return String(start);
  return `${start} to ${end >= MAX_FIELD_NUMBER ? 'max' : end}`;
}

function lastSegment(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}

function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function invalid(message: string): KontractError {
  return new KontractError('SCHEMA_INVALID', `the FileDescriptorProto is invalid: ${message}`, { location: { path: '#/' } });
}
