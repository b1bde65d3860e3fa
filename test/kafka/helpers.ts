/** Shared pieces of the Kafka tests: a client for the test broker, unique names, topics, waiting, reading raw. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage } from 'kafkajs';

/** Timeouts that suit a single local broker (group joins and leaves take milliseconds, not seconds). */
export const fastConsumer = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 } as const;
/** Retries quick enough for tests: 10 ms, 20 ms, 40 ms, … */
export const fastRetry = { initialBackoffMs: 10, maxBackoffMs: 200, jitter: 0.2 } as const;

export function brokers(): string[] {
  return inject('kafkaBrokers');
}

export function testKafka(clientId = 'kontract-test'): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers(),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}

/** A topic or group name no other test (or earlier run against the same broker) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions })) });
  } finally {
    await admin.disconnect();
  }
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RawMessage {
  partition: number;
  message: KafkaMessage;
}

/** Reads `count` messages of `topic` from the beginning with a plain kafkajs consumer (no kontract involved). */
export async function readRaw(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<RawMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  const received: RawMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, message });
      },
    });
    await waitFor(`${count} message(s) on ${topic}`, () => received.length >= count, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** Log end offsets of a topic by partition. */
export async function logEndOffsets(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, Number(entry.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Committed offsets of a group on a topic by partition (-1: none). */
export async function committedOffsets(kafka: Kafka, groupId: string, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((partition) => [partition.partition, Number(partition.offset)]));
  } finally {
    await admin.disconnect();
  }
}

export function headerText(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined ? undefined : last.toString();
}

/**
 * Commits offsets for a group as a member of it (kafkajs's admin.setOffsets does the same with slow
 * default timeouts): joins with a consumer that handles nothing, commits, leaves.
 */
export async function commitGroupOffsets(kafka: Kafka, groupId: string, topic: string, offsets: Record<number, number>): Promise<void> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ autoCommit: false, eachBatch: async () => {} });
    consumer.pause([{ topic }]);
    await waitFor(`joining group ${groupId}`, () => joined);
    await consumer.commitOffsets(Object.entries(offsets).map(([partition, offset]) => ({ topic, partition: Number(partition), offset: String(offset) })));
  } finally {
    await consumer.disconnect();
  }
}
