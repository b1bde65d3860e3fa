import { describe, expect, it } from 'vitest';
import { consumerLag, createConsumer, createProducer, formatLagJson, formatLagTable, jsonCodec } from '../../src/kafka/index.js';
import type { LagRow } from '../../src/kafka/index.js';
import { commitGroupOffsets, createTopics, fastConsumer, testKafka, uniqueName, waitFor } from './helpers.js';

const kafka = testKafka('lag-test');

describe('consumerLag', () => {
  it('reports committed offset, log end and lag per partition, with "-" where nothing was committed', async () => {
    const topic = uniqueName('lagging');
    const groupId = uniqueName('lag-group');
    await createTopics(kafka, [topic], 2);
    const producer = createProducer({ kafka, codec: jsonCodec() });
    await producer.sendBatch([
      ...[1, 2, 3, 4, 5].map((n) => ({ topic, partition: 0, value: { n } })),
      ...[1, 2].map((n) => ({ topic, partition: 1, value: { n } })),
    ]);
    await producer.disconnect();
    // The group has read 3 messages of partition 0 and nothing of partition 1.
    await commitGroupOffsets(kafka, groupId, topic, { 0: 3 });

    const rows = await consumerLag({ kafka, groupId, topics: [topic] });
    expect(rows).toEqual<LagRow[]>([
      { group: groupId, topic, partition: 0, currentOffset: 3, logEndOffset: 5, lag: 2 },
      { group: groupId, topic, partition: 1, currentOffset: null, logEndOffset: 2, lag: null },
    ]);
    // Without topics: the topics the group has committed offsets for.
    expect(await consumerLag({ kafka, groupId })).toEqual(rows);

    const table = formatLagTable(rows).split('\n');
    expect(table[0]).toMatch(/^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG$/);
    expect(table[1]?.split(/\s+/)).toEqual([groupId, topic, '0', '3', '5', '2']);
    expect(table[2]?.split(/\s+/)).toEqual([groupId, topic, '1', '-', '2', '-']);
    expect(JSON.parse(formatLagJson(rows))).toEqual(rows);
  });

  it('drops to zero once a kontract consumer has handled everything', async () => {
    const topic = uniqueName('caught-up');
    const groupId = uniqueName('caught-up-group');
    await createTopics(kafka, [topic], 2);
    const producer = createProducer({ kafka, codec: jsonCodec() });
    await producer.sendBatch([1, 2, 3, 4, 5, 6].map((n) => ({ topic, key: `k${n}`, value: { n } })));
    await producer.disconnect();
    const before = await consumerLag({ kafka, groupId, topics: [topic] });
    expect(before.map((row) => row.currentOffset)).toEqual([null, null]);
    expect(before.reduce((sum, row) => sum + row.logEndOffset, 0)).toBe(6);

    let handled = 0;
    const consumer = createConsumer({ kafka, codec: jsonCodec(), groupId, fromBeginning: true, ...fastConsumer });
    consumer.on(topic, () => {
      handled++;
    });
    try {
      await consumer.start();
      await waitFor('lag 0 on both partitions', async () => {
        const rows = await consumerLag({ kafka, groupId, topics: [topic] });
        return rows.length === 2 && rows.every((row) => row.lag === 0);
      });
    } finally {
      await consumer.stop();
    }
    expect(handled).toBe(6);
    const after = await consumerLag({ kafka, groupId, topics: [topic] });
    expect(after.map((row) => row.currentOffset)).toEqual(after.map((row) => row.logEndOffset));
  });
});

describe('formatLagTable', () => {
  it('pads columns to the widest cell and right-aligns numbers', () => {
    const table = formatLagTable([
      { group: 'g', topic: 'orders', partition: 0, currentOffset: 7, logEndOffset: 1200, lag: 1193 },
      { group: 'g', topic: 'orders', partition: 10, currentOffset: null, logEndOffset: 3, lag: null },
    ]);
    expect(table).toBe(
      [
        'GROUP  TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET   LAG',
        'g      orders          0               7            1200  1193',
        'g      orders         10               -               3     -',
        '',
      ].join('\n'),
    );
  });

  it('prints only the header for no rows', () => {
    expect(formatLagTable([])).toBe('GROUP  TOPIC  PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG\n');
  });
});
