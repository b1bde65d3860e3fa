/**
 * Files every Protobuf schema may import without a schema reference, as in Confluent Schema
 * Registry: Google's well-known types (`google/protobuf/*.proto`, from the definitions protobufjs
 * ships) and Confluent's bundled `confluent/meta.proto` and `confluent/type/decimal.proto`.
 * (`google/protobuf/type.proto` and `api.proto` are not built in: protobufjs's copies repeat types
 * of `any.proto`; `google/type/*.proto` are not built in either — pass them as references.)
 *
 * protobufjs's `descriptor.json` spells field names in camelCase; {@link BuiltinProtoFile.camelCaseFieldNames}
 * tells the model builder to restore protoc's snake_case names.
 */
import protobuf from 'protobufjs';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json' with { type: 'json' };
import sourceContextJson from 'protobufjs/google/protobuf/source_context.json' with { type: 'json' };
import type { ProtoSyntax } from './model.js';

/** A built-in file: either protobufjs JSON (Google's) or `.proto` text (Confluent's). */
export type BuiltinProtoFile =
  | {
      name: string;
      syntax: ProtoSyntax;
      packageName: string;
      json: protobuf.INamespace;
      imports: readonly string[];
      camelCaseFieldNames: boolean;
    }
  | { name: string; text: string };

const confluentMeta = `syntax = "proto3";
package confluent;

import "google/protobuf/descriptor.proto";

option go_package = "github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/confluent";
option java_package = "io.confluent.protobuf";
option java_outer_classname = "MetaProto";

message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}

extend google.protobuf.FileOptions {
  Meta file_meta = 1088;
}
extend google.protobuf.MessageOptions {
  Meta message_meta = 1088;
}
extend google.protobuf.FieldOptions {
  Meta field_meta = 1088;
}
extend google.protobuf.EnumOptions {
  Meta enum_meta = 1088;
}
extend google.protobuf.EnumValueOptions {
  Meta enum_value_meta = 1088;
}
`;

const confluentDecimal = `syntax = "proto3";

package confluent.type;

option go_package = "github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/confluent/types";

message Decimal {

  // The two's-complement representation of the unscaled integer value in big-endian byte order
  bytes value = 1;

  // The precision
  uint32 precision = 2;

  // The scale
  int32 scale = 3;
}
`;

function commonJson(name: string): protobuf.INamespace {
  const json: unknown = (protobuf.common as unknown as Record<string, unknown>)[name];
  if (typeof json !== 'object' || json === null) throw new Error(`protobufjs does not ship ${name}`);
  return json as protobuf.INamespace;
}

const googleFiles: Array<[string, ProtoSyntax, () => protobuf.INamespace, readonly string[]]> = [
  ['google/protobuf/any.proto', 'proto3', () => commonJson('google/protobuf/any.proto'), []],
  ['google/protobuf/duration.proto', 'proto3', () => commonJson('google/protobuf/duration.proto'), []],
  ['google/protobuf/empty.proto', 'proto3', () => commonJson('google/protobuf/empty.proto'), []],
  ['google/protobuf/field_mask.proto', 'proto3', () => commonJson('google/protobuf/field_mask.proto'), []],
  ['google/protobuf/struct.proto', 'proto3', () => commonJson('google/protobuf/struct.proto'), []],
  ['google/protobuf/timestamp.proto', 'proto3', () => commonJson('google/protobuf/timestamp.proto'), []],
  ['google/protobuf/wrappers.proto', 'proto3', () => commonJson('google/protobuf/wrappers.proto'), []],
  ['google/protobuf/descriptor.proto', 'proto2', () => descriptorJson as protobuf.INamespace, []],
  ['google/protobuf/source_context.proto', 'proto3', () => sourceContextJson as protobuf.INamespace, []],
];

const builtins = new Map<string, () => BuiltinProtoFile>([
  ...googleFiles.map(
    ([name, syntax, json, imports]) =>
      [
        name,
        () => ({ name, syntax, packageName: 'google.protobuf', json: json(), imports, camelCaseFieldNames: name.endsWith('/descriptor.proto') }),
      ] as [string, () => BuiltinProtoFile],
  ),
  ['confluent/meta.proto', () => ({ name: 'confluent/meta.proto', text: confluentMeta })],
  ['confluent/type/decimal.proto', () => ({ name: 'confluent/type/decimal.proto', text: confluentDecimal })],
]);

/** The import paths that are built in. */
export const BUILTIN_PROTO_IMPORTS: readonly string[] = [...builtins.keys()];

export function isBuiltinProtoImport(path: string): boolean {
  return builtins.has(path);
}

/** The built-in file for an import path, if it is one. */
export function builtinProtoFile(path: string): BuiltinProtoFile | undefined {
  return builtins.get(path)?.();
}
