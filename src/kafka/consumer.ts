/**
 * An at-least-once consumer with per-topic handlers. A message's offset is committed only once its
 * handler succeeded (or the message went to the dead-letter topic); a failing handler is retried with
 * exponential backoff and jitter a bounded number of times, then the message is dead-lettered so the
 * partition moves on. Undecodable messages are dead-lettered at once. Redeliveries can be skipped with
 * an {@link IdempotencyStore}. Offsets of partitions this member no longer owns are never committed.
 */
import { KontractError, isKontractError } from '../errors.js';
import { adapterOf } from './adapter.js';
import type {
  Assignment,
  ConsumerAdapter,
  IncomingBatch,
  IncomingMessage,
  KafkaAdapter,
  KafkaConnection,
  ProducerAdapter,
  TopicPartitionOffset,
} from './adapter.js';
import type { TopicCodec } from './codec.js';
import { deadLetterMessage, defaultDeadLetterTopic } from './dead-letter.js';
import type { DeadLetterReason } from './dead-letter.js';
import { eventContextOf, runWithEventContext } from './envelope.js';
import type { EventContext } from './envelope.js';
import type { IdempotencyStore } from './idempotency.js';
import type { TopicTypeMap } from './producer.js';
import { backoffDelay, retryPolicy } from './retry.js';
import type { RetryPolicy } from './retry.js';

/** What a handler learns about the message besides its value. */
export interface MessageContext<Key = unknown> {
  topic: string;
  partition: number;
  offset: string;
  /** Decoded key; null for a message without key. */
  key: Key | null;
  /** Headers as UTF-8 text (the last value of a repeated header). */
  headers: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch, as a string. */
  timestamp: string;
  /** The envelope ids: what a send from the handler inherits (see envelope.ts). */
  event: EventContext;
  /** 1 for the first delivery attempt, 2 for the first retry, … */
  attempt: number;
}

export type MessageHandler<Value = unknown, Key = unknown> = (value: Value, context: MessageContext<Key>) => Promise<void> | void;

export interface DeadLetterEvent {
  topic: string;
  partition: number;
  offset: string;
  deadLetterTopic: string;
  reason: DeadLetterReason;
  error: unknown;
  retryCount: number;
}

/** Notifications for logs and metrics. None of them may throw (a throwing hook is ignored). */
export interface ConsumerHooks {
  /** A handler attempt failed and will be retried after `delayMs`. */
  onRetry?(info: { topic: string; partition: number; offset: string; attempt: number; delayMs: number; error: unknown }): void;
  /** A message was copied to its dead-letter topic. */
  onDeadLetter?(info: DeadLetterEvent): void;
  /** A message was skipped because the idempotency store had its event id. */
  onDuplicate?(info: { topic: string; partition: number; offset: string; eventId: string }): void;
  /** Offsets were committed. */
  onCommit?(offsets: TopicPartitionOffset[]): void;
  /** A commit was skipped because this member no longer owns the partition (a rebalance moved it). */
  onCommitSkipped?(offset: TopicPartitionOffset): void;
  /** Something went wrong outside a handler (dead-letter send, client crash); the consumer carries on. */
  onError?(error: unknown): void;
}

export type ConsumerOptions = KafkaConnection & {
  codec: TopicCodec;
  groupId: string;
  /** Topics to read. Default: those with a handler. Each must have a handler by `start()`. */
  topics?: readonly string[];
  /** Where a group without committed offsets starts: the earliest message (true) or new ones only. Default false. */
  fromBeginning?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Dead-letter topic per topic (default `<topic>.dlq`), or false to keep retrying a failing message (it then blocks its partition). */
  deadLetter?: false | { topic?: (topic: string) => string };
  /** Skips messages whose event id the store has; marks each handled message. */
  idempotencyStore?: IdempotencyStore;
  /** Commit after every message (default; least redelivery after a crash) or once per fetched batch (fewer commits). */
  commit?: 'message' | 'batch';
  /** Partitions handled at the same time (order is kept within each partition). Default 1. */
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  maxWaitTimeMs?: number;
  hooks?: ConsumerHooks;
};

