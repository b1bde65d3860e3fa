import { avroFormat } from '../../schema/avro.js';
import type { ParsedAvroSchema } from '../../schema/avro-model.js';
import type { FormatCompatibility } from '../types.js';
import { checkReaderWriterCompatibility } from './reader-writer.js';
import { avroRules } from './rules.js';

export { avroRules, type AvroRuleId } from './rules.js';
export { checkReaderWriterCompatibility } from './reader-writer.js';

/**
 * Avro's part of the compatibility engine: Apache Avro's reader/writer check (what Confluent Schema Registry
 * runs), reporting every incompatibility with Avro's location and a specific message. `options` (the JSON
 * Schema policy) does not apply to Avro.
 *
 * @example
 * ```ts
 * const reader = avroFormat.parse({ schema: '{"type":"record","name":"A","fields":[{"name":"x","type":"int"}]}' });
 * const writer = avroFormat.parse({ schema: '{"type":"record","name":"A","fields":[]}' });
 * avroCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' });
 * // [{ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/0', message: 'reader field "x" has no default …' }]
 * ```
 */
export const avroCompatibility: FormatCompatibility<ParsedAvroSchema> = {
  format: avroFormat,
  rules: avroRules,
  diff: (reader, writer) => checkReaderWriterCompatibility(reader.root, writer.root),
};
