import type { SchemaType } from '../schema/types.js';
import { avroCompatibility } from './avro/index.js';
import { jsonSchemaCompatibility } from './jsonschema/index.js';
import { protobufCompatibility } from './protobuf/index.js';
import type { FormatCompatibility } from './types.js';

const byType: Record<SchemaType, FormatCompatibility<unknown>> = {
  AVRO: avroCompatibility as FormatCompatibility<unknown>,
  PROTOBUF: protobufCompatibility as FormatCompatibility<unknown>,
  JSON: jsonSchemaCompatibility as FormatCompatibility<unknown>,
};

/** The engine's entry for one format. */
export function compatibilityFor(schemaType: SchemaType): FormatCompatibility<unknown> {
  return byType[schemaType];
}

/** Every compatibility rule of every format, for `kontract rules` and the README reference. */
export function allFormatCompatibilities(): FormatCompatibility<unknown>[] {
  return Object.values(byType);
}
