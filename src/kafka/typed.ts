/**
 * The typed producer and consumer: the Kafka layer's producer and consumer with the schema-aware codec,
 * typed by the generated topic map. `send('orders.payment.completed', { key, value })` only compiles when
 * the value has the topic's input type (and the key, where the topic requires one, is given); a handler
 * registered with `on('orders.payment.completed', …)` receives the topic's value type.
 *
 * @example
 * ```ts
 * import { Kafka } from 'kafkajs';
 * import { topics } from './generated/index.js';
 *
 * const kafka = new Kafka({ brokers: ['localhost:9092'] });
 * const producer = createProducer({ kafka, registry: 'http://localhost:8081', topics });
 * await producer.send('orders.payment.completed', { key: order.id, value: event });
 *
 * const consumer = createConsumer({ kafka, registry: 'http://localhost:8081', topics, groupId: 'billing.ledger' });
 * consumer.on('orders.payment.completed', async (event, context) => ledger.record(event.data.amount));
 * await consumer.start();
 * ```
 */
import type { KeyInputOf, KeyOf, TopicMap, ValueInputOf, ValueOf } from '../runtime/index.js';
import { type SchemaCodec, type TopicCodecOptions, createTopicCodec } from '../serde/codec.js';
import type { RegistryInput } from '../serde/registry.js';
import type { Assignment, DeliveryReport, KafkaConnection } from './adapter.js';
import { createConsumer as createCodecConsumer } from './consumer.js';
import type { ConsumerOptions, MessageContext } from './consumer.js';
import { createProducer as createCodecProducer } from './producer.js';
import type { ProduceMessage, ProducerOptions } from './producer.js';

/** How values are serialized; see {@link createTopicCodec}. */
export type SerdeOptions = Pick<TopicCodecOptions, 'subjectNameStrategy' | 'autoRegister' | 'validateOnConsume' | 'longType' | 'protobufMessageIndexes' | 'negativeCacheMs'>;

/** The topic names of a generated topic map. */
export type TopicNameOf<Topics extends TopicMap> = keyof Topics & string;

/** The key property of a message: required when the topic's key type has no `null` (the topic requires keys). */
type KeyProperty<Key> = null extends Key ? { key?: Key } : { key: Key };

/** A message for a topic described by `Descriptor`: value (and key) typed by its schemas. */
export type TypedMessage<Descriptor> = Omit<ProduceMessage<ValueInputOf<Descriptor>, KeyInputOf<Descriptor>>, 'key' | 'value'> & {
  value: ValueInputOf<Descriptor>;
} & KeyProperty<KeyInputOf<Descriptor>>;

/** One message of a typed batch: its topic and a message of that topic's types. */
export type TypedBatchItem<Topics extends TopicMap> = {
  [Topic in TopicNameOf<Topics>]: TypedMessage<Topics[Topic]> & { topic: Topic };
}[TopicNameOf<Topics>];

/** A handler of a topic: receives values of the topic's (latest) value type. */
export type TypedHandler<Descriptor> = (event: ValueOf<Descriptor>, context: MessageContext<KeyOf<Descriptor>>) => Promise<void> | void;

type ProducerSettings = Omit<ProducerOptions, 'codec' | 'topics' | 'requireKey' | 'adapter' | 'kafka'>;
type ConsumerSettings = Omit<ConsumerOptions, 'codec' | 'topics' | 'adapter' | 'kafka'>;

/** Options of {@link createProducer}: a Kafka connection, the registry, the generated topic map, producer settings. */
export type TypedProducerOptions<Topics extends TopicMap> = KafkaConnection &
  ProducerSettings & {
    /** The schema registry: a URL, `{ url, auth }`, or a registry client. */
    registry: RegistryInput;
    /** The generated topic map (`topics` from the generated code). */
    topics: Topics;
    /**
     * The topics this producer writes. When given, their schema ids are resolved on `connect` (so a missing
     * registration fails at start-up) and other topics are refused. Default: every topic of the map, each
     * resolved on its first send.
     */
    writes?: ReadonlyArray<TopicNameOf<Topics>>;
    serde?: SerdeOptions;
  };

