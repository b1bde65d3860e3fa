/**
 * What the Kafka layer needs from serialization: turning keys and values into bytes per topic and back.
 * The schema-aware serde (Confluent wire format, Avro/Protobuf/JSON Schema) implements this; the Kafka
 * layer never looks inside the bytes.
 */
import { KontractError } from '../errors.js';

/**
 * Encodes and decodes one application's topics. Methods are synchronous so that sending and handling
 * stay cheap; anything slow (fetching or registering schema ids) happens once in {@link TopicCodec.prepare}.
 * A decode method throws (preferably a {@link KontractError}) when the bytes are not a valid message:
 * the consumer then sends the message to its dead-letter topic instead of calling the handler.
 */
export interface TopicCodec {
  /** Called once with the topics a producer writes or a consumer reads, before the first encode/decode. */
  prepare?(topics: readonly string[]): Promise<void>;
  /**
   * Makes a consumed key or value decodable by the synchronous decode methods: fetches what the codec lacks
   * (e.g. the writer schema of a schema id it has not seen). Returns `undefined` when nothing is missing —
   * the common case, so the consumer awaits only when needed. A rejection with a retriable error (registry
   * unreachable) makes the consumer back off and read the message again; any other rejection dead-letters it.
   */
  ensureDecodable?(topic: string, data: Buffer, part: 'key' | 'value'): Promise<void> | undefined;
  /** Bytes of a non-null key; `null` for a message without key. */
  encodeKey(topic: string, key: unknown): Buffer | null;
  encodeValue(topic: string, value: unknown): Buffer;
  /** The key of a consumed message (only called for non-null keys). */
  decodeKey(topic: string, data: Buffer): unknown;
  decodeValue(topic: string, data: Buffer): unknown;
}

/**
 * A codec for topics that carry plain JSON values (UTF-8, no schema registry framing) and UTF-8
 * string keys. Useful for tests and for topics outside the schema repository.
 */
export function jsonCodec(): TopicCodec {
  return {
    encodeKey(topic, key) {
      if (key === null || key === undefined) return null;
      if (typeof key === 'string') return Buffer.from(key, 'utf8');
      if (Buffer.isBuffer(key)) return key;
      throw new KontractError('PAYLOAD_INVALID', `A key for topic "${topic}" must be a string, got ${typeof key}.`, {
        hint: 'Pass the key as a string (or null), or use a codec that knows the key schema.',
        context: { topic },
      });
    },
    encodeValue(topic, value) {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        throw new KontractError('PAYLOAD_INVALID', `The value for topic "${topic}" cannot be written as JSON: ${messageOf(error)}`, {
          hint: 'Values must be JSON-serializable (no cycles; BigInt needs a toJSON).',
          cause: error,
          context: { topic },
        });
      }
      if (text === undefined) {
        throw new KontractError('PAYLOAD_INVALID', `The value for topic "${topic}" has no JSON form (${typeof value}).`, {
          hint: 'Send an object, array, string, number, boolean or null.',
          context: { topic },
        });
      }
      return Buffer.from(text, 'utf8');
    },
    decodeKey(_topic, data) {
      return data.toString('utf8');
    },
    decodeValue(topic, data) {
      try {
        return JSON.parse(data.toString('utf8')) as unknown;
      } catch (error) {
        throw new KontractError('PAYLOAD_INVALID', `A message on topic "${topic}" is not valid JSON: ${messageOf(error)}`, {
          hint: 'The producer of this topic wrote something other than JSON; the message goes to the dead-letter topic.',
          cause: error,
          context: { topic },
        });
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
