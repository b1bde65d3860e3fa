/**
 * An in-memory KafkaAdapter whose consumer side the test drives batch by batch, to check the
 * consumer's decisions (commit or not, retry, dead-letter) in situations a real broker only produces
 * by timing: a partition revoked mid-handler, a stop during backoff, an unavailable dead-letter topic.
 */
import type {
  AdminAdapter,
  Assignment,
  ConsumerAdapter,
  IncomingBatch,
  IncomingMessage,
  KafkaAdapter,
  ProducerAdapter,
  ProducerAdapterOptions,
  RunOptions,
  SendOptions,
  TopicMessages,
  TopicPartitionOffset,
} from '../../src/kafka/index.js';

export interface FakeBatchControls {
  stale?: () => boolean;
  /** Runs before a commit of the batch is recorded; a commit fails when it throws. */
  beforeCommit?: (offset: string) => Promise<void>;
}

export class FakeKafka implements KafkaAdapter {
  /** deliver() resolves once the batch is done (tests of prefetch ask for it explicitly). */
  readonly prefetchByDefault = false;
  readonly sent: TopicMessages[] = [];
  /** The options of every producer created, in order. */
  readonly producerOptions: ProducerAdapterOptions[] = [];
  /** The options of every send and sendBatch call, in order (one entry per call, however many topics it carries). */
  readonly sendOptions: SendOptions[] = [];
  readonly commits: TopicPartitionOffset[] = [];
  readonly resolved: Array<{ topic: string; partition: number; offset: string }> = [];
  readonly seeks: TopicPartitionOffset[] = [];
  heartbeats = 0;
  /** When set, producer sends fail with it. */
  sendError: Error | undefined;
  running = false;
  paused: string[] = [];
  private eachBatch: ((batch: IncomingBatch) => Promise<void>) | undefined;
  private readonly assignmentListeners: Array<(assignment: Assignment) => void> = [];
  private inProgress: Promise<void> | undefined;

  producer(options: ProducerAdapterOptions): ProducerAdapter {
    this.producerOptions.push({ ...options });
    const send = async (batches: TopicMessages[], sendOptions: SendOptions) => {
      this.sendOptions.push({ ...sendOptions });
      if (this.sendError) throw this.sendError;
      this.sent.push(...batches);
      return batches.map((batch) => ({ topic: batch.topic, partition: 0, baseOffset: '0' }));
    };
    return {
      connect: async () => {},
      send: (batch, sendOptions) => send([batch], sendOptions),
      sendBatch: (batches, sendOptions) => send(batches, sendOptions),
      disconnect: async () => {},
    };
  }

  consumer(): ConsumerAdapter {
    return {
      connect: async () => {},
      subscribe: async () => {},
      run: async (options: RunOptions) => {
        if (!('eachBatch' in options)) throw new Error('the fake drives eachBatch only');
        this.eachBatch = options.eachBatch;
        this.running = true;
      },
      commitOffsets: async (offsets) => {
        this.commits.push(...offsets);
      },
      pause: (topics) => this.paused.push(...topics.map((entry) => entry.topic)),
      resume: (topics) => {
        this.paused = this.paused.filter((topic) => !topics.some((entry) => entry.topic === topic));
      },
      seek: (position) => {
        this.seeks.push(position);
      },
      stop: async () => {
        this.running = false;
        await this.inProgress;
      },
      disconnect: async () => {
        this.running = false;
        await this.inProgress;
      },
      onAssignment: (listener) => {
        this.assignmentListeners.push(listener);
        return () => {};
      },
      onCrash: () => () => {},
    };
  }

  /** Topics and their partition counts, as the fake admin client sees them. */
  readonly topics = new Map<string, number>();
  /** Topics the fake admin client created, in order. */
  readonly createdTopics: Array<{ topic: string; numPartitions: number | undefined }> = [];
  /** When set, the fake admin client's createTopics fails with it. */
  createTopicsError: Error | undefined;

  admin(): AdminAdapter {
    return {
      connect: async () => {},
      disconnect: async () => {},
      listTopics: async () => [...this.topics.keys()],
      createTopics: async (specs) => {
        if (this.createTopicsError) throw this.createTopicsError;
        let created = false;
        for (const spec of specs) {
          if (this.topics.has(spec.topic)) continue;
          this.topics.set(spec.topic, spec.numPartitions ?? 1);
          this.createdTopics.push({ topic: spec.topic, numPartitions: spec.numPartitions });
          created = true;
        }
        return created;
      },
      fetchTopicOffsets: async (topic) => Array.from({ length: this.topics.get(topic) ?? 0 }, (_, partition) => ({ partition, high: '0', low: '0' })),
      fetchOffsets: async () => [],
    };
  }

  /** Hands this member partitions, as a group join does. */
  assign(assignment: Assignment): void {
    for (const listener of this.assignmentListeners) listener(assignment);
  }

  /** Delivers one batch and resolves once the consumer is done with it. */
  deliver(topic: string, partition: number, messages: IncomingMessage[], controls: FakeBatchControls = {}): Promise<void> {
    if (!this.eachBatch) throw new Error('the consumer was not started');
    const batch: IncomingBatch = {
      topic,
      partition,
      highWatermark: String(messages.length),
      messages,
      resolveOffset: (offset) => {
        this.resolved.push({ topic, partition, offset });
      },
      commitOffset: async (offset) => {
        await controls.beforeCommit?.(offset);
        this.commits.push({ topic, partition, offset });
      },
      heartbeat: async () => {
        this.heartbeats++;
      },
      isRunning: () => this.running,
      isStale: () => controls.stale?.() ?? false,
    };
    this.inProgress = this.eachBatch(batch);
    return this.inProgress;
  }
}

/** A consumed message with a JSON value. */
export function jsonMessage(offset: number, value: unknown, key: string | null = null, headers: Record<string, string> = {}): IncomingMessage {
  return {
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(JSON.stringify(value)),
    headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, [Buffer.from(text)]])),
    offset: String(offset),
    timestamp: '1700000000000',
  };
}
