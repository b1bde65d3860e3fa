/**
 * Protobuf serialization of one schema version: the message the topic carries (the descriptor's
 * `recordName`, else the file's first message) framed with Confluent's message indexes, and readers that
 * pick the message a payload names by its indexes.
 */
import { KontractError } from '../../errors.js';
import { messageIndexes, messageNameAt } from '../../schema/protobuf/indexes.js';
import type { ParsedProtobufSchema } from '../../schema/protobuf/model.js';
import { ValueError } from '../value-error.js';
import { writeFrame, frameSize } from '../wire.js';
import type { LongType } from '../long-type.js';
import { type MessageCodec, ProtobufCodecs } from './codec.js';
import { ProtoWireError } from './reader.js';
import { ProtoWriter } from './writer.js';

/** One writer serves every serializer: encoding is synchronous. */
const writer = new ProtoWriter();

/** Reads a Protobuf payload (after the frame) as the message its indexes name. */
export type ProtobufPayloadReader = (data: Buffer, offset: number, indexes: readonly number[] | undefined) => unknown;

export class ProtobufSerde {
  readonly codecs: ProtobufCodecs;
  /** Full name of the message values are written as. */
  readonly messageName: string;
  readonly messageIndexes: number[];
  private readonly message: MessageCodec;

  constructor(
    readonly parsed: ParsedProtobufSchema,
    longType: LongType,
    recordName?: string,
  ) {
    const name = recordName ?? parsed.file.messages[0]?.fullName;
    if (name === undefined) {
      throw new KontractError('SCHEMA_INVALID', 'the Protobuf schema declares no message, so it has no value to serialize', {
        hint: 'Declare the message this subject carries first in the file.',
      });
    }
    this.messageIndexes = messageIndexes(parsed, name);
    this.messageName = messageNameAt(parsed, this.messageIndexes);
    this.codecs = new ProtobufCodecs(parsed, longType);
    this.message = this.codecs.message(this.messageName);
  }

  /**
   * `value` framed with `schemaId` and this message's indexes, in one buffer. Throws {@link ValueError}
   * when it does not fit the message. `writeIndexes: false` leaves the index list out, as
   * `@kafkajs/confluent-schema-registry` does.
   */
  encode(value: unknown, schemaId: number, writeIndexes = true): Buffer {
    const indexes = writeIndexes ? this.messageIndexes : undefined;
    const start = frameSize(indexes);
    writer.reset(0);
    writer.ensure(start);
    writeFrame(writer.buffer, schemaId, indexes);
    writer.reset(start);
    this.message.encodeContent(writer, value);
    return writer.finish();
  }

  /**
   * A reader for payloads written with `writerSchema` (this schema when the same): the message is the one
   * the indexes name in the writer's schema, read with this schema's declaration of the same name.
   */
  readerFor(writerSchema: ProtobufSerde | undefined): ProtobufPayloadReader {
    const source = writerSchema ?? this;
    const byIndexes = new Map<string, MessageCodec>();
    // Top-level messages (one index, nearly always [0]) are found without building a key.
    const topLevel: MessageCodec[] = [];
    const messageOf = (indexes: readonly number[] | undefined): MessageCodec => {
      if (indexes === undefined) return this.message;
      const single = indexes.length === 1 ? topLevel[indexes[0]!] : undefined;
      if (single) return single;
      const key = indexes.join(',');
      let codec = byIndexes.get(key);
      if (!codec) {
        const name = messageNameAt(source.parsed, indexes);
        const entry = this.parsed.types.get(name);
        if (!entry || entry.kind !== 'message') {
          throw new KontractError('READER_INCOMPATIBLE', `the payload is a ${name} message, which the reader's schema does not declare`, {
            hint: 'Regenerate the consumer from a schema version that declares this message.',
            context: { message: name },
          });
        }
        codec = this.codecs.message(name);
        byIndexes.set(key, codec);
        if (indexes.length === 1) topLevel[indexes[0]!] = codec;
      }
      return codec;
    };
    return (data, offset, indexes) => {
      const codec = messageOf(indexes);
      try {
        return codec.decode(data, offset);
      } catch (error) {
        if (error instanceof ProtoWireError) throw new ValueError(`the Protobuf payload is malformed: ${error.message}`);
        throw error;
      }
    };
  }
}
