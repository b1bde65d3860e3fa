/**
 * A producer that serializes with a {@link TopicCodec}, checks what Kafka would otherwise reject late
 * (size) or accept silently (a missing key where order matters), stamps the envelope ids into headers
 * and propagates the handled event's context. Safe defaults: `acks: -1`, idempotent, gzip.
 */
import { KontractError } from '../errors.js';
import { adapterOf } from './adapter.js';
import type { CompressionName, DeliveryReport, KafkaConnection, OutgoingMessage, ProducerAdapter, TopicMessages } from './adapter.js';
import type { TopicCodec } from './codec.js';
import { currentEventContext, eventHeaders, prepareOutgoing } from './envelope.js';
import type { EventContext } from './envelope.js';

/** Topic name → the types of its values and keys, for type-checked sends. */
export type TopicTypeMap = Record<string, { value: unknown; key: unknown }>;

/** The default for `maxMessageBytes`: Kafka's default `message.max.bytes` (1 MiB), minus nothing. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;

export type ProducerOptions = KafkaConnection & {
  codec: TopicCodec;
  /**
   * The topics this producer writes. When given, the codec is prepared for them on `connect` and a
   * send to any other topic is refused (a typo would otherwise create a topic). When absent, the codec
   * is prepared for each topic on its first send.
   */
  topics?: readonly string[];
  /** Default -1 (all in-sync replicas). */
  acks?: -1 | 0 | 1;
  /** Default true; needs `acks: -1`. */
  idempotent?: boolean;
  /** Default 'gzip'. */
  compression?: CompressionName;
  /**
   * Largest serialized message (key + value + headers) accepted, in bytes; larger ones fail with
   * `MESSAGE_TOO_LARGE` before reaching Kafka. Default 1 MiB, Kafka's default broker limit.
   */
  maxMessageBytes?: number;
  /** Topics whose messages must have a non-null key (`KEY_REQUIRED` otherwise), or a predicate. */
  requireKey?: readonly string[] | ((topic: string) => boolean);
  /** How long the broker may wait for acks. */
  timeoutMs?: number;
};

export interface ProduceMessage<Value = unknown, Key = unknown> {
  value: Value;
  key?: Key | null;
  /** Extra headers; they override the envelope headers of the same name. */
  headers?: Record<string, string | Buffer>;
  partition?: number;
  /** Default: now (set by the client). */
  timestamp?: Date;
  /** The event this one is caused by. Default: the event being handled, if any. */
  causedBy?: EventContext;
}

export type ProduceBatchItem<Topics extends TopicTypeMap> = {
  [Topic in keyof Topics & string]: ProduceMessage<Topics[Topic]['value'], Topics[Topic]['key']> & { topic: Topic };
}[keyof Topics & string];

export interface Producer<Topics extends TopicTypeMap = TopicTypeMap> {
  /** Connects and prepares the codec. Sending connects on demand too. */
  connect(): Promise<void>;
  send<Topic extends keyof Topics & string>(
    topic: Topic,
    message: ProduceMessage<Topics[Topic]['value'], Topics[Topic]['key']>,
  ): Promise<DeliveryReport>;
  /** Sends many messages in one request per broker; all are serialized and checked before anything is sent. */
  sendBatch(messages: ReadonlyArray<ProduceBatchItem<Topics>>): Promise<DeliveryReport[]>;
  /** Resolves once every send started so far has finished (successfully or not). */
  flush(): Promise<void>;
  /** Flushes, then disconnects. Later sends fail. */
  disconnect(): Promise<void>;
}

function keyRequiredPredicate(rule: ProducerOptions['requireKey']): (topic: string) => boolean {
  if (rule === undefined) return () => false;
  if (typeof rule === 'function') return rule;
  const topics = new Set(rule);
  return (topic) => topics.has(topic);
}

/**
 * Bytes of the headers' names and values: exact when `exact`, else an upper bound (3 bytes per UTF-16 unit,
 * UTF-8's worst case) that costs no encoding pass — enough to see that a message is far below the limit.
 */
function headersSize(headers: Record<string, Buffer | string | Array<Buffer | string>>, exact: boolean): number {
  let size = 0;
  for (const name in headers) {
    const value = headers[name]!;
    const nameSize = exact ? Buffer.byteLength(name) : name.length * 3;
    if (Array.isArray(value)) {
      for (const item of value) size += nameSize + itemSize(item, exact);
    } else size += nameSize + itemSize(value, exact);
  }
  return size;
}

function itemSize(item: Buffer | string, exact: boolean): number {
  if (typeof item !== 'string') return item.length;
  return exact ? Buffer.byteLength(item) : item.length * 3;
}

