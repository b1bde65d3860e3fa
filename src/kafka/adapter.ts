/**
 * The thin seam between kontract's producer/consumer and a Kafka client. The interfaces follow
 * KafkaJS's shape (so `@confluentinc/kafka-javascript`'s KafkaJS-compatible API fits them with a few
 * lines) but speak only in bytes, strings and plain numbers. {@link kafkajsAdapter} implements them
 * over kafkajs 2.x. Implementations turn client errors into `KontractError('KAFKA_ERROR')` with the
 * client's error as `cause` and its `retriable` flag kept.
 */
// kafkajs is CommonJS and Node's ESM loader does not see `CompressionCodecs` as a named export.
import kafkajs from 'kafkajs';
import type { Kafka, IHeaders, KafkaMessage, Message } from 'kafkajs';
import snappyCodec from 'kafkajs-snappy';
import { KontractError, isKontractError } from '../errors.js';
import { utf8Text } from '../serde/text.js';

/** Compression of produced batches. Consumers read every one of them. */
export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4';

/** A message as it goes to Kafka: already serialized. */
export interface OutgoingMessage {
  key: Buffer | null;
  /** `null` is a tombstone. */
  value: Buffer | null;
  /** A list sends the header once per item (Kafka allows repeated header names). */
  headers?: Record<string, Buffer | string | Array<Buffer | string>>;
  /** Explicit partition; otherwise the client's partitioner (murmur2 of the key, like Java clients). */
  partition?: number;
  /** Milliseconds since the epoch, as a string (Kafka's convention). */
  timestamp?: string;
}

export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

export interface SendOptions {
  /** -1: all in-sync replicas, 1: the leader, 0: none. */
  acks: -1 | 0 | 1;
  compression: CompressionName;
  /** How long the broker may wait for the acks. */
  timeoutMs?: number;
}

/** Where a produced batch landed, one entry per topic-partition written. */
export interface DeliveryReport {
  topic: string;
  partition: number;
  /** Offset of the first message written to this partition by the request. */
  baseOffset: string;
}

export interface ProducerAdapterOptions {
  /** Exactly-once per partition within a session: the broker drops duplicates from client retries. */
  idempotent: boolean;
  /** Requests in flight per broker connection (idempotence needs 1 with kafkajs). */
  maxInFlightRequests?: number;
  allowAutoTopicCreation?: boolean;
}

export interface ProducerAdapter {
  connect(): Promise<void>;
  send(batch: TopicMessages, options: SendOptions): Promise<DeliveryReport[]>;
  sendBatch(batches: TopicMessages[], options: SendOptions): Promise<DeliveryReport[]>;
  disconnect(): Promise<void>;
}

/** A consumed message: raw bytes; headers as lists because Kafka allows a header name more than once. */
export interface IncomingMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer[]>;
  offset: string;
  /** Milliseconds since the epoch, as a string. */
  timestamp: string;
}

/** One fetched batch of one partition, with the controls a careful consumer needs while working through it. */
export interface IncomingBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: IncomingMessage[];
  /** Marks `offset` as processed so that the next fetch starts after it (nothing is committed). */
  resolveOffset(offset: string): void;
  /**
   * Commits `offset` (last processed + 1) for this batch's partition. Works while the consumer is
   * stopping, so the message in progress can still be committed during a graceful stop.
   */
  commitOffset(offset: string): Promise<void>;
  /** Tells the group coordinator this member is alive; throws when a rebalance is under way. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping. */
  isRunning(): boolean;
  /** True when this batch no longer matches the partition's position (a seek or a revocation). */
  isStale(): boolean;
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read: last processed + 1. */
  offset: string;
}

export interface TopicPartitions {
  topic: string;
  /** All partitions when absent. */
  partitions?: number[];
}

export interface ConsumerAdapterOptions {
  groupId: string;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** How long a fetch waits for data on an idle topic. */
  maxWaitTimeMs?: number;
  maxBytesPerPartition?: number;
  allowAutoTopicCreation?: boolean;
}

