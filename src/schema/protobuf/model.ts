/**
 * The parsed Protobuf model shared by the compatibility engine, codegen and serialization.
 * Produced by `protobufFormat.parse` (src/schema/protobuf.ts) from `.proto` text (or a base64
 * `FileDescriptorProto`) plus the texts of its imports.
 *
 * It keeps what Square Wire's model (the one Confluent's Protobuf diff works on) keeps: source
 * order of messages and enums per nesting level, field labels as written, oneofs, map fields,
 * package and syntax; and adds what kontract resolves up front: every named field type's full
 * name and declaration, the file it comes from, and line/column positions for diagnostics.
 */

/** The 15 scalar value types of Protobuf. */
export type ProtoScalar =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export const PROTO_SCALARS: readonly ProtoScalar[] = [
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
];

export function isProtoScalar(name: string): name is ProtoScalar {
  return (PROTO_SCALARS as readonly string[]).includes(name);
}

/** `syntax = "proto2"` (also the default when a file declares none) or `"proto3"`. */
export type ProtoSyntax = 'proto2' | 'proto3';

/**
 * A field label as Square Wire reports it: proto2 fields carry theirs, proto3 `optional` keeps
 * `optional`, `repeated` is always kept; proto3 singular fields, oneof members and map fields have none.
 */
export type ProtoLabel = 'optional' | 'required' | 'repeated';

/** 1-based line and column in the file's text. */
export interface ProtoPosition {
  line: number;
  column: number;
}

/** A scalar field (or map value) type. */
export interface ProtoScalarType {
  kind: 'scalar';
  scalar: ProtoScalar;
}

/** A message or enum type, as written and as resolved. */
export interface ProtoNamedType {
  kind: 'named';
  /** The type name exactly as written (`Status`, `.foo.Bar`, `google.protobuf.Timestamp`). */
  written: string;
  /** The resolved full name without leading dot (`foo.Outer.Inner`). */
  fullName: string;
  /** What the name resolved to. */
  target: 'message' | 'enum';
}

export type ProtoValueType = ProtoScalarType | ProtoNamedType;

/** `map<key, value>`. */
export interface ProtoMapType {
  kind: 'map';
  key: ProtoScalar;
  value: ProtoValueType;
}

export type ProtoFieldType = ProtoValueType | ProtoMapType;

/** An enum constant used as an option value (`optimize_for = SPEED`), as opposed to a string. */
export interface ProtoOptionIdentifier {
  kind: 'identifier';
  name: string;
}

/** A list in an aggregate option value (`tags: ["a", "b"]`). */
export interface ProtoOptionList {
  kind: 'list';
  items: readonly ProtoOptionValue[];
}

/** An aggregate option value in text format (`{ doc: "x" params: { key: "k" } }`). */
export interface ProtoOptionAggregate {
  kind: 'aggregate';
  fields: readonly ProtoOption[];
}

/** An option value: scalar, enum identifier, list, or aggregate. */
export type ProtoOptionValue = string | number | boolean | ProtoOptionIdentifier | ProtoOptionList | ProtoOptionAggregate;

/** `option name = value;` or `[name = value]`; custom options keep their parentheses: `(confluent.field_meta)`. */
export interface ProtoOption {
  name: string;
  value: ProtoOptionValue;
}

export interface ProtoField {
  name: string;
  number: number;
  /** Label as Wire reports it; absent for proto3 singular fields, oneof members and map fields. */
  label?: ProtoLabel;
  type: ProtoFieldType;
  /** Name of the (real) oneof the field belongs to. */
  oneof?: string;
  /** Declared `optional` in a proto3 file (explicit presence; protoc models it as a synthetic oneof). */
  proto3Optional: boolean;
  /** Leading or trailing comment, when the text has one. */
  comment?: string;
  /** Field options (`deprecated`, proto2 `default`, custom ones), in source order. */
  options: readonly ProtoOption[];
  position?: ProtoPosition;
}

export interface ProtoOneof {
  name: string;
  /** Field numbers of the members, in declaration order. */
  fieldNumbers: readonly number[];
  comment?: string;
  options: readonly ProtoOption[];
  position?: ProtoPosition;
}

/** A number range `from..to` (inclusive); `to` is 536870911 for `max`. */
export interface ProtoRange {
  from: number;
  to: number;
}

/** A proto2 group: a field whose type is the message declared inline. */
export interface ProtoGroup {
  /** Field name (lower-cased group name). */
  fieldName: string;
  number: number;
  label?: ProtoLabel;
  oneof?: string;
  message: ProtoMessage;
}

/** A group as the field it is on the wire: a field of the group's message type. */
export function groupAsField(group: ProtoGroup): ProtoField {
  return {
    name: group.fieldName,
    number: group.number,
    ...(group.label === undefined ? {} : { label: group.label }),
    type: { kind: 'named', written: group.message.name, fullName: group.message.fullName, target: 'message' },
    ...(group.oneof === undefined ? {} : { oneof: group.oneof }),
    proto3Optional: false,
    options: [],
  };
}

