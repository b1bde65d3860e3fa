/**
 * The test harness: a service's typed handlers run on events serialized exactly as in production (the real
 * codec, Confluent wire format, a registry — in memory), through the real consumer (retries, dead letters,
 * idempotency, commits) over Kafka in memory. No broker, no registry process, no timers to wait for.
 */
import { KontractError } from '../errors.js';
import type { ConsumerHooks } from '../kafka/consumer.js';
import { DLQ_HEADERS, defaultDeadLetterTopic } from '../kafka/dead-letter.js';
import type { IdempotencyStore } from '../kafka/idempotency.js';
import type { RetryPolicy } from '../kafka/retry.js';
import { createConsumer, createProducer, type SerdeOptions, type TopicNameOf, type TypedConsumer, type TypedHandler, type TypedMessage, type TypedProducer } from '../kafka/typed.js';
import type { KeyInputOf, KeyOf, TopicMap, ValueInputOf, ValueOf } from '../runtime/index.js';
import { createTopicCodec, type SchemaCodec } from '../serde/codec.js';
import { createInMemoryRegistry, type InMemoryRegistry } from './memory-registry.js';
import { InMemoryKafka, type StoredRecord } from './memory-kafka.js';

/** Retries without waiting: the consumer's retry logic runs as in production, only the backoff is zero. */
const FAST_RETRY: Partial<RetryPolicy> = { retries: 3, initialBackoffMs: 0, maxBackoffMs: 0, jitter: 0 };

export interface TestHarnessOptions<Topics extends TopicMap> {
  /** The generated topic map (`topics` of the generated code). */
  topics: Topics;
  /** Consumer group of {@link TestHarness.on}'s consumer. Default `kontract-test-harness`. */
  groupId?: string;
  /** Retry policy of the harness's consumers. Default: 3 retries without backoff delay. */
  retry?: Partial<RetryPolicy>;
  /** Dead-letter topics, as the consumer option (default `<topic>.dlq`); `false` leaves failing messages where they are. */
  deadLetter?: false | { topic?: (topic: string) => string };
  /** Serialization settings (longType, subject name strategy, …); schemas are registered automatically. */
  serde?: Omit<SerdeOptions, 'autoRegister'>;
  /** Partitions of each topic. Default 1. */
  partitions?: number;
  idempotencyStore?: IdempotencyStore;
  hooks?: ConsumerHooks;
}

/** A message found on a topic, decoded with the topic's schemas. */
export interface ProducedMessage<Value = unknown, Key = unknown> {
  topic: string;
  partition: number;
  offset: string;
  /** The decoded value; `undefined` when it could not be decoded (see {@link decodeError}) or was a tombstone (`null`). */
  value: Value | null | undefined;
  key: Key | null | undefined;
  /** Headers as UTF-8 text (the last value of a repeated header). */
  headers: Record<string, string>;
  /** Why the value or key could not be decoded, if so. */
  decodeError?: KontractError;
  /** The record exactly as produced. */
  record: StoredRecord;
}

/** A message the consumer gave up on, as found on the dead-letter topic, with what the `kontract-dlq-*` headers say. */
export interface DeadLetterMessage<Value = unknown, Key = unknown> extends ProducedMessage<Value, Key> {
  /** `handler-failed` or `decode-failed`. */
  reason: string;
  /** The error's code (a KontractError code), when it had one. */
  errorCode?: string;
  errorMessage: string;
  /** Retries after the first attempt. */
  retryCount: number;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  consumerGroup: string;
}

export interface PublishOptions<Key> {
  key?: Key | null;
  headers?: Record<string, string>;
  partition?: number;
}

