import { KontractError } from '../errors.js';
import { avroFormat } from './avro.js';
import type { SchemaFormat } from './format.js';
import { jsonSchemaFormat } from './jsonschema.js';
import { protobufFormat } from './protobuf.js';
import type { SchemaType } from './types.js';

const byType: Record<SchemaType, SchemaFormat<unknown>> = {
  AVRO: avroFormat as SchemaFormat<unknown>,
  PROTOBUF: protobufFormat as SchemaFormat<unknown>,
  JSON: jsonSchemaFormat as SchemaFormat<unknown>,
};

/** The format implementation for a registry schema type. */
export function schemaFormat(schemaType: SchemaType): SchemaFormat<unknown> {
  return byType[schemaType];
}

/** The schema type of a repository file, from its extension; `undefined` when it is not a schema file. */
export function schemaTypeOfFile(fileName: string): SchemaType | undefined {
  for (const format of Object.values(byType)) {
    if (format.fileExtensions.some((ext) => fileName.endsWith(ext))) return format.type;
  }
  return undefined;
}

/** Parse `schemaType` from user input (registry `schemaType`, CLI `--type`); absent means AVRO, as in Confluent. */
export function parseSchemaType(value: string | undefined): SchemaType {
  if (value === undefined || value === '') return 'AVRO';
  const upper = value.toUpperCase();
  if (upper === 'AVRO' || upper === 'PROTOBUF' || upper === 'JSON') return upper;
  throw new KontractError('USAGE', `unknown schema type "${value}"`, { hint: 'Use AVRO, PROTOBUF or JSON.' });
}
