/**
 * `kontract/testing`: run a service's typed handlers in its unit tests on events serialized exactly as in
 * production — the real codec through an in-memory schema registry, the real consumer (retries, dead letters)
 * over Kafka in memory — and assert on what was produced and dead-lettered.
 */
export { createTestHarness } from './harness.js';
export type { DeadLetterMessage, ProducedMessage, PublishOptions, TestHarness, TestHarnessOptions } from './harness.js';
export { InMemoryKafka } from './memory-kafka.js';
export type { InMemoryKafkaOptions, StoredRecord } from './memory-kafka.js';
export { createInMemoryRegistry } from './memory-registry.js';
export type { InMemoryRegistry } from './memory-registry.js';
