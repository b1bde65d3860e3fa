import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createConsumer, createProducer, jsonCodec } from '../../src/kafka/index.js';
import type { Consumer } from '../../src/kafka/index.js';
import { committedOffsets, createTopics, fastConsumer, logEndOffsets, sleep, testKafka, uniqueName, waitFor } from './helpers.js';

const kafka = testKafka('rebalance-test');

/** The group's state as the coordinator reports it ('Stable', 'PreparingRebalance', …). */
async function groupState(client: Kafka, groupId: string): Promise<string | undefined> {
  const admin = client.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.state;
  } finally {
    await admin.disconnect();
  }
}

const partitionsOf = (consumer: Consumer): number[] => Object.values(consumer.assignment()).flat().sort();

describe('a second member joining mid-stream', () => {
  it('splits the partitions while the first is mid-batch, every message is handled, and commits only come from the owner', async () => {
    const topic = uniqueName('shared');
    const groupId = uniqueName('shared-group');
    await createTopics(kafka, [topic], 4);
    const producer = createProducer({ kafka, codec: jsonCodec() });
    // Explicit partitions: ten messages on each, so every partition has something to hand over and to handle after.
    await producer.sendBatch(Array.from({ length: 40 }, (_, n) => ({ topic, key: `key-${n}`, value: { n }, partition: n % 4 })));

    const handled: Array<{ member: string; partition: number; offset: string }> = [];
    const commits: Array<{ member: string; partition: number; offset: string }> = [];
    const foreignCommits: string[] = [];
    const members = new Map<string, Consumer>();

    // The first member stops inside its handler once it has handled messages of every partition, so that the
    // second joins while a batch is in progress and every partition the second gets has moved from the first.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let blocked: { partition: number; offset: string } | undefined;

    const member = (name: string) => {
      const consumer: Consumer = createConsumer({
        kafka,
        codec: jsonCodec(),
        groupId,
        fromBeginning: true,
        ...fastConsumer,
        hooks: {
          onCommit: (offsets) => {
            for (const offset of offsets) {
              commits.push({ member: name, partition: offset.partition, offset: offset.offset });
              if (!consumer.assignment()[offset.topic]?.includes(offset.partition)) foreignCommits.push(`${name}:${offset.partition}`);
            }
          },
        },
      });
      consumer.on(topic, async (_value, context) => {
        handled.push({ member: name, partition: context.partition, offset: context.offset });
        if (name === 'a' && blocked === undefined && new Set(handled.map((entry) => entry.partition)).size === 4) {
          blocked = { partition: context.partition, offset: context.offset };
          await released;
        }
        await sleep(20);
      });
      members.set(name, consumer);
      return consumer;
    };
    let joining: Promise<void> | undefined;
    try {
      const a = member('a');
      await a.start();
      await waitFor('the first member to block inside a handler, having handled every partition', () => blocked !== undefined);
      expect(partitionsOf(a)).toEqual([0, 1, 2, 3]);

      // The second member's join completes only once the first rejoins, which it does after its batch: not awaited yet.
      joining = member('b').start();
      await waitFor('the coordinator to start a rebalance', async () => (await groupState(kafka, groupId)) === 'PreparingRebalance');
      release();
      await joining;
      await waitFor('both members to hold partitions', () => partitionsOf(a).length > 0 && partitionsOf(members.get('b')!).length > 0);

      await producer.sendBatch(Array.from({ length: 20 }, (_, n) => ({ topic, key: `late-${n}`, value: { n: 40 + n }, partition: n % 4 })));
      const ends = await logEndOffsets(kafka, topic);
      await waitFor(
        'every partition committed to its end',
        async () => {
          const committed = await committedOffsets(kafka, groupId, topic);
          return [...ends].every(([partition, end]) => committed.get(partition) === end);
        },
        30_000,
      );
    } finally {
      release();
      await joining?.catch(() => undefined);
      await Promise.all([...members.values()].map((consumer) => consumer.stop()));
      await producer.disconnect();
    }

    // The rebalance really happened: the first member gave up partitions it had been handling, the second took them.
    const aPartitions = partitionsOf(members.get('a')!);
    const bPartitions = partitionsOf(members.get('b')!);
    expect(aPartitions.length).toBeGreaterThan(0);
    expect(bPartitions.length).toBeGreaterThan(0);
    expect([...aPartitions, ...bPartitions].sort()).toEqual([0, 1, 2, 3]);
    const handledBy = (name: string) => new Set(handled.filter((entry) => entry.member === name).map((entry) => entry.partition));
    expect([...handledBy('b')].sort()).toEqual(bPartitions);
    // The second member resumed each moved partition exactly where the first member's last commit left it.
    for (const partition of bPartitions) {
      const lastOfA = commits.filter((entry) => entry.member === 'a' && entry.partition === partition).at(-1);
      const firstOfB = handled.find((entry) => entry.member === 'b' && entry.partition === partition);
      expect({ partition, resumedAt: firstOfB?.offset }).toEqual({ partition, resumedAt: lastOfA?.offset });
    }

    // The first member committed the message it was in when the rebalance began before it let the partition go.
    const blockedCommit = commits.filter((entry) => entry.member === 'a' && entry.partition === blocked!.partition).at(-1);
    expect(Number(blockedCommit?.offset)).toBeGreaterThan(Number(blocked!.offset));

    const positions = new Set(handled.map((entry) => `${entry.partition}:${entry.offset}`));
    expect(positions.size).toBe(60);
    // A graceful handover repeats nothing: every handled offset was committed before the partition moved.
    expect(handled).toHaveLength(60);
    expect(foreignCommits).toEqual([]);
  });
});