export type RunOptions =
  | { eachBatch: (batch: IncomingBatch) => Promise<void>; partitionsConsumedConcurrently?: number }
  | {
      eachMessage: (payload: { topic: string; partition: number; message: IncomingMessage }) => Promise<void>;
      partitionsConsumedConcurrently?: number;
    };

/** Partitions per topic, as handed out by the group coordinator. */
export type Assignment = Record<string, number[]>;

export interface ConsumerAdapter {
  connect(): Promise<void>;
  subscribe(subscription: { topics: string[]; fromBeginning: boolean }): Promise<void>;
  /**
   * Starts fetching. Offsets are never committed automatically: the layer above commits with
   * {@link ConsumerAdapter.commitOffsets} when (and only when) a message is done.
   */
  run(options: RunOptions): Promise<void>;
  /** Commits offsets of any assigned partitions (while running; inside a batch prefer {@link IncomingBatch.commitOffset}). */
  commitOffsets(offsets: TopicPartitionOffset[]): Promise<void>;
  pause(topics: TopicPartitions[]): void;
  resume(topics: TopicPartitions[]): void;
  seek(position: TopicPartitionOffset): void;
  /** Stops fetching, waits for the batch being processed (which may still commit) and leaves the group. */
  stop(): Promise<void>;
  /** Stops, then closes the connections. */
  disconnect(): Promise<void>;
  /** Called after every group join with this member's partitions. Returns an unsubscribe function. */
  onAssignment(listener: (assignment: Assignment) => void): () => void;
  /** Called when the client gives up on a failure (`restarting`: it will rejoin by itself). */
  onCrash(listener: (error: Error, restarting: boolean) => void): () => void;
}

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  /** Topic-level configs, e.g. `{ 'retention.ms': '86400000' }`. */
  config?: Record<string, string>;
}

export interface PartitionOffsets {
  partition: number;
  /** Log end offset (the next offset to be written). */
  high: string;
  /** Log start offset. */
  low: string;
}

export interface CommittedOffsets {
  topic: string;
  /** `offset` is `'-1'` where the group has committed nothing. */
  partitions: Array<{ partition: number; offset: string }>;
}

export interface AdminAdapter {
  connect(): Promise<void>;
  /** Creates the topics that do not exist yet; true when at least one was created. */
  createTopics(topics: TopicSpec[], options?: { waitForLeaders?: boolean }): Promise<boolean>;
  listTopics(): Promise<string[]>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Committed offsets of a group for the given topics (every partition of each). */
  fetchOffsets(groupId: string, topics: string[]): Promise<CommittedOffsets[]>;
  disconnect(): Promise<void>;
}

/** A Kafka client as the producer, consumer and lag reader use it. */
export interface KafkaAdapter {
  producer(options: ProducerAdapterOptions): ProducerAdapter;
  consumer(options: ConsumerAdapterOptions): ConsumerAdapter;
  admin(): AdminAdapter;
  /**
   * Whether consumers over this adapter prefetch when their options do not say (default true). Drivers that hand out
   * batches on demand and wait for each to be done (in-memory Kafka for tests) say false: fetching ahead buys them
   * nothing, and their callers expect a batch handed out to be finished when the hand-out resolves.
   */
  readonly prefetchByDefault?: boolean;
}

/** Either a ready adapter or a kafkajs client to wrap in one. */
export type KafkaConnection = { adapter: KafkaAdapter; kafka?: undefined } | { kafka: Kafka; adapter?: undefined };

/** The adapter for `connection`, wrapping a kafkajs client when that is what was given. */
export function adapterOf(connection: KafkaConnection, what: string): KafkaAdapter {
  if (connection.adapter) return connection.adapter;
  if (connection.kafka) return kafkajsAdapter(connection.kafka);
  throw new KontractError('USAGE', `${what} needs a Kafka connection.`, {
    hint: 'Pass `kafka: new Kafka({ brokers })` (kafkajs) or `adapter` (any KafkaAdapter).',
  });
}