export interface TestHarness<Topics extends TopicMap> {
  readonly kafka: InMemoryKafka;
  readonly registry: InMemoryRegistry;
  /** Registers a handler on the harness's own consumer (group {@link TestHarnessOptions.groupId}); same signature as the typed consumer's. */
  on<Topic extends TopicNameOf<Topics>>(topic: Topic, handler: TypedHandler<Topics[Topic]>): TestHarness<Topics>;
  /** A typed consumer of its own group over the in-memory Kafka; `start()` it, then {@link drain}. */
  consumer(options?: { groupId?: string; retry?: Partial<RetryPolicy>; deadLetter?: false | { topic?: (topic: string) => string }; idempotencyStore?: IdempotencyStore; hooks?: ConsumerHooks }): TypedConsumer<Topics>;
  /** A typed producer over the in-memory Kafka, for the code under test (what it sends shows in {@link produced}). */
  producer(): TypedProducer<Topics>;
  /** Serializes `value` (and `key`) with the topic's schemas, exactly as a producer does, and appends it to the topic. */
  publish<Topic extends TopicNameOf<Topics>>(topic: Topic, value: ValueInputOf<Topics[Topic]>, options?: PublishOptions<KeyInputOf<Topics[Topic]>>): Promise<void>;
  /** Appends raw bytes to a topic (a poison message, data of another producer). */
  publishRaw(topic: string, value: Buffer | null, options?: { key?: Buffer | null; headers?: Record<string, string>; partition?: number }): Promise<void>;
  /** Runs the handlers of every started consumer (the harness's own one is started on first use) until no message is left. */
  drain(): Promise<void>;
  /** Every message on `topic`, decoded. */
  produced<Topic extends TopicNameOf<Topics>>(topic: Topic): Promise<Array<ProducedMessage<ValueOf<Topics[Topic]>, KeyOf<Topics[Topic]>>>>;
  /** Every message dead-lettered from `topic` (its dead-letter topic), decoded as `topic`'s messages, with the DLQ headers. */
  deadLetters<Topic extends TopicNameOf<Topics>>(topic: Topic): Promise<Array<DeadLetterMessage<ValueOf<Topics[Topic]>, KeyOf<Topics[Topic]>>>>;
  /** Stops the consumers and producers the harness made and releases the registry. */
  close(): Promise<void>;
}

function textHeaders(headers: Record<string, Buffer[]>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers)) {
    const last = values[values.length - 1];
    if (last !== undefined) result[name] = last.toString('utf8');
  }
  return result;
}

/**
 * Creates a test harness for the topics of a generated topic map.
 *
 * @example
 * ```ts
 * const harness = await createTestHarness({ topics });
 * harness.on('orders.payment.completed', async (event) => ledger.record(event.data.amount));
 * await harness.publish('orders.payment.completed', event, { key: event.data.order_id });
 * await harness.drain();
 * expect(await harness.deadLetters('orders.payment.completed')).toEqual([]);
 * await harness.close();
 * ```
 */
