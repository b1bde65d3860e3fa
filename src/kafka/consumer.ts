/**
 * An at-least-once consumer with per-topic handlers. A message's offset is committed only once its
 * handler succeeded (or the message went to the dead-letter topic); a failing handler is retried with
 * exponential backoff and jitter a bounded number of times, then the message is dead-lettered so the
 * partition moves on. Undecodable messages are dead-lettered at once. Redeliveries can be skipped with
 * an {@link IdempotencyStore}. Offsets of partitions this member no longer owns are never committed.
 */
import { KontractError, isKontractError } from '../errors.js';
import { adapterOf, textHeadersOf } from './adapter.js';
import type {
  AdminAdapter,
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

/**
 * What a handler learns about the message besides its value. `headers` and `event` are decoded when first read
 * (a handler that needs neither does not pay for them); copy them by name, as an object spread leaves them out.
 */
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
  /** `start()` created a missing dead-letter topic (`partitions` undefined: the broker's default, the source topic not existing yet). */
  onDeadLetterTopicCreated?(info: { topic: string; sourceTopic: string; partitions: number | undefined }): void;
  /** Something went wrong outside a handler (dead-letter send or topic creation, client crash); the consumer carries on. */
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
  /**
   * Dead-letter topic per topic (default `<topic>.dlq`), or false to keep retrying a failing message (it then
   * blocks its partition). `start()` creates missing dead-letter topics with the source topic's partition count
   * unless `create` is false (topics managed elsewhere); a creation the cluster refuses is reported once through
   * `hooks.onError` and the consumer starts anyway.
   */
  deadLetter?: false | { topic?: (topic: string) => string; create?: boolean };
  /** Skips messages whose event id the store has; marks each handled message. */
  idempotencyStore?: IdempotencyStore;
  /**
   * When offsets are committed. Either way only offsets of finished messages (handled, skipped as duplicates or
   * dead-lettered) are committed, so delivery stays at least once; the modes differ in how much comes again
   * after a crash.
   * - `batch` (default): once at the end of every fetched batch, every `commitIntervalMs` inside a long batch,
   *   before waiting out a retry backoff and when stopping: one commit request per batch, as kafkajs's own
   *   auto-commit, but never for a message that was not processed.
   * - `message`: after every message (least redelivery after a crash; a commit round trip per message).
   */
  commit?: 'message' | 'batch';
  /** With `commit: 'batch'`: the longest processed offsets of a batch in progress stay uncommitted. Default 5 000 ms (the Java client's auto-commit interval). */
  commitIntervalMs?: number;
  /** Partitions handled at the same time (order is kept within each partition). Default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * Fetch the next batch while handlers work through the current one (one batch ahead per partition), as the Java
   * client and librdkafka do; kafkajs alone fetches only once every batch handed out is done. Delivery stays at least
   * once: offsets are committed only for finished messages, and a batch left unfinished (a backoff given up, a pause,
   * an error) is fetched again from its first unfinished message. A batch being worked through when a rebalance takes
   * its partition away stops at the next message, as it does without prefetch. Default true (the adapter's
   * `prefetchByDefault` when it says otherwise: the test kit's in-memory Kafka hands out batches one at a time).
   */
  prefetch?: boolean;
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

/** A message's outcome, synchronously when nothing had to wait (the common case: no promise per message). */
type PendingOutcome = MessageOutcome | Promise<MessageOutcome>;

/** A batch being worked through: the last finished offset and what was committed of it. */
interface BatchProgress {
  readonly batch: IncomingBatch;
  /** Offset of the last message finished (handled, skipped or dead-lettered). */
  done: string | undefined;
  /** The `done` offset last committed (or whose commit was skipped for a lost partition). */
  committed: string | undefined;
  lastCommitAt: number;
  /** The fetch position already moved past the whole batch when it was handed over (prefetch). */
  readonly resolvedAhead: boolean;
}

/**
 * A decoded message on its way through the attempts at its handler. Its headers and envelope ids are worked
 * out when first asked for — by the handler, a send from it, or the idempotency store — so a handler that
 * needs neither does not pay for decoding them.
 */
class Delivery {
  private textHeaders: Record<string, string> | undefined;
  private eventContext: EventContext | undefined;

  constructor(
    readonly progress: BatchProgress,
    readonly message: IncomingMessage,
    readonly handler: MessageHandler,
    readonly key: unknown,
    readonly value: unknown,
  ) {}

  get headers(): Record<string, string> {
    return (this.textHeaders ??= textHeadersOf(this.message));
  }

  get event(): EventContext {
    if (this.eventContext === undefined) {
      const { topic, partition } = this.progress.batch;
      const offset = this.message.offset;
      this.eventContext = eventContextOf(this.headers, this.value, () => `${topic}/${partition}/${offset}`);
    }
    return this.eventContext;
  }

  /** The current event context while the handler runs (see runWithEventContext). */
  readonly currentEvent = (): EventContext => this.event;
}

/**
 * The context of one attempt. `headers` and `event` are accessors on the prototype: they are decoded on first
 * read, and an object spread of the context (`{ ...context }`) does not copy them.
 */
class DeliveryContext implements MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: unknown;
  readonly timestamp: string;
  readonly #delivery: Delivery;

  constructor(
    delivery: Delivery,
    readonly attempt: number,
  ) {
    this.topic = delivery.progress.batch.topic;
    this.partition = delivery.progress.batch.partition;
    this.offset = delivery.message.offset;
    this.key = delivery.key;
    this.timestamp = delivery.message.timestamp;
    this.#delivery = delivery;
  }

  get headers(): Readonly<Record<string, string>> {
    return this.#delivery.headers;
  }

  get event(): EventContext {
    return this.#delivery.event;
  }
}

