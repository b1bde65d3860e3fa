/**
 * The Protobuf schema format: `.proto` text (or base64 of a serialized `FileDescriptorProto`, as
 * Confluent accepts) with its imports, parsed into {@link ParsedProtobufSchema}.
 *
 * - Imports resolve from `source.references` (import path → text), recursively. Google's well-known
 *   types (`google/protobuf/{any,duration,empty,field_mask,struct,timestamp,wrappers,descriptor,source_context}.proto`),
 *   Google's common types (`google/type/{date,money,latlng,timeofday,…}.proto`) and Confluent's
 *   `confluent/meta.proto` and `confluent/type/decimal.proto` are built in, as in Confluent.
 * - Named types resolve with Confluent's (protoc's) scoping rules; an unknown type or import is
 *   `REFERENCE_UNRESOLVED`, a duplicate name `NAME_CLASH`, a duplicate, out-of-range (0, above
 *   2^29-1, 19000-19999) or reserved field number `SCHEMA_INVALID`, syntax errors `SCHEMA_SYNTAX` —
 *   each with the element path (`#/Order/3`: message path, then field number) and line/column.
 * - `normalize` prints the model canonically (see {@link printProtoFile}): comments dropped, imports and
 *   options sorted, named types fully qualified, fields and enum values ordered by number; message
 *   order is kept because it decides the message indexes.
 */
import { KontractError } from '../errors.js';
import type { ParseOptions, SchemaFormat } from './format.js';
import { isBuiltinProtoImport } from './protobuf/builtins.js';
import { protoTextFromDescriptorBase64, toFileDescriptorProtoBase64 } from './protobuf/descriptor.js';
import { looksLikeBase64 } from './protobuf/file.js';
import { loadProtobufSchema } from './protobuf/load.js';
import type { ParsedProtobufSchema } from './protobuf/model.js';
import { printProtoFile } from './protobuf/print.js';
import { scanProto } from './protobuf/scan.js';
import type { SchemaSource } from './types.js';

export type * from './protobuf/model.js';
export { PROTO_SCALARS, isProtoScalar } from './protobuf/model.js';
export { BUILTIN_PROTO_IMPORTS, isBuiltinProtoImport } from './protobuf/builtins.js';
export { protoTextFromDescriptorBase64, toFileDescriptorProtoBase64 } from './protobuf/descriptor.js';
export { looksLikeBase64 } from './protobuf/file.js';
export { messageIndexes, messageNameAt } from './protobuf/indexes.js';
export { printProtoFile, type PrintOptions } from './protobuf/print.js';
export { protobufMessageType, protobufRoot } from './protobuf/root.js';
export { resolveTypeName } from './protobuf/load.js';

/** The Protobuf {@link SchemaFormat}, plus the serialized-descriptor form Confluent serves with `?format=serialized`. */
export interface ProtobufFormat extends SchemaFormat<ParsedProtobufSchema> {
  /** Parse `source` and return it as base64 of a serialized `FileDescriptorProto` (see {@link toFileDescriptorProtoBase64}). */
  toFileDescriptorProtoBase64(source: SchemaSource): string;
}

function parseProtobuf(source: SchemaSource, options: ParseOptions = {}): ParsedProtobufSchema {
  try {
    return loadProtobufSchema(source);
  } catch (error) {
    if (error instanceof KontractError && options.file !== undefined) throw error.withLocation({ file: options.file });
    throw error;
  }
}

/** Import paths of a schema text, except the built-in files. Throws only on syntax errors. */
function referencedImports(schema: string): string[] {
  const text = looksLikeBase64(schema) ? (protoTextFromDescriptorBase64(schema) ?? schema) : schema;
  const paths = scanProto(text).imports.map((i) => i.path);
  return [...new Set(paths)].filter((path) => !isBuiltinProtoImport(path));
}

export const protobufFormat: ProtobufFormat = {
  type: 'PROTOBUF',
  fileExtensions: ['.proto'],
  parse: parseProtobuf,
  referencedNames: referencedImports,
  definedNames: () => [],
  normalize: (source) => printProtoFile(parseProtobuf(source).file, { canonical: true }),
  topLevelFieldNames: (parsed) => [...new Set(parsed.file.messages.flatMap((m) => m.fields.filter((f) => f.oneof === undefined).map((f) => f.name)))],
  toFileDescriptorProtoBase64: (source) => toFileDescriptorProtoBase64(parseProtobuf(source)),
};
