/**
 * The Kafka layer: producer and consumer semantics (serialization through a codec, envelope ids and
 * their propagation, retries, dead letters, idempotent handling, lag) over a thin client adapter.
 */
export { adapterOf, asKafkaError, kafkajsAdapter, registerCompressionCodecs, textHeadersOf } from './adapter.js';
export type {
  AdminAdapter,
  Assignment,
  CommittedOffsets,
  CompressionName,
  ConsumerAdapter,
  ConsumerAdapterOptions,
  DeliveryReport,
  IncomingBatch,
  IncomingMessage,
  KafkaAdapter,
  KafkaConnection,
  OutgoingMessage,
  PartitionOffsets,
  ProducerAdapter,
  ProducerAdapterOptions,
  RunOptions,
  SendOptions,
  TopicMessages,
  TopicPartitionOffset,
  TopicPartitions,
  TopicSpec,
} from './adapter.js';
export { jsonCodec } from './codec.js';
export type { TopicCodec } from './codec.js';
export { createConsumer } from './consumer.js';
export type { Consumer, ConsumerHooks, ConsumerOptions, DeadLetterEvent, MessageContext, MessageHandler } from './consumer.js';
export { DLQ_HEADERS, deadLetterMessage, defaultDeadLetterTopic } from './dead-letter.js';
export type { DeadLetterInput, DeadLetterReason } from './dead-letter.js';
export {
  EVENT_HEADERS,
  buildEnvelope,
  childEventIds,
  currentEventContext,
  eventContextOf,
  eventHeaders,
  isEnvelopeLike,
  newTraceId,
  prepareOutgoing,
  runWithEventContext,
  traceIdOfTraceparent,
} from './envelope.js';
export type { BuildEnvelopeInput, EventContext, EventContextSource, EventEnvelope, EventMetadata } from './envelope.js';
export { InMemoryIdempotencyStore } from './idempotency.js';
export type { IdempotencyStore, InMemoryIdempotencyStoreOptions } from './idempotency.js';
export { consumerLag, formatLagJson, formatLagTable } from './lag.js';
export type { ConsumerLagOptions, LagRow } from './lag.js';
export { DEFAULT_MAX_MESSAGE_BYTES, createProducer } from './producer.js';
export type { ProduceBatchItem, ProduceMessage, Producer, ProducerOptions, TopicTypeMap } from './producer.js';
export { backoffDelay, defaultRetryPolicy, retryPolicy } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { shutdownAll, shutdownOnSignals } from './shutdown.js';
export type { ShutdownOptions, Stoppable } from './shutdown.js';