const { CompressionCodecs, CompressionTypes, Partitioners } = kafkajs;

const compressionTypes: Record<CompressionName, kafkajs.CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
};

interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/**
 * LZ4 as Kafka uses it: the LZ4 frame format with independent blocks. The native module (prebuilt
 * per platform) is loaded on first use, so a platform without a binary only loses LZ4.
 */
function lz4Codec(): KafkajsCodec {
  const load = async () => {
    try {
      return await import('lz4-napi');
    } catch (error) {
      throw new KontractError('KAFKA_ERROR', 'LZ4 compression is not available on this platform (lz4-napi failed to load).', {
        hint: "Use compression 'gzip' or 'snappy', or install lz4-napi's binary for this platform.",
        cause: error,
      });
    }
  };
  return {
    async compress(encoder) {
      return (await load()).compressFrame(encoder.buffer);
    },
    async decompress(buffer) {
      return (await load()).decompressFrame(buffer);
    },
  };
}

let codecsRegistered = false;

/** Teaches kafkajs (process-wide, as its API requires) to write and read Snappy and LZ4 batches. */
export function registerCompressionCodecs(): void {
  if (codecsRegistered) return;
  const codecs = CompressionCodecs as Record<number, () => KafkajsCodec>;
  codecs[CompressionTypes.Snappy] = snappyCodec;
  codecs[CompressionTypes.LZ4] = lz4Codec;
  codecsRegistered = true;
}

/** Wraps a client error so the layers above see one error type; KontractErrors pass through. */
export function asKafkaError(error: unknown, action: string, context?: Record<string, string | number | undefined>): KontractError {
  if (isKontractError(error)) return error;
  const retriable = typeof error === 'object' && error !== null && 'retriable' in error && error.retriable === true;
  const detail = error instanceof Error ? error.message : String(error);
  const unknownTopic = typeof error === 'object' && error !== null && 'type' in error && error.type === 'UNKNOWN_TOPIC_OR_PARTITION';
  return new KontractError('KAFKA_ERROR', `${action} failed: ${detail}`, {
    cause: error,
    retriable,
    context,
    hint: unknownTopic
      ? 'Create the topic first (or enable auto.create.topics.enable on the broker); check its name for a typo.'
      : retriable
        ? 'The broker may be unavailable or the cluster rebalancing; retrying may succeed.'
        : undefined,
  });
}

async function wrapped<T>(action: string, context: Record<string, string | number | undefined> | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asKafkaError(error, action, context);
  }
}

function headerBuffer(item: Buffer | string): Buffer {
  return typeof item === 'string' ? Buffer.from(item, 'utf8') : item;
}

function headerList(headers: IHeaders | undefined): Record<string, Buffer[]> {
  const result: Record<string, Buffer[]> = {};
  if (headers === undefined) return result;
  // One pass without intermediate entry arrays: this runs for every consumed message.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value.map(headerBuffer) : [headerBuffer(value)];
    if (name === '__proto__') Object.defineProperty(result, name, { value: list, enumerable: true, writable: true, configurable: true });
    else result[name] = list;
  }
  return result;
}

/**
 * A message consumed with kafkajs. Its header lists are built only when asked for: the consumer reads headers as
 * text straight from kafkajs's (see {@link textHeadersOf}), so a batch in progress does not hold a second copy.
 */
class KafkajsIncomingMessage implements IncomingMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly offset: string;
  readonly timestamp: string;
  /** The headers as kafkajs decoded them. */
  readonly kafkajsHeaders: IHeaders | undefined;
  private lists: Record<string, Buffer[]> | undefined;

  constructor(message: KafkaMessage) {
    this.key = message.key;
    this.value = message.value;
    this.offset = message.offset;
    this.timestamp = message.timestamp;
    this.kafkajsHeaders = message.headers;
  }

  get headers(): Record<string, Buffer[]> {
    this.lists ??= headerList(this.kafkajsHeaders);
    return this.lists;
  }
}