/** Creates a producer; see {@link ProducerOptions} for the defaults. */
export function createProducer<Topics extends TopicTypeMap = TopicTypeMap>(options: ProducerOptions): Producer<Topics> {
  const adapter = adapterOf(options, 'createProducer');
  const acks = options.acks ?? -1;
  const idempotent = options.idempotent ?? true;
  if (idempotent && acks !== -1) {
    throw new KontractError('USAGE', `An idempotent producer needs acks: -1 (got acks: ${acks}).`, {
      hint: 'Keep the default acks: -1, or pass idempotent: false to trade duplicate protection for latency.',
    });
  }
  const compression = options.compression ?? 'gzip';
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const requiresKey = keyRequiredPredicate(options.requireKey);
  const allowedTopics = options.topics ? new Set(options.topics) : undefined;
  const preparedTopics = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  let client: ProducerAdapter | undefined;
  let connecting: Promise<ProducerAdapter> | undefined;
  let closed = false;

  const prepareTopics = async (topics: readonly string[]) => {
    const fresh = [...new Set(topics)].filter((topic) => !preparedTopics.has(topic));
    if (fresh.length === 0) return;
    await options.codec.prepare?.(fresh);
    for (const topic of fresh) preparedTopics.add(topic);
  };

  /** Prepares the topics of `items` not prepared yet; undefined (nothing to wait for) in the common case. */
  const prepareItems = (items: ReadonlyArray<{ topic: string }>): Promise<void> | undefined => {
    for (const item of items) {
      if (!preparedTopics.has(item.topic)) return prepareTopics(items.map((entry) => entry.topic));
    }
    return undefined;
  };

  const connected = (): Promise<ProducerAdapter> => {
    if (closed) {
      return Promise.reject(
        new KontractError('USAGE', 'This producer was disconnected.', { hint: 'Create a new producer to send again.' }),
      );
    }
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const created = adapter.producer({ idempotent, maxInFlightRequests: idempotent ? 1 : undefined });
      try {
        await created.connect();
        if (options.topics) await prepareTopics(options.topics);
      } catch (error) {
        connecting = undefined;
        throw error;
      }
      client = created;
      return created;
    })();
    return connecting;
  };

  const serialize = (topic: string, message: ProduceMessage, parent: EventContext | undefined): OutgoingMessage => {
    if (allowedTopics && !allowedTopics.has(topic)) {
      throw new KontractError('USAGE', `This producer does not write topic "${topic}".`, {
        hint: `Add it to the producer's topics (${[...allowedTopics].join(', ')}), or check the name for a typo.`,
        context: { topic },
      });
    }
    const key = message.key === undefined || message.key === null ? null : options.codec.encodeKey(topic, message.key);
    if (key === null && requiresKey(topic)) {
      throw new KontractError('KEY_REQUIRED', `Messages on topic "${topic}" must have a key (it orders them), and this one has none.`, {
        hint: 'Pass `key`, e.g. the id of the entity the event is about, so its events stay in order on one partition.',
        context: { topic },
      });
    }
    const { value, ids } = prepareOutgoing(message.value, message.causedBy ?? parent);
    const encoded = options.codec.encodeValue(topic, value);
    const headers: Record<string, string | Buffer> = eventHeaders(ids);
    // The caller's headers override the envelope headers of the same name.
    if (message.headers) Object.assign(headers, message.headers);
    const payloadSize = encoded.length + (key?.length ?? 0);
    // The exact size is computed only when the cheap upper bound comes near the limit.
    if (payloadSize + headersSize(headers, false) > maxMessageBytes) {
      const size = payloadSize + headersSize(headers, true);
      if (size > maxMessageBytes) {
        throw new KontractError(
          'MESSAGE_TOO_LARGE',
          `A message for topic "${topic}" is ${size} bytes after serialization; the limit is ${maxMessageBytes}.`,
          {
            hint: 'Send a reference (e.g. an object-store URL) instead of the payload, or split it; raise maxMessageBytes only together with the broker and topic limits.',
            context: { topic, size, limit: maxMessageBytes },
          },
        );
      }
    }
    const outgoing: OutgoingMessage = { key, value: encoded, headers };
    // Only what is set: kafkajs copies every message's properties into its record, absent ones cost nothing.
    if (message.partition !== undefined) outgoing.partition = message.partition;
    if (message.timestamp) outgoing.timestamp = String(message.timestamp.getTime());
    return outgoing;
  };

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  };

  const sendAll = async (items: ReadonlyArray<{ topic: string } & ProduceMessage>, parent: EventContext | undefined): Promise<DeliveryReport[]> => {
    // A connected, open producer sends without waiting a turn; otherwise connected() connects or refuses.
    const producer = client && !closed ? client : await connected();
    const preparing = prepareItems(items);
    if (preparing) await preparing;
    const byTopic = new Map<string, TopicMessages>();
    let batch: TopicMessages | undefined;
    for (const item of items) {
      // Consecutive items of one topic (the usual batch) share the lookup.
      if (batch?.topic !== item.topic) {
        batch = byTopic.get(item.topic);
        if (!batch) {
          batch = { topic: item.topic, messages: [] };
          byTopic.set(item.topic, batch);
        }
      }
      batch.messages.push(serialize(item.topic, item, parent));
    }
    if (byTopic.size === 0) return [];
    return producer.sendBatch([...byTopic.values()], { acks, compression, timeoutMs: options.timeoutMs });
  };

  return {
    async connect() {
      await connected();
    },
    send(topic, message) {
      // The handled event's context is taken when send is called, before any await.
      const parent = currentEventContext();
      return track(
        (async () => {
          const reports = await sendAll([{ ...message, topic }], parent);
          const report = reports[0];
          if (!report) throw new KontractError('KAFKA_ERROR', `Kafka acknowledged no partition for the message to "${topic}".`, { context: { topic } });
          return report;
        })(),
      );
    },
    sendBatch(messages) {
      return track(sendAll(messages, currentEventContext()));
    },
    async flush() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async disconnect() {
      if (closed) return;
      closed = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      const pending = connecting;
      connecting = undefined;
      const connectedClient = client ?? (pending ? await pending.catch(() => undefined) : undefined);
      client = undefined;
      await connectedClient?.disconnect();
    },
  };
}
