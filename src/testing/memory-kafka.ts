/**
 * Kafka in memory, behind the same {@link KafkaAdapter} seam the real client sits behind: topics are lists of
 * records per partition, producers append to them, consumer groups keep committed offsets. Consumers do not
 * fetch by themselves: {@link InMemoryKafka.drain} hands every running member the records past its position,
 * batch by batch, until nothing is left, so a test decides when handlers run and knows when they are done.
 */
import { KontractError } from '../errors.js';
import type {
  AdminAdapter,
  Assignment,
  ConsumerAdapter,
  DeliveryReport,
  IncomingBatch,
  IncomingMessage,
  KafkaAdapter,
  OutgoingMessage,
  ProducerAdapter,
  RunOptions,
  TopicMessages,
} from '../kafka/adapter.js';

/** A record as stored: bytes and headers exactly as produced. */
export interface StoredRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer[]>;
  timestamp: string;
}

interface Member {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  eachBatch?: (batch: IncomingBatch) => Promise<void>;
  running: boolean;
  assignmentListeners: Array<(assignment: Assignment) => void>;
  /** Next offset to hand out per `topic/partition` (starts at the group's committed offset). */
  positions: Map<string, bigint>;
  paused: Set<string>;
  inProgress?: Promise<void>;
}

function toBuffer(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function headerLists(headers: OutgoingMessage['headers']): Record<string, Buffer[]> {
  const result: Record<string, Buffer[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name] = (Array.isArray(value) ? value : [value]).map(toBuffer);
  return result;
}

/** Java's murmur2 partitioner, so keys land where a real cluster with the same partition count puts them. */
function murmur2(data: Buffer): number {
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ data.length) | 0;
  let i = 0;
  for (; i + 4 <= data.length; i += 4) {
    let k = data.readInt32LE(i);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = data.length - i;
  if (rest === 3) h ^= data[i + 2]! << 16;
  if (rest >= 2) h ^= data[i + 1]! << 8;
  if (rest >= 1) {
    h ^= data[i]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h & 0x7fffffff;
}

export interface InMemoryKafkaOptions {
  /** Partitions of every topic created on first use. Default 1. */
  partitions?: number;
  /** Rounds of delivery {@link InMemoryKafka.drain} makes before it gives up on handlers that keep producing to what they read. Default 100. */
  maxDrainRounds?: number;
}

/** An in-memory Kafka cluster implementing {@link KafkaAdapter}. */
export class InMemoryKafka implements KafkaAdapter {
  /** drain() hands out a batch and waits until it is done: consumers work through it before the hand-out resolves. */
  readonly prefetchByDefault = false;
  private readonly logs = new Map<string, StoredRecord[][]>();
  private readonly committed = new Map<string, bigint>();
  private readonly members: Member[] = [];
  private readonly partitions: number;
  private readonly maxDrainRounds: number;
  private roundRobin = 0;

  constructor(options: InMemoryKafkaOptions = {}) {
    this.partitions = options.partitions ?? 1;
    this.maxDrainRounds = options.maxDrainRounds ?? 100;
  }

  /** Every record of `topic`, partition by partition, in offset order. */
  records(topic: string): StoredRecord[] {
    return (this.logs.get(topic) ?? []).flat();
  }

  /** Names of the topics that exist (were produced to or subscribed). */
  topics(): string[] {
    return [...this.logs.keys()].sort();
  }

  private log(topic: string): StoredRecord[][] {
    let log = this.logs.get(topic);
    if (!log) this.logs.set(topic, (log = Array.from({ length: this.partitions }, () => [])));
    return log;
  }

  private append(batch: TopicMessages): DeliveryReport[] {
    const log = this.log(batch.topic);
    const reports = new Map<number, DeliveryReport>();
    for (const message of batch.messages) {
      const partition = message.partition ?? (message.key ? murmur2(message.key) % log.length : this.roundRobin++ % log.length);
      if (!log[partition]) throw new KontractError('KAFKA_ERROR', `Topic "${batch.topic}" has no partition ${partition}.`, { context: { topic: batch.topic, partition } });
      const offset = String(log[partition].length);
      log[partition].push({
        topic: batch.topic,
        partition,
        offset,
        key: message.key,
        value: message.value,
        headers: headerLists(message.headers),
        timestamp: message.timestamp ?? String(Date.now()),
      });
      if (!reports.has(partition)) reports.set(partition, { topic: batch.topic, partition, baseOffset: offset });
    }
    return [...reports.values()];
  }

  producer(): ProducerAdapter {
    let connected = false;
    const send = async (batches: TopicMessages[]) => {
      if (!connected) throw new KontractError('KAFKA_ERROR', 'The producer is not connected.', { hint: 'Call connect() first.' });
      return batches.flatMap((batch) => this.append(batch));
    };
    return {
      connect: async () => {
        connected = true;
      },
      send: (batch) => send([batch]),
      sendBatch: (batches) => send(batches),
      disconnect: async () => {
        connected = false;
      },
    };
  }

  consumer(options: { groupId: string }): ConsumerAdapter {
    const member: Member = { groupId: options.groupId, topics: [], fromBeginning: false, running: false, assignmentListeners: [], positions: new Map(), paused: new Set() };
    this.members.push(member);
    const stop = async () => {
      member.running = false;
      await member.inProgress;
    };
    return {
      connect: async () => {},
      subscribe: async ({ topics, fromBeginning }) => {
        member.topics.push(...topics.filter((t) => !member.topics.includes(t)));
        member.fromBeginning = fromBeginning;
        for (const topic of topics) this.log(topic);
      },
      run: async (run: RunOptions) => {
        if (!('eachBatch' in run)) throw new KontractError('USAGE', 'The in-memory Kafka drives eachBatch consumers only.');
        member.eachBatch = run.eachBatch;
        member.running = true;
        const assignment: Assignment = Object.fromEntries(member.topics.map((topic) => [topic, this.log(topic).map((_, partition) => partition)]));
        for (const topic of member.topics) {
          this.log(topic).forEach((records, partition) => {
            const committed = this.committed.get(`${member.groupId}/${topic}/${partition}`);
            member.positions.set(`${topic}/${partition}`, committed ?? (member.fromBeginning ? 0n : BigInt(records.length)));
          });
        }
        for (const listener of member.assignmentListeners) listener(assignment);
      },
      commitOffsets: async (offsets) => {
        for (const o of offsets) this.committed.set(`${member.groupId}/${o.topic}/${o.partition}`, BigInt(o.offset));
      },
      pause: (topics) => topics.forEach((t) => member.paused.add(t.topic)),
      resume: (topics) => topics.forEach((t) => member.paused.delete(t.topic)),
      seek: (position) => member.positions.set(`${position.topic}/${position.partition}`, BigInt(position.offset)),
      stop,
      disconnect: async () => {
        await stop();
        this.members.splice(this.members.indexOf(member), 1);
      },
      onAssignment: (listener) => {
        member.assignmentListeners.push(listener);
        return () => member.assignmentListeners.splice(member.assignmentListeners.indexOf(listener), 1);
      },
      onCrash: () => () => {},
    };
  }

  admin(): AdminAdapter {
    return {
      connect: async () => {},
      createTopics: async (specs) => {
        let created = false;
        for (const spec of specs) {
          if (this.logs.has(spec.topic)) continue;
          this.logs.set(spec.topic, Array.from({ length: spec.numPartitions ?? this.partitions }, () => []));
          created = true;
        }
        return created;
      },
      listTopics: async () => this.topics(),
      fetchTopicOffsets: async (topic) => this.log(topic).map((records, partition) => ({ partition, high: String(records.length), low: '0' })),
      fetchOffsets: async (groupId, topics) =>
        topics.map((topic) => ({
          topic,
          partitions: this.log(topic).map((_, partition) => ({ partition, offset: String(this.committed.get(`${groupId}/${topic}/${partition}`) ?? -1n) })),
        })),
      disconnect: async () => {},
    };
  }

  /**
   * Hands every running consumer the records past its position until no consumer has anything left (handlers may
   * produce more). Resolves when every handler, retry and dead letter is done.
   */
  async drain(): Promise<void> {
    // A partition whose first pending message is abandoned (no dead-letter topic, or a stop) stays where it is
    // until the next drain instead of being handed out again and again.
    const stuck = new Set<string>();
    for (let round = 0; round < this.maxDrainRounds; round++) {
      let delivered = false;
      for (const member of [...this.members]) {
        if (!member.running || !member.eachBatch) continue;
        for (const topic of member.topics) {
          if (member.paused.has(topic)) continue;
          const log = this.log(topic);
          for (let partition = 0; partition < log.length; partition++) {
            const key = `${topic}/${partition}`;
            const position = member.positions.get(key) ?? 0n;
            const pending = log[partition]!.slice(Number(position));
            const stuckKey = `${member.groupId}/${key}/${position}`;
            if (pending.length === 0 || !member.running || stuck.has(stuckKey)) continue;
            delivered = true;
            if (!(await this.deliver(member, topic, partition, pending))) stuck.add(stuckKey);
          }
        }
      }
      if (!delivered) return;
    }
    throw new KontractError('USAGE', `drain() gave up after ${this.maxDrainRounds} rounds: handlers keep producing to topics they consume.`, {
      hint: 'A handler that re-publishes what it reads loops forever; check the topics it sends to.',
    });
  }

  /** Hands `records` to `member` as one batch; false when it processed none of them. */
  private async deliver(member: Member, topic: string, partition: number, records: StoredRecord[]): Promise<boolean> {
    const key = `${topic}/${partition}`;
    const messages: IncomingMessage[] = records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, offset: r.offset, timestamp: r.timestamp }));
    let resolved: bigint | undefined;
    const batch: IncomingBatch = {
      topic,
      partition,
      highWatermark: String(this.log(topic)[partition]!.length),
      messages,
      resolveOffset: (offset) => {
        resolved = BigInt(offset) + 1n;
      },
      commitOffset: async (offset) => {
        this.committed.set(`${member.groupId}/${key}`, BigInt(offset));
      },
      heartbeat: async () => {},
      isRunning: () => member.running,
      isStale: () => false,
    };
    member.inProgress = member.eachBatch!(batch);
    try {
      await member.inProgress;
    } finally {
      member.inProgress = undefined;
      // What the consumer did not resolve (an abandoned message) is handed out again from there.
      if (resolved !== undefined) member.positions.set(key, resolved);
    }
    return resolved !== undefined;
  }
}
