import { describe, expect, it } from 'vitest';
import { createConsumer, createProducer, jsonCodec } from '../../src/kafka/index.js';
import type { Consumer } from '../../src/kafka/index.js';
import { committedOffsets, createTopics, fastConsumer, logEndOffsets, sleep, testKafka, uniqueName, waitFor } from './helpers.js';

const kafka = testKafka('rebalance-test');

describe('a second member joining mid-stream', () => {
  it('splits the partitions, every message is handled, and commits only come from the owner', async () => {
    const topic = uniqueName('shared');
    const groupId = uniqueName('shared-group');
    await createTopics(kafka, [topic], 4);
    const producer = createProducer({ kafka, codec: jsonCodec() });
    await producer.sendBatch(Array.from({ length: 40 }, (_, n) => ({ topic, key: `key-${n}`, value: { n } })));

    const handled: Array<{ member: string; partition: number; offset: string }> = [];
    const foreignCommits: string[] = [];
    const members: Consumer[] = [];
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
              if (!consumer.assignment()[offset.topic]?.includes(offset.partition)) foreignCommits.push(`${name}:${offset.partition}`);
            }
          },
        },
      });
      consumer.on(topic, async (_value, context) => {
        handled.push({ member: name, partition: context.partition, offset: context.offset });
        await sleep(20);
      });
      members.push(consumer);
      return consumer;
    };
    try {
      await member('a').start();
      await waitFor('a quarter of the messages', () => handled.length >= 10);
      await member('b').start();
      await producer.sendBatch(Array.from({ length: 20 }, (_, n) => ({ topic, key: `late-${n}`, value: { n: 40 + n } })));
      const ends = await logEndOffsets(kafka, topic);
      await waitFor(
        'every partition committed to its end',
        async () => {
          const committed = await committedOffsets(kafka, groupId, topic);
          return [...ends].every(([partition, end]) => committed.get(partition) === end);
        },
        30_000,
      );
      expect(new Set(handled.filter((entry) => entry.member === 'b').map((entry) => entry.partition)).size).toBeGreaterThan(0);
      expect(Object.values(members[0]!.assignment()).flat().length + Object.values(members[1]!.assignment()).flat().length).toBe(4);
    } finally {
      await Promise.all(members.map((consumer) => consumer.stop()));
      await producer.disconnect();
    }
    const positions = new Set(handled.map((entry) => `${entry.partition}:${entry.offset}`));
    expect(positions.size).toBe(60);
    expect(foreignCommits).toEqual([]);
  });
});
