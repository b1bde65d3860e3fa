import { describe, expect, it } from 'vitest';
import { kontract } from '../cli/helpers.js';
import { brokers, createTopics, testKafka, uniqueName } from './helpers.js';

describe('kontract lag', () => {
  it('prints the lag table of a group, and JSON', async () => {
    const kafka = testKafka();
    const topic = uniqueName('lag-cli');
    const group = uniqueName('lag-cli-group');
    await createTopics(kafka, [topic], 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [0, 1, 2, 3, 4].map((i) => ({ value: `m${i}`, partition: i % 2 })) });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }, { partition: 1, offset: '2' }] });
    await admin.disconnect();

    const text = await kontract(process.cwd(), ['lag', '--group', group, '--topic', topic, '--brokers', brokers().join(',')]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG$/);
    expect(lines[1]!.split(/\s+/)).toEqual([group, topic, '0', '1', '3', '2']);
    expect(lines[2]!.split(/\s+/)).toEqual([group, topic, '1', '2', '2', '0']);

    const json = await kontract(process.cwd(), ['lag', '--group', group, '--topic', topic, '--format', 'json'], { KAFKA_BROKERS: brokers().join(',') });
    expect(JSON.parse(json.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ group, topic, partition: 0, currentOffset: 1, logEndOffset: 3, lag: 2 })]),
    );
  });

  it('exits 2 without brokers', async () => {
    const result = await kontract(process.cwd(), ['lag', '--group', 'g']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KAFKA_BROKERS');
  });
});