export interface Consumer<Topics extends TopicTypeMap = TopicTypeMap> {
  /** Registers the handler of a topic (one per topic). Returns the consumer for chaining. */
  on<Topic extends keyof Topics & string>(topic: Topic, handler: MessageHandler<Topics[Topic]['value'], Topics[Topic]['key']>): Consumer<Topics>;
  /** Connects, joins the group and starts handling messages; resolves once running. */
  start(): Promise<void>;
  /**
   * Graceful stop: the message being handled finishes (no further retries start), its offset is
   * committed, and the member leaves the group so its partitions move on at once.
   */
  stop(): Promise<void>;
  /** Stops fetching a topic (all its partitions) until {@link Consumer.resume}. */
  pause(topic: keyof Topics & string): void;
  resume(topic: keyof Topics & string): void;
  /** Partitions this member owns now, per topic. */
  assignment(): Assignment;
}

type MessageOutcome = 'done' | 'abandoned';

function invokeHook<Args extends unknown[]>(hook: ((...args: Args) => void) | undefined, ...args: Args): void {
  if (!hook) return;
  try {
    hook(...args);
  } catch {
    // Hooks are for observation; a failing one must not change what happens to messages.
  }
}

function textHeaders(headers: Record<string, Buffer[]>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers)) {
    const last = values[values.length - 1];
    if (last !== undefined) result[name] = last.toString('utf8');
  }
  return result;
}

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/** Creates a consumer; register handlers with `on`, then `start()`. */
export function createConsumer<Topics extends TopicTypeMap = TopicTypeMap>(options: ConsumerOptions): Consumer<Topics> {
  const adapter: KafkaAdapter = adapterOf(options, 'createConsumer');
  if (!options.groupId) {
    throw new KontractError('USAGE', 'createConsumer needs a groupId.', {
      hint: 'Name the group after the service and purpose, e.g. "billing.payment-projector".',
    });
  }
  const policy = retryPolicy(options.retry);
  const deadLetterTopicOf = options.deadLetter === false ? undefined : (options.deadLetter?.topic ?? defaultDeadLetterTopic);
  const commitMode = options.commit ?? 'message';
  const hooks = options.hooks ?? {};
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000;
  const handlers = new Map<string, MessageHandler>();
  const pausedTopics = new Set<string>();
  let assignment: Assignment = {};
  let client: ConsumerAdapter | undefined;
  let deadLetterProducer: Promise<ProducerAdapter> | undefined;
  let state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle';
  const removeListeners: Array<() => void> = [];

  const owns = (topic: string, partition: number) => assignment[topic]?.includes(partition) ?? false;

  /** Sleeps `ms`, heartbeating so the group keeps this member; false when the wait was cut short by stopping. */
  const waitAlive = async (batch: IncomingBatch, ms: number): Promise<boolean> => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (state === 'stopping' || !batch.isRunning() || batch.isStale()) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(until - Date.now(), heartbeatIntervalMs, 250)));
      await batch.heartbeat();
    }
    return state !== 'stopping' && batch.isRunning() && !batch.isStale();
  };

  const commit = async (batch: IncomingBatch, offset: string) => {
    const position = { topic: batch.topic, partition: batch.partition, offset };
    // After a rebalance the partition may belong to another member, who resumes from the last commit.
    if (batch.isStale() || !owns(batch.topic, batch.partition)) {
      invokeHook(hooks.onCommitSkipped, position);
      return;
    }
    await batch.commitOffset(offset);
    invokeHook(hooks.onCommit, [position]);
  };

  const sendToDeadLetter = async (
    batch: IncomingBatch,
    message: IncomingMessage,
    reason: DeadLetterReason,
    error: unknown,
    retryCount: number,
  ): Promise<MessageOutcome> => {
    if (!deadLetterTopicOf) return 'abandoned';
    const deadLetterTopic = deadLetterTopicOf(batch.topic);
    try {
      deadLetterProducer ??= (async () => {
        const producer = adapter.producer({ idempotent: true });
        await producer.connect();
        return producer;
      })();
      // A failed connect is not cached: the next dead letter tries again.
      const producer = await deadLetterProducer.catch((connectError: unknown) => {
        deadLetterProducer = undefined;
        throw connectError;
      });
      await producer.send(
        {
          topic: deadLetterTopic,
          messages: [
            deadLetterMessage({ topic: batch.topic, partition: batch.partition, message, groupId: options.groupId, reason, error, retryCount, failedAt: new Date() }),
          ],
        },
        { acks: -1, compression: 'gzip' },
      );
    } catch (sendError) {
      invokeHook(
        hooks.onError,
        new KontractError('KAFKA_ERROR', `Could not write to the dead-letter topic "${deadLetterTopic}"; the message stays uncommitted and comes again.`, {
          cause: sendError,
          retriable: true,
          context: { topic: batch.topic, partition: batch.partition, offset: message.offset, deadLetterTopic },
        }),
      );
      // Back off before the redelivery so an unavailable dead-letter topic does not spin the partition.
      await waitAlive(batch, policy.maxBackoffMs);
      return 'abandoned';
    }
    invokeHook(hooks.onDeadLetter, { topic: batch.topic, partition: batch.partition, offset: message.offset, deadLetterTopic, reason, error, retryCount });
    return 'done';
  };

  /** What the codec must fetch before it can decode the message, if anything (see TopicCodec.ensureDecodable). */
  const decodePreparation = (topic: string, message: IncomingMessage): Promise<unknown> | undefined => {
    const codec = options.codec;
    if (!codec.ensureDecodable) return undefined;
    const key = message.key === null ? undefined : codec.ensureDecodable(topic, message.key, 'key');
    const value = message.value === null ? undefined : codec.ensureDecodable(topic, message.value, 'value');
    return key && value ? Promise.all([key, value]) : (key ?? value);
  };

  const handleMessage = async (batch: IncomingBatch, message: IncomingMessage): Promise<MessageOutcome> => {
    const { topic, partition } = batch;
    const handler = handlers.get(topic);
    if (!handler) {
      return sendToDeadLetter(
        batch,
        message,
        'handler-failed',
        new KontractError('USAGE', `No handler for topic "${topic}".`, { context: { topic } }),
        0,
      );
    }
    const fetching = decodePreparation(topic, message);
    if (fetching) {
      try {
        await fetching;
      } catch (error) {
        if (!(isKontractError(error) && error.retriable)) return sendToDeadLetter(batch, message, 'decode-failed', error, 0);
        // The registry is unreachable: not the message's fault. Back off; it comes again.
        invokeHook(hooks.onError, error);
        await waitAlive(batch, policy.maxBackoffMs);
        return 'abandoned';
      }
    }
    let key: unknown;
    let value: unknown;
    try {
      key = message.key === null ? null : options.codec.decodeKey(topic, message.key);
      value = message.value === null ? null : options.codec.decodeValue(topic, message.value);
    } catch (error) {
      return sendToDeadLetter(batch, message, 'decode-failed', error, 0);
    }
    const headers = textHeaders(message.headers);
    const event = eventContextOf(headers, value, `${topic}/${partition}/${message.offset}`);
    const store = options.idempotencyStore;
    if (store && event.eventId !== undefined && (await store.has(event.eventId))) {
      invokeHook(hooks.onDuplicate, { topic, partition, offset: message.offset, eventId: event.eventId });
      return 'done';
    }
    for (let attempt = 1; ; attempt++) {
      const context: MessageContext = { topic, partition, offset: message.offset, key, headers, timestamp: message.timestamp, event, attempt };
      try {
        await runWithEventContext(event, () => handler(value, context));
        if (store && event.eventId !== undefined) await store.markProcessed(event.eventId);
        return 'done';
      } catch (error) {
        const retriesLeft = attempt <= policy.retries && policy.shouldRetry(error);
        if (!retriesLeft) {
          if (!deadLetterTopicOf) {
            // Without a dead-letter topic the only safe move is to try again later from this offset.
            invokeHook(hooks.onError, error);
            await waitAlive(batch, policy.maxBackoffMs);
            return 'abandoned';
          }
          return sendToDeadLetter(batch, message, 'handler-failed', error, attempt - 1);
        }
        const delayMs = backoffDelay(policy, attempt);
        invokeHook(hooks.onRetry, { topic, partition, offset: message.offset, attempt, delayMs, error });
        // Stopping or losing the partition ends the retries; the message stays uncommitted and comes again.
        if (!(await waitAlive(batch, delayMs))) return 'abandoned';
      }
    }
  };

  const eachBatch = async (batch: IncomingBatch) => {
    let pendingCommit: string | undefined;
    try {
      for (const message of batch.messages) {
        if (state === 'stopping' || !batch.isRunning() || batch.isStale() || pausedTopics.has(batch.topic)) break;
        const outcome = await handleMessage(batch, message);
        if (outcome === 'abandoned') break;
        batch.resolveOffset(message.offset);
        if (commitMode === 'message') await commit(batch, nextOffset(message.offset));
        else pendingCommit = nextOffset(message.offset);
        await batch.heartbeat();
      }
    } finally {
      if (pendingCommit !== undefined) await commit(batch, pendingCommit);
    }
  };

  const consumer: Consumer<Topics> = {
    on(topic, handler) {
      if (handlers.has(topic)) {
        throw new KontractError('USAGE', `Topic "${topic}" already has a handler.`, {
          hint: 'Register one handler per topic and dispatch inside it if several things must happen.',
          context: { topic },
        });
      }
      if (state !== 'idle') {
        throw new KontractError('USAGE', `Handlers must be registered before start() (topic "${topic}").`, { context: { topic } });
      }
      handlers.set(topic, handler as MessageHandler);
      return consumer;
    },

    async start() {
      if (state !== 'idle') {
        throw new KontractError('USAGE', `This consumer was already started (it is ${state}).`, { hint: 'Create a new consumer to start again.' });
      }
      const topics = [...new Set(options.topics ?? handlers.keys())];
      const missing = topics.filter((topic) => !handlers.has(topic));
      if (topics.length === 0 || missing.length > 0) {
        throw new KontractError(
          'USAGE',
          topics.length === 0 ? 'The consumer has no topics to read.' : `No handler for topic(s) ${missing.map((topic) => `"${topic}"`).join(', ')}.`,
          { hint: "Register a handler with consumer.on('<topic>', handler) for every topic before start()." },
        );
      }
      state = 'starting';
      try {
        await options.codec.prepare?.(topics);
        client = adapter.consumer({
          groupId: options.groupId,
          sessionTimeoutMs: options.sessionTimeoutMs,
          heartbeatIntervalMs: options.heartbeatIntervalMs,
          rebalanceTimeoutMs: options.rebalanceTimeoutMs,
          maxWaitTimeMs: options.maxWaitTimeMs,
        });
        removeListeners.push(
          client.onAssignment((next) => {
            assignment = next;
          }),
          client.onCrash((error, restarting) => {
            invokeHook(
              hooks.onError,
              new KontractError('KAFKA_ERROR', `The Kafka consumer of group "${options.groupId}" crashed${restarting ? ' and is rejoining' : ''}: ${error.message}`, {
                cause: error,
                retriable: restarting,
                context: { group: options.groupId },
              }),
            );
          }),
        );
        await client.connect();
        await client.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
        await client.run({ eachBatch, partitionsConsumedConcurrently: options.partitionsConsumedConcurrently });
        // Pauses asked for before start take effect now that the client can take them.
        if (pausedTopics.size > 0) client.pause([...pausedTopics].map((topic) => ({ topic })));
        state = 'running';
      } catch (error) {
        state = 'stopped';
        await client?.disconnect().catch(() => undefined);
        throw isKontractError(error) ? error : new KontractError('KAFKA_ERROR', `Starting the consumer failed: ${String(error)}`, { cause: error });
      }
    },

    async stop() {
      if (state === 'idle') {
        state = 'stopped';
        return;
      }
      if (state === 'stopping' || state === 'stopped') return;
      state = 'stopping';
      try {
        // Waits for the batch in progress: its current message finishes and is committed.
        await client?.disconnect();
      } finally {
        for (const remove of removeListeners.splice(0)) remove();
        const producer = await deadLetterProducer?.catch(() => undefined);
        await producer?.disconnect().catch((error: unknown) => invokeHook(hooks.onError, error));
        deadLetterProducer = undefined;
        state = 'stopped';
      }
    },

    pause(topic) {
      pausedTopics.add(topic);
      if (state === 'running') client?.pause([{ topic }]);
    },

    resume(topic) {
      pausedTopics.delete(topic);
      if (state === 'running') client?.resume([{ topic }]);
    },

    assignment() {
      return Object.fromEntries(Object.entries(assignment).map(([topic, partitions]) => [topic, [...partitions]]));
    },
  };
  return consumer;
}