function fromKafkajsMessage(message: KafkaMessage): IncomingMessage {
  return new KafkajsIncomingMessage(message);
}

/** Sets `name` on a plain object, including the name `__proto__` (which plain assignment would not store). */
function setText(target: Record<string, string>, name: string, text: string): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value: text, enumerable: true, writable: true, configurable: true });
  else target[name] = text;
}

function headerText(item: Buffer | string): string {
  return typeof item === 'string' ? item : utf8Text(item, 0, item.length);
}

/**
 * The headers of a consumed message as UTF-8 text, the last value of a repeated header winning. Messages of the
 * kafkajs adapter are read straight from kafkajs's headers, without building header lists first.
 */
export function textHeadersOf(message: IncomingMessage): Record<string, string> {
  const result: Record<string, string> = {};
  if (message instanceof KafkajsIncomingMessage) {
    const headers = message.kafkajsHeaders;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      const last = Array.isArray(value) ? value[value.length - 1] : value;
      if (last !== undefined) setText(result, name, headerText(last));
    }
    return result;
  }
  const headers = message.headers;
  for (const name in headers) {
    const values = headers[name]!;
    const last = values[values.length - 1];
    if (last !== undefined) setText(result, name, headerText(last));
  }
  return result;
}

/** A {@link KafkaAdapter} over a kafkajs 2.x client. Also registers the Snappy and LZ4 codecs. */
export function kafkajsAdapter(kafka: Kafka): KafkaAdapter {
  registerCompressionCodecs();
  return {
    producer(options) {
      const producer = kafka.producer({
        idempotent: options.idempotent,
        maxInFlightRequests: options.maxInFlightRequests ?? (options.idempotent ? 1 : undefined),
        allowAutoTopicCreation: options.allowAutoTopicCreation ?? true,
        // The Java client's partitioner: keys land on the same partitions whichever client wrote them.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      const sendBatch = (batches: TopicMessages[], sendOptions: SendOptions) =>
        wrapped('Sending to Kafka', { topic: batches.map((batch) => batch.topic).join(',') }, async () => {
          const results = await producer.sendBatch({
            acks: sendOptions.acks,
            timeout: sendOptions.timeoutMs,
            compression: compressionTypes[sendOptions.compression],
            // An OutgoingMessage is a kafkajs Message already: handed over as is, without a copy per message.
            topicMessages: batches.map((batch) => ({ topic: batch.topic, messages: batch.messages satisfies Message[] })),
          });
          return results.map((result) => ({
            topic: result.topicName,
            partition: result.partition,
            baseOffset: result.baseOffset ?? result.offset ?? '-1',
          }));
        });
      return {
        connect: () => wrapped('Connecting the producer', undefined, () => producer.connect()),
        send: (batch, sendOptions) => sendBatch([batch], sendOptions),
        sendBatch,
        disconnect: () => wrapped('Disconnecting the producer', undefined, () => producer.disconnect()),
      };
    },

    consumer(options) {
      const consumer = kafka.consumer({
        groupId: options.groupId,
        sessionTimeout: options.sessionTimeoutMs,
        heartbeatInterval: options.heartbeatIntervalMs,
        rebalanceTimeout: options.rebalanceTimeoutMs,
        maxWaitTimeInMs: options.maxWaitTimeMs,
        maxBytesPerPartition: options.maxBytesPerPartition,
        allowAutoTopicCreation: options.allowAutoTopicCreation ?? true,
      });
      const context = { group: options.groupId };
      // kafkajs marks a partition stale only for a seek, and only this adapter seeks: until it has, no batch is
      // stale and the check (which builds a JSON key per call) is skipped.
      let seeks = 0;
      return {
        connect: () => wrapped('Connecting the consumer', context, () => consumer.connect()),
        subscribe: (subscription) =>
          wrapped('Subscribing', { ...context, topic: subscription.topics.join(',') }, () => consumer.subscribe({ topics: subscription.topics, fromBeginning: subscription.fromBeginning })),
        run: (runOptions) =>
          wrapped('Starting the consumer', context, () => {
            if ('eachBatch' in runOptions) {
              const { eachBatch } = runOptions;
              return consumer.run({
                autoCommit: false,
                eachBatchAutoResolve: false,
                partitionsConsumedConcurrently: runOptions.partitionsConsumedConcurrently,
                eachBatch: async (payload) =>
                  eachBatch({
                    topic: payload.batch.topic,
                    partition: payload.batch.partition,
                    highWatermark: payload.batch.highWatermark,
                    messages: payload.batch.messages.map(fromKafkajsMessage),
                    resolveOffset: payload.resolveOffset,
                    // Straight to the group: kafkajs's consumer.commitOffsets does nothing once stop() began.
                    commitOffset: (offset) =>
                      wrapped('Committing offsets', { ...context, topic: payload.batch.topic, partition: payload.batch.partition }, () =>
                        payload.commitOffsetsIfNecessary({
                          topics: [{ topic: payload.batch.topic, partitions: [{ partition: payload.batch.partition, offset }] }],
                        }),
                      ),
                    heartbeat: payload.heartbeat,
                    isRunning: payload.isRunning,
                    isStale: () => seeks > 0 && payload.isStale(),
                  }),
              });
            }
            const { eachMessage } = runOptions;
            return consumer.run({
              autoCommit: false,
              partitionsConsumedConcurrently: runOptions.partitionsConsumedConcurrently,
              eachMessage: async (payload) =>
                eachMessage({ topic: payload.topic, partition: payload.partition, message: fromKafkajsMessage(payload.message) }),
            });
          }),
        commitOffsets: (offsets) => wrapped('Committing offsets', context, () => consumer.commitOffsets(offsets)),
        pause: (topics) => consumer.pause(topics),
        resume: (topics) => consumer.resume(topics),
        seek: (position) => {
          seeks++;
          consumer.seek(position);
        },
        stop: () => wrapped('Stopping the consumer', context, () => consumer.stop()),
        disconnect: () => wrapped('Disconnecting the consumer', context, () => consumer.disconnect()),
        onAssignment: (listener) => consumer.on(consumer.events.GROUP_JOIN, (event) => listener({ ...event.payload.memberAssignment })),
        onCrash: (listener) => consumer.on(consumer.events.CRASH, (event) => listener(event.payload.error, event.payload.restart)),
      };
    },

    admin() {
      const admin = kafka.admin();
      return {
        connect: () => wrapped('Connecting the admin client', undefined, () => admin.connect()),
        createTopics: (topics, createOptions) =>
          wrapped('Creating topics', { topic: topics.map((spec) => spec.topic).join(',') }, () =>
            admin.createTopics({
              waitForLeaders: createOptions?.waitForLeaders ?? true,
              topics: topics.map((spec) => ({
                topic: spec.topic,
                numPartitions: spec.numPartitions,
                replicationFactor: spec.replicationFactor,
                configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
              })),
            }),
          ),
        listTopics: () => wrapped('Listing topics', undefined, () => admin.listTopics()),
        fetchTopicOffsets: (topic) =>
          wrapped('Reading log end offsets', { topic }, async () =>
            (await admin.fetchTopicOffsets(topic)).map((entry) => ({ partition: entry.partition, high: entry.high, low: entry.low })),
          ),
        fetchOffsets: (groupId, topics) =>
          wrapped('Reading committed offsets', { group: groupId }, async () =>
            (await admin.fetchOffsets({ groupId, topics })).map((entry) => ({
              topic: entry.topic,
              partitions: entry.partitions.map((partition) => ({ partition: partition.partition, offset: partition.offset })),
            })),
          ),
        disconnect: () => wrapped('Disconnecting the admin client', undefined, () => admin.disconnect()),
      };
    },
  };
}