/** The well-known wrapper messages (`google/protobuf/wrappers.proto`) and the scalar each wraps. */
export const PROTO_WRAPPER_SCALARS: Readonly<Record<string, ProtoScalar>> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

/** `extend Target { … }`, at file level or inside a message. */
export interface ProtoExtension {
  /** The extended message as written. */
  extendee: string;
  /** Full name of the extended message. */
  extendeeFullName: string;
  fields: readonly ProtoField[];
}

export interface ProtoMessage {
  kind: 'message';
  name: string;
  /** `package.Outer.Inner` (no leading dot). */
  fullName: string;
  /** Name relative to the package: `Outer.Inner`. */
  localName: string;
  comment?: string;
  /**
   * Every field except groups, in declaration order: top-level fields, proto3 `optional` fields and
   * oneof members alike (see {@link ProtoField.oneof}).
   */
  fields: readonly ProtoField[];
  /** Real oneofs (not the synthetic ones protoc makes for proto3 `optional`). */
  oneofs: readonly ProtoOneof[];
  /** Nested messages in source order (groups excluded: they are in {@link groups}). */
  messages: readonly ProtoMessage[];
  /** Nested enums in source order. */
  enums: readonly ProtoEnum[];
  groups: readonly ProtoGroup[];
  extensions: readonly ProtoExtension[];
  reservedRanges: readonly ProtoRange[];
  reservedNames: readonly string[];
  extensionRanges: readonly ProtoRange[];
  options: readonly ProtoOption[];
  /** Declares `option map_entry = true` (written out by hand or by a descriptor): a map's entry type. */
  isMapEntry: boolean;
  position?: ProtoPosition;
}

export interface ProtoEnumValue {
  name: string;
  number: number;
  comment?: string;
  options: readonly ProtoOption[];
  position?: ProtoPosition;
}

export interface ProtoEnum {
  kind: 'enum';
  name: string;
  fullName: string;
  localName: string;
  comment?: string;
  values: readonly ProtoEnumValue[];
  reservedRanges: readonly ProtoRange[];
  reservedNames: readonly string[];
  options: readonly ProtoOption[];
  position?: ProtoPosition;
}

export interface ProtoMethod {
  name: string;
  /** Request type as written. */
  inputType: string;
  /** Response type as written. */
  outputType: string;
  /** Resolved full names (no leading dot). */
  inputFullName: string;
  outputFullName: string;
  clientStreaming: boolean;
  serverStreaming: boolean;
  comment?: string;
  options: readonly ProtoOption[];
}

export interface ProtoService {
  name: string;
  comment?: string;
  methods: readonly ProtoMethod[];
  options: readonly ProtoOption[];
}

export interface ProtoImport {
  path: string;
  modifier?: 'public' | 'weak';
  position?: ProtoPosition;
}

/**
 * Where a file came from. Types from two files with the same origin are not re-compared by the
 * compatibility engine (Confluent skips types from the same reference subject and version).
 */
export type ProtoOrigin =
  | { kind: 'main' }
  /** `identity` is the same exactly when the import name, text and everything it imports are the same. */
  | { kind: 'reference'; identity: string }
  | { kind: 'builtin' };

export interface ProtoFile {
  /** Import path; for the main schema `default` (the file name Confluent gives a schema). */
  name: string;
  syntax: ProtoSyntax;
  package?: string;
  imports: readonly ProtoImport[];
  options: readonly ProtoOption[];
  /** Top-level messages in source order. */
  messages: readonly ProtoMessage[];
  /** Top-level enums in source order. */
  enums: readonly ProtoEnum[];
  services: readonly ProtoService[];
  extensions: readonly ProtoExtension[];
  origin: ProtoOrigin;
  /** The `.proto` text the file was parsed from (printed from the descriptor when given as base64). */
  text: string;
}

/** A message or enum registered under its full name, with the file that declares it. */
export type ProtoTypeEntry =
  | { kind: 'message'; fullName: string; localName: string; declaration: ProtoMessage; file: ProtoFile }
  | { kind: 'enum'; fullName: string; localName: string; declaration: ProtoEnum; file: ProtoFile };

/** A parsed, fully resolved Protobuf schema: the main file, its (transitive) imports and a type registry. */
export interface ParsedProtobufSchema {
  /** The schema itself. */
  file: ProtoFile;
  /** Every file it imports, transitively (references and the built-in files used), in load order. */
  dependencies: readonly ProtoFile[];
  /** Every message and enum of the file and its dependencies, by full name (no leading dot). */
  types: ReadonlyMap<string, ProtoTypeEntry>;
}