export interface TypedProducer<Topics extends TopicMap> {
  /** Connects and, when `writes` was given, resolves the schema ids of those topics. */
  connect(): Promise<void>;
  send<Topic extends TopicNameOf<Topics>>(topic: Topic, message: TypedMessage<Topics[Topic]>): Promise<DeliveryReport>;
  /** Sends many messages; all are serialized and checked before anything is sent. */
  sendBatch(messages: ReadonlyArray<TypedBatchItem<Topics>>): Promise<DeliveryReport[]>;
  /** Resolves once every send started so far has finished. */
  flush(): Promise<void>;
  disconnect(): Promise<void>;
  /** The codec serializing this producer's messages. */
  readonly codec: SchemaCodec;
}

/** Options of {@link createConsumer}: a Kafka connection, the registry, the generated topic map, a group id, consumer settings. */
export type TypedConsumerOptions<Topics extends TopicMap> = KafkaConnection &
  ConsumerSettings & {
    registry: RegistryInput;
    topics: Topics;
    serde?: SerdeOptions;
  };

export interface TypedConsumer<Topics extends TopicMap> {
  /** Registers the handler of a topic (one per topic); it receives the topic's value type. */
  on<Topic extends TopicNameOf<Topics>>(topic: Topic, handler: TypedHandler<Topics[Topic]>): TypedConsumer<Topics>;
  /** Connects, joins the group and starts handling the topics that have a handler. */
  start(): Promise<void>;
  /** Graceful stop: the message in progress finishes and is committed, then the member leaves the group. */
  stop(): Promise<void>;
  pause(topic: TopicNameOf<Topics>): void;
  resume(topic: TopicNameOf<Topics>): void;
  assignment(): Assignment;
  /** The codec deserializing this consumer's messages. */
  readonly codec: SchemaCodec;
}

function connectionOf(options: KafkaConnection): KafkaConnection {
  return options.adapter ? { adapter: options.adapter } : { kafka: options.kafka };
}

/** A producer typed by the generated topic map, serializing with the schema registry. */
export function createProducer<Topics extends TopicMap>(options: TypedProducerOptions<Topics>): TypedProducer<Topics> {
  const { registry, topics, writes, serde, adapter: _adapter, kafka: _kafka, ...settings } = options;
  const codec = createTopicCodec({ ...serde, registry, topics, purpose: 'produce' });
  const producer = createCodecProducer({
    ...settings,
    ...connectionOf(options),
    codec,
    ...(writes ? { topics: writes } : {}),
    requireKey: (topic) => topics[topic]?.requireKey ?? false,
  });
  return {
    connect: () => producer.connect(),
    send: (topic, message) => producer.send(topic, message as ProduceMessage),
    sendBatch: (messages) => producer.sendBatch(messages as ReadonlyArray<ProduceMessage & { topic: string }>),
    flush: () => producer.flush(),
    disconnect: () => producer.disconnect(),
    codec,
  };
}

/** A consumer typed by the generated topic map, deserializing with the schema registry. */
export function createConsumer<Topics extends TopicMap>(options: TypedConsumerOptions<Topics>): TypedConsumer<Topics> {
  const { registry, topics, serde, adapter: _adapter, kafka: _kafka, ...settings } = options;
  const codec = createTopicCodec({ ...serde, registry, topics, purpose: 'consume' });
  const consumer = createCodecConsumer({ ...settings, ...connectionOf(options), codec });
  const typed: TypedConsumer<Topics> = {
    on(topic, handler) {
      consumer.on(topic, handler as (value: unknown, context: MessageContext) => Promise<void> | void);
      return typed;
    },
    start: () => consumer.start(),
    stop: () => consumer.stop(),
    pause: (topic) => consumer.pause(topic),
    resume: (topic) => consumer.resume(topic),
    assignment: () => consumer.assignment(),
    codec,
  };
  return typed;
}
