/**
 * Confluent's subject name strategies: which registry subject a topic's key or value schema lives under.
 */
import { KontractError } from '../errors.js';
import type { SubjectNameStrategy } from '../project/types.js';
import type { SchemaVersionInfo } from '../runtime/index.js';

export type { SubjectNameStrategy };

/** Key or value of a message. */
export type MessagePart = 'key' | 'value';

/**
 * The subject of `topic`'s `part` under `strategy`:
 * - `TopicNameStrategy` (the default): `<topic>-key` / `<topic>-value`;
 * - `RecordNameStrategy`: the record's full name (Avro record, Protobuf message, JSON Schema `title`);
 * - `TopicRecordNameStrategy`: `<topic>-<record name>`.
 */
export function subjectName(strategy: SubjectNameStrategy, topic: string, part: MessagePart, schema: SchemaVersionInfo): string {
  if (strategy === 'TopicNameStrategy') return `${topic}-${part}`;
  const recordName = schema.recordName?.replace(/^\./, '');
  if (!recordName) {
    throw new KontractError('USAGE', `${strategy} needs the record name of the ${part} schema of topic "${topic}", and ${schema.subject} v${schema.version} has none.`, {
      hint:
        schema.schemaType === 'JSON'
          ? 'Give the JSON Schema a "title" (it is the record name), or use TopicNameStrategy.'
          : 'Use a named type (an Avro record, a Protobuf message) as the schema root, or use TopicNameStrategy.',
      context: { topic, subject: schema.subject },
    });
  }
  return strategy === 'RecordNameStrategy' ? recordName : `${topic}-${recordName}`;
}
