/**
 * Dead-letter messages: a message the consumer gave up on is copied, bytes unchanged, to a
 * dead-letter topic (default `<topic>.dlq`) with its original headers plus these, so it can be
 * inspected and replayed:
 *
 * | header                              | value                                                     |
 * | ----------------------------------- | --------------------------------------------------------- |
 * | `kontract-dlq-original-topic`       | topic the message was read from                           |
 * | `kontract-dlq-original-partition`   | its partition (decimal)                                   |
 * | `kontract-dlq-original-offset`      | its offset (decimal)                                      |
 * | `kontract-dlq-original-key`         | its key bytes (absent for a null key)                     |
 * | `kontract-dlq-original-timestamp`   | its timestamp (ms since the epoch)                        |
 * | `kontract-dlq-consumer-group`       | the consumer group that gave up                           |
 * | `kontract-dlq-reason`               | `handler-failed` or `decode-failed`                       |
 * | `kontract-dlq-error-code`           | the error's code (a KontractError code), when it has one  |
 * | `kontract-dlq-error-message`        | the error's message                                       |
 * | `kontract-dlq-failed-at`            | when the consumer gave up (ISO 8601, UTC)                 |
 * | `kontract-dlq-retry-count`          | retries made after the first attempt (0 for decode errors)|
 */
import type { IncomingMessage, OutgoingMessage } from './adapter.js';

export const DLQ_HEADERS = {
  originalTopic: 'kontract-dlq-original-topic',
  originalPartition: 'kontract-dlq-original-partition',
  originalOffset: 'kontract-dlq-original-offset',
  originalKey: 'kontract-dlq-original-key',
  originalTimestamp: 'kontract-dlq-original-timestamp',
  consumerGroup: 'kontract-dlq-consumer-group',
  reason: 'kontract-dlq-reason',
  errorCode: 'kontract-dlq-error-code',
  errorMessage: 'kontract-dlq-error-message',
  failedAt: 'kontract-dlq-failed-at',
  retryCount: 'kontract-dlq-retry-count',
} as const;

export type DeadLetterReason = 'handler-failed' | 'decode-failed';

/** The default dead-letter topic of `topic`. */
export function defaultDeadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export interface DeadLetterInput {
  topic: string;
  partition: number;
  message: IncomingMessage;
  groupId: string;
  reason: DeadLetterReason;
  error: unknown;
  retryCount: number;
  failedAt: Date;
}

// Kafka headers have no size limit of their own, but the whole record must fit the broker's limit.
const maxErrorMessageLength = 4_096;

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

function errorMessageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > maxErrorMessageLength ? `${message.slice(0, maxErrorMessageLength)}…` : message;
}

/**
 * The dead-letter copy of a consumed message: same key and value bytes, original headers plus the `kontract-dlq-*` headers. Same key, so per-key order holds there too.
 */
export function deadLetterMessage(input: DeadLetterInput): OutgoingMessage {
  const headers: Record<string, Buffer | string | Buffer[]> = {};
  for (const [name, values] of Object.entries(input.message.headers)) {
    if (values.length > 0) headers[name] = values.length === 1 ? values[0] : values;
  }
  headers[DLQ_HEADERS.originalTopic] = input.topic;
  headers[DLQ_HEADERS.originalPartition] = String(input.partition);
  headers[DLQ_HEADERS.originalOffset] = input.message.offset;
  if (input.message.key !== null) headers[DLQ_HEADERS.originalKey] = input.message.key;
  headers[DLQ_HEADERS.originalTimestamp] = input.message.timestamp;
  headers[DLQ_HEADERS.consumerGroup] = input.groupId;
  headers[DLQ_HEADERS.reason] = input.reason;
  const code = errorCodeOf(input.error);
  if (code !== undefined) headers[DLQ_HEADERS.errorCode] = code;
  headers[DLQ_HEADERS.errorMessage] = errorMessageOf(input.error);
  headers[DLQ_HEADERS.failedAt] = input.failedAt.toISOString();
  headers[DLQ_HEADERS.retryCount] = String(input.retryCount);
  return { key: input.message.key, value: input.message.value, headers };
}