export async function createTestHarness<Topics extends TopicMap>(options: TestHarnessOptions<Topics>): Promise<TestHarness<Topics>> {
  const kafka = new InMemoryKafka({ partitions: options.partitions ?? 1 });
  const registry = await createInMemoryRegistry();
  const serde: SerdeOptions = { ...options.serde, autoRegister: true };
  const deadLetter = options.deadLetter ?? {};
  const deadLetterTopicOf = deadLetter === false ? undefined : (deadLetter.topic ?? defaultDeadLetterTopic);
  const consumers: TypedConsumer<Topics>[] = [];
  const producers: TypedProducer<Topics>[] = [];
  const started = new WeakSet<TypedConsumer<Topics>>();
  let own: TypedConsumer<Topics> | undefined;
  let publisher: TypedProducer<Topics> | undefined;
  // Reading back what was produced goes through a codec of its own, as an independent consumer would.
  const reader: SchemaCodec = createTopicCodec({ ...options.serde, registry, topics: options.topics, purpose: 'consume' });

  const makeConsumer: TestHarness<Topics>['consumer'] = (settings = {}) => {
    const consumer = createConsumer({
      adapter: kafka,
      registry,
      topics: options.topics,
      serde,
      groupId: settings.groupId ?? options.groupId ?? 'kontract-test-harness',
      fromBeginning: true,
      retry: { ...FAST_RETRY, ...options.retry, ...settings.retry },
      deadLetter: settings.deadLetter ?? options.deadLetter ?? {},
      ...(settings.idempotencyStore ?? options.idempotencyStore ? { idempotencyStore: settings.idempotencyStore ?? options.idempotencyStore } : {}),
      ...(settings.hooks ?? options.hooks ? { hooks: settings.hooks ?? options.hooks } : {}),
    });
    const start = consumer.start.bind(consumer);
    // Remember which consumers run, so drain() only starts the harness's own one.
    const tracked: TypedConsumer<Topics> = Object.assign(consumer, {
      start: async () => {
        await start();
        started.add(tracked);
      },
    });
    consumers.push(tracked);
    return tracked;
  };

  const makeProducer = (): TypedProducer<Topics> => {
    const producer = createProducer({ adapter: kafka, registry, topics: options.topics, serde, compression: 'none' });
    producers.push(producer);
    return producer;
  };

  const decodeRecord = async (codecTopic: string, record: StoredRecord): Promise<{ value: unknown; key: unknown; decodeError?: KontractError }> => {
    let value: unknown = record.value === null ? null : undefined;
    let key: unknown = record.key === null ? null : undefined;
    let decodeError: KontractError | undefined;
    try {
      if (record.key !== null) key = await reader.decode(codecTopic, record.key, 'key');
      if (record.value !== null) value = await reader.decode(codecTopic, record.value, 'value');
    } catch (error) {
      if (!(error instanceof KontractError)) throw error;
      decodeError = error;
    }
    return { value, key, ...(decodeError ? { decodeError } : {}) };
  };

  const knownTopic = (topic: string) => {
    if (!Object.prototype.hasOwnProperty.call(options.topics, topic)) {
      throw new KontractError('USAGE', `Topic "${topic}" is not in the harness's topic map.`, { hint: `Use one of ${Object.keys(options.topics).map((t) => `"${t}"`).join(', ')}.` });
    }
  };

  const harness: TestHarness<Topics> = {
    kafka,
    registry,
    on(topic, handler) {
      own ??= makeConsumer();
      own.on(topic, handler);
      return harness;
    },
    consumer: makeConsumer,
    producer: makeProducer,
    async publish(topic, value, publishOptions = {}) {
      publisher ??= makeProducer();
      const message = { value, ...publishOptions } as TypedMessage<Topics[typeof topic]>;
      await publisher.send(topic, message);
    },
    async publishRaw(topic, value, rawOptions = {}) {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ key: rawOptions.key ?? null, value, ...(rawOptions.headers ? { headers: rawOptions.headers } : {}), ...(rawOptions.partition !== undefined ? { partition: rawOptions.partition } : {}) }] }, { acks: -1, compression: 'none' });
    },
    async drain() {
      if (own && !started.has(own)) await own.start();
      await kafka.drain();
    },
    async produced(topic) {
      knownTopic(topic);
      const messages = [];
      for (const record of kafka.records(topic)) {
        const decoded = await decodeRecord(topic, record);
        messages.push({ topic, partition: record.partition, offset: record.offset, headers: textHeaders(record.headers), record, ...decoded });
      }
      return messages as Array<ProducedMessage<ValueOf<Topics[typeof topic]>, KeyOf<Topics[typeof topic]>>>;
    },
    async deadLetters(topic) {
      knownTopic(topic);
      if (!deadLetterTopicOf) return [];
      const messages = [];
      for (const record of kafka.records(deadLetterTopicOf(topic))) {
        const headers = textHeaders(record.headers);
        const decoded = await decodeRecord(topic, record);
        messages.push({
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          headers,
          record,
          ...decoded,
          reason: headers[DLQ_HEADERS.reason] ?? '',
          ...(headers[DLQ_HEADERS.errorCode] !== undefined ? { errorCode: headers[DLQ_HEADERS.errorCode] } : {}),
          errorMessage: headers[DLQ_HEADERS.errorMessage] ?? '',
          retryCount: Number(headers[DLQ_HEADERS.retryCount] ?? 0),
          originalTopic: headers[DLQ_HEADERS.originalTopic] ?? topic,
          originalPartition: Number(headers[DLQ_HEADERS.originalPartition] ?? 0),
          originalOffset: headers[DLQ_HEADERS.originalOffset] ?? '',
          consumerGroup: headers[DLQ_HEADERS.consumerGroup] ?? '',
        });
      }
      return messages as Array<DeadLetterMessage<ValueOf<Topics[typeof topic]>, KeyOf<Topics[typeof topic]>>>;
    },
    async close() {
      await Promise.all(consumers.map((c) => c.stop()));
      await Promise.all(producers.map((p) => p.disconnect()));
      await registry.close();
    },
  };
  return harness;
}