/** Kafka error types of `error`, its causes and (for aggregate errors) its parts. */
function kafkaErrorTypes(error: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (typeof error !== 'object' || error === null || depth > 5) return found;
  if ('type' in error && typeof error.type === 'string') found.add(error.type);
  if ('errors' in error && Array.isArray(error.errors)) for (const part of error.errors) kafkaErrorTypes(part, found, depth + 1);
  if ('cause' in error) kafkaErrorTypes(error.cause, found, depth + 1);
  return found;
}

function isTopicExistsError(error: unknown): boolean {
  return kafkaErrorTypes(error).has('TOPIC_ALREADY_EXISTS');
}

/** Errors of a group moving on (a rebalance, a lost membership): the client rejoins by itself. */
const REBALANCE_ERRORS = ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR', 'FENCED_INSTANCE_ID'];

function isRebalanceError(error: unknown): boolean {
  const types = kafkaErrorTypes(error);
  return REBALANCE_ERRORS.some((type) => types.has(type));
}

/** Error types meaning the cluster does not let this client create the topic. */
const REFUSED_CREATION = ['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'POLICY_VIOLATION'];

/** The one error reported when dead-letter topics could not be created. */
function deadLetterTopicError(failures: ReadonlyArray<{ topic: string; error: unknown }>, groupId: string): KontractError {
  const names = failures.map((failure) => `"${failure.topic}"`).join(', ');
  const first = failures[0]?.error;
  const refused = failures.some((failure) => REFUSED_CREATION.some((type) => kafkaErrorTypes(failure.error).has(type)));
  const detail = first instanceof Error ? first.message : String(first);
  return new KontractError(
    'KAFKA_ERROR',
    refused
      ? `The cluster does not let consumer group "${groupId}" create its dead-letter topic(s) ${names}: ${detail}`
      : `Could not create the dead-letter topic(s) ${names} of consumer group "${groupId}": ${detail}`,
    {
      cause: first,
      retriable: !refused,
      context: { group: groupId, deadLetterTopic: failures.map((failure) => failure.topic).join(',') },
      hint:
        'The consumer runs on; until the topic exists, a message that fails is not dead-lettered but backs off and comes again. ' +
        (refused
          ? 'Create the topic(s) with the source topic\'s partition count, or grant this client CREATE on them; pass deadLetter: { create: false } when topics are managed elsewhere.'
          : 'Check that the broker is reachable; the next start() tries again.'),
    },
  );
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function invokeHook<Args extends unknown[]>(hook: ((...args: Args) => void) | undefined, ...args: Args): void {
  if (!hook) return;
  try {
    hook(...args);
  } catch {
    // Hooks are for observation; a failing one must not change what happens to messages.
  }
}

/** Offsets are int64 text; those below 2^53 (all in practice) are incremented without BigInt. */
function nextOffset(offset: string): string {
  return offset.length < 16 ? String(Number(offset) + 1) : (BigInt(offset) + 1n).toString();
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
  const createDeadLetterTopics = options.deadLetter === false ? false : (options.deadLetter?.create ?? true);
  const commitMode = options.commit ?? 'batch';
  const commitIntervalMs = options.commitIntervalMs ?? 5_000;
  if (!(commitIntervalMs >= 0)) {
    throw new KontractError('USAGE', `commitIntervalMs must be a number ≥ 0 (got ${String(options.commitIntervalMs)}).`, {
      hint: 'Pass the longest time, in ms, that processed offsets of a batch in progress may stay uncommitted.',
    });
  }
  const hooks = options.hooks ?? {};
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000;
  // The client sends a heartbeat only once per heartbeat interval; asking it more often than a few times per
  // interval only costs a promise per message.
  const heartbeatCheckMs = Math.min(heartbeatIntervalMs / 4, 1_000);
  const handlers = new Map<string, MessageHandler>();
  const pausedTopics = new Set<string>();
  let assignment: Assignment = {};
  let client: ConsumerAdapter | undefined;
  let deadLetterProducer: Promise<ProducerAdapter> | undefined;
  /** Settles once start() has made sure the dead-letter topics exist (never rejects; failures go to onError). */
  let deadLetterTopicsReady: Promise<void> = Promise.resolve();
  let state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle';
  const removeListeners: Array<() => void> = [];

  const owns = (topic: string, partition: number) => assignment[topic]?.includes(partition) ?? false;

  /** False once the consumer is stopping or the batch no longer matches its partition's position (a seek). */
  const isCurrent = (batch: IncomingBatch) => state !== 'stopping' && batch.isRunning() && !batch.isStale();

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

  /** Commits the batch's finished messages, if any are not committed yet. */
  const commitProgress = async (progress: BatchProgress) => {
    const done = progress.done;
    if (done === undefined || done === progress.committed) return;
    progress.committed = done;
    progress.lastCommitAt = Date.now();
    // In `message` mode each message was resolved as it finished; with prefetch the whole batch was, when handed over
    // (resolving back would make the client fetch the batch's tail again).
    if (commitMode === 'batch' && !progress.resolvedAhead) progress.batch.resolveOffset(done);
    await commit(progress.batch, nextOffset(done));
  };

  /**
   * Sleeps `ms`, heartbeating so the group keeps this member; false when the wait was cut short by stopping.
   * What the batch finished before is committed first, so a crash during the wait does not bring it back.
   */
  const waitAlive = async (progress: BatchProgress, ms: number): Promise<boolean> => {
    const batch = progress.batch;
    await commitProgress(progress);
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!isCurrent(batch)) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(until - Date.now(), heartbeatIntervalMs, 250)));
      await batch.heartbeat();
    }
    return isCurrent(batch);
  };

  const sendToDeadLetter = async (
    progress: BatchProgress,
    message: IncomingMessage,
    reason: DeadLetterReason,
    error: unknown,
    retryCount: number,
  ): Promise<MessageOutcome> => {
    if (!deadLetterTopicOf) return 'abandoned';
    const batch = progress.batch;
    const deadLetterTopic = deadLetterTopicOf(batch.topic);
    try {
      // A dead letter found before start() finished creating the topics waits for them.
      await deadLetterTopicsReady;
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
      await waitAlive(progress, policy.maxBackoffMs);
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

  /**
   * Handles one message. Everything that need not wait runs synchronously — decoding, the handler call, a
   * synchronous idempotency store — so a message whose handler returns no promise costs no promise here.
   */
  const handleMessage = (progress: BatchProgress, message: IncomingMessage, handler: MessageHandler | undefined): PendingOutcome => {
    const topic = progress.batch.topic;
    if (!handler) {
      return sendToDeadLetter(progress, message, 'handler-failed', new KontractError('USAGE', `No handler for topic "${topic}".`, { context: { topic } }), 0);
    }
    const fetching = decodePreparation(topic, message);
    return fetching ? handleWhenDecodable(progress, message, handler, fetching) : decodeAndHandle(progress, message, handler);
  };

  /** The slow path of a message whose writer schema is being fetched. */
  const handleWhenDecodable = async (progress: BatchProgress, message: IncomingMessage, handler: MessageHandler, fetching: Promise<unknown>): Promise<MessageOutcome> => {
    try {
      await fetching;
    } catch (error) {
      if (!(isKontractError(error) && error.retriable)) return sendToDeadLetter(progress, message, 'decode-failed', error, 0);
      // The registry is unreachable: not the message's fault. Back off; it comes again.
      invokeHook(hooks.onError, error);
      await waitAlive(progress, policy.maxBackoffMs);
      return 'abandoned';
    }
    return decodeAndHandle(progress, message, handler);
  };

  const decodeAndHandle = (progress: BatchProgress, message: IncomingMessage, handler: MessageHandler): PendingOutcome => {
    const topic = progress.batch.topic;
    let key: unknown;
    let value: unknown;
    try {
      key = message.key === null ? null : options.codec.decodeKey(topic, message.key);
      value = message.value === null ? null : options.codec.decodeValue(topic, message.value);
    } catch (error) {
      return sendToDeadLetter(progress, message, 'decode-failed', error, 0);
    }
    const delivery = new Delivery(progress, message, handler, key, value);
    const store = options.idempotencyStore;
    const eventId = store ? delivery.event.eventId : undefined;
    if (store && eventId !== undefined) {
      const seen = store.has(eventId);
      if (isPromiseLike(seen)) return Promise.resolve(seen).then((known) => (known ? duplicate(delivery, eventId) : attempt(delivery, 1)));
      if (seen) return duplicate(delivery, eventId);
    }
    return attempt(delivery, 1);
  };

  const duplicate = (delivery: Delivery, eventId: string): MessageOutcome => {
    const { topic, partition } = delivery.progress.batch;
    invokeHook(hooks.onDuplicate, { topic, partition, offset: delivery.message.offset, eventId });
    return 'done';
  };

  /** One attempt at the handler; a failure continues in {@link afterFailure} (retry, dead letter or give up). */
  const attempt = (delivery: Delivery, attemptNumber: number): PendingOutcome => {
    const context = new DeliveryContext(delivery, attemptNumber);
    try {
      const result = runWithEventContext(delivery.currentEvent, delivery.handler, delivery.value, context);
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then(
          () => markProcessed(delivery, attemptNumber),
          (error: unknown) => afterFailure(delivery, attemptNumber, error),
        );
      }
      return markProcessed(delivery, attemptNumber);
    } catch (error) {
      return afterFailure(delivery, attemptNumber, error);
    }
  };

  /** Records the handled event in the idempotency store; a store failure counts as a failed attempt. */
  const markProcessed = (delivery: Delivery, attemptNumber: number): PendingOutcome => {
    const store = options.idempotencyStore;
    if (!store) return 'done';
    const eventId = delivery.event.eventId;
    if (eventId === undefined) return 'done';
    try {
      const marked = store.markProcessed(eventId);
      if (isPromiseLike(marked)) {
        return Promise.resolve(marked).then(
          (): MessageOutcome => 'done',
          (error: unknown) => afterFailure(delivery, attemptNumber, error),
        );
      }
      return 'done';
    } catch (error) {
      return afterFailure(delivery, attemptNumber, error);
    }
  };

  const afterFailure = async (delivery: Delivery, attemptNumber: number, error: unknown): Promise<MessageOutcome> => {
    const { progress, message } = delivery;
    const { topic, partition } = progress.batch;
    const retriesLeft = attemptNumber <= policy.retries && policy.shouldRetry(error);
    if (!retriesLeft) {
      if (!deadLetterTopicOf) {
        // Without a dead-letter topic the only safe move is to try again later from this offset.
        invokeHook(hooks.onError, error);
        await waitAlive(progress, policy.maxBackoffMs);
        return 'abandoned';
      }
      return sendToDeadLetter(progress, message, 'handler-failed', error, attemptNumber - 1);
    }
    const delayMs = backoffDelay(policy, attemptNumber);
    invokeHook(hooks.onRetry, { topic, partition, offset: message.offset, attempt: attemptNumber, delayMs, error });
    // Stopping or losing the partition ends the retries; the message stays uncommitted and comes again.
    if (!(await waitAlive(progress, delayMs))) return 'abandoned';
    return attempt(delivery, attemptNumber + 1);
  };

  /**
   * Works through a batch, committing as it goes. With `resolvedAhead` (prefetch) the client already fetches past the
   * batch, so a batch left unfinished for a reason other than stopping or a seek is sought back to its first
   * unfinished message, which then comes again.
   */
  const processBatch = async (batch: IncomingBatch, resolvedAhead: boolean) => {
    const topic = batch.topic;
    const handler = handlers.get(topic);
    const progress: BatchProgress = { batch, done: undefined, committed: undefined, lastCommitAt: Date.now(), resolvedAhead };
    let heartbeatDue = progress.lastCommitAt + heartbeatCheckMs;
    let refetch = true;
    try {
      for (const message of batch.messages) {
        // Stopping: the next start reads from the last commit. Stale: a seek set the position already. Not owned (with
        // prefetch the client may have rejoined meanwhile): the new owner reads from the last commit.
        if (!isCurrent(batch) || (resolvedAhead && !owns(topic, batch.partition))) {
          refetch = false;
          break;
        }
        if (pausedTopics.has(topic)) break;
        const pending = handleMessage(progress, message, handler);
        const outcome = typeof pending === 'string' ? pending : await pending;
        if (outcome === 'abandoned') break;
        progress.done = message.offset;
        const now = Date.now();
        if (commitMode === 'message') {
          if (!resolvedAhead) batch.resolveOffset(message.offset);
          await commitProgress(progress);
        } else if (now - progress.lastCommitAt >= commitIntervalMs) {
          await commitProgress(progress);
        }
        if (now >= heartbeatDue) {
          await batch.heartbeat();
          heartbeatDue = Date.now() + heartbeatCheckMs;
        }
      }
    } finally {
      try {
        await commitProgress(progress);
      } finally {
        if (resolvedAhead && refetch && progress.done !== batch.messages[batch.messages.length - 1]?.offset) refetchFrom(batch, progress);
      }
    }
  };

  /** Seeks a partition back to the first message of `batch` that `progress` did not finish (prefetch). */
  const refetchFrom = (batch: IncomingBatch, progress: BatchProgress) => {
    const first = batch.messages[0];
    if (!first || !isCurrent(batch) || !owns(batch.topic, batch.partition)) return;
    const offset = progress.done === undefined ? first.offset : nextOffset(progress.done);
    client?.seek({ topic: batch.topic, partition: batch.partition, offset });
  };

  /** Batches being worked through in the background (prefetch), by topic and partition. */
  const working = new Map<string, Promise<void>>();
  const concurrency = Math.max(1, options.partitionsConsumedConcurrently ?? 1);

  /**
   * Prefetch: hands the batch over and returns at once, so the client fetches the next batch while this one is worked
   * through. The next batch of the same partition waits for this one (order within a partition), and at most
   * `partitionsConsumedConcurrently` batches are worked through at a time.
   */
  const handOver = async (batch: IncomingBatch) => {
    const key = `${batch.topic}\u0000${batch.partition}`;
    const previous = working.get(key);
    if (previous) await previous;
    while (working.size >= concurrency) await Promise.race(working.values());
    const last = batch.messages[batch.messages.length - 1];
    if (!last || !isCurrent(batch)) return;
    batch.resolveOffset(last.offset);
    const work = processBatch(batch, true)
      .catch((error: unknown) => {
        // The client handles a rebalance itself; anything else is reported (the batch's rest is fetched again).
        if (!isRebalanceError(error)) invokeHook(hooks.onError, error);
      })
      .finally(() => working.delete(key));
    working.set(key, work);
  };

  const eachBatch = (options.prefetch ?? adapter.prefetchByDefault ?? true) ? handOver : (batch: IncomingBatch) => processBatch(batch, false);

  /**
   * Creates the dead-letter topics that do not exist yet, with their source topic's partition count. Never
   * throws: a cluster that refuses (no permission, a topic policy) is reported once through onError, and
   * dead letters then fail and back off as they would without this.
   */
  const ensureDeadLetterTopics = async (topics: readonly string[]): Promise<void> => {
    if (!deadLetterTopicOf || !createDeadLetterTopics) return;
    const wanted = new Map<string, string>();
    for (const topic of topics) {
      const deadLetterTopic = deadLetterTopicOf(topic);
      // A topic that is its own dead-letter topic (or another's source) needs nothing created here.
      if (!topics.includes(deadLetterTopic)) wanted.set(deadLetterTopic, topic);
    }
    if (wanted.size === 0) return;
    let admin: AdminAdapter | undefined;
    const failures: Array<{ topic: string; error: unknown }> = [];
    try {
      admin = adapter.admin();
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      for (const [deadLetterTopic, source] of wanted) {
        if (existing.has(deadLetterTopic)) continue;
        try {
          // A source topic that does not exist yet has no partition count to copy: the broker's default applies.
          const numPartitions = existing.has(source) ? (await admin.fetchTopicOffsets(source)).length : undefined;
          await admin.createTopics([{ topic: deadLetterTopic, ...(numPartitions ? { numPartitions } : {}) }]);
          invokeHook(hooks.onDeadLetterTopicCreated, { topic: deadLetterTopic, sourceTopic: source, partitions: numPartitions });
        } catch (error) {
          // Another member of the group may have created it a moment ago.
          if (!isTopicExistsError(error)) failures.push({ topic: deadLetterTopic, error });
        }
      }
    } catch (error) {
      failures.push(...[...wanted.keys()].map((topic) => ({ topic, error })));
    } finally {
      await admin?.disconnect().catch(() => undefined);
    }
    if (failures.length > 0) invokeHook(hooks.onError, deadLetterTopicError(failures, options.groupId));
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
        // Dead-letter topics are created while the consumer joins its group; a dead letter waits for them.
        deadLetterTopicsReady = ensureDeadLetterTopics(topics);
        await client.connect();
        await client.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
        await client.run({ eachBatch, partitionsConsumedConcurrently: options.partitionsConsumedConcurrently });
        // Pauses asked for before start take effect now that the client can take them.
        if (pausedTopics.size > 0) client.pause([...pausedTopics].map((topic) => ({ topic })));
        state = 'running';
        await deadLetterTopicsReady;
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
        // The batches being worked through finish their current message and commit it while the member is still in
        // the group; then the client leaves it.
        while (working.size > 0) await Promise.allSettled([...working.values()]);
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
