import { describe, it, expect, inject } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';

describe('the test broker', () => {
  it('answers metadata requests and creates topics', async () => {
    const brokers = inject('kafkaBrokers');
    expect(brokers.length).toBeGreaterThan(0);
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topic = `broker-check-${Date.now()}`;
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true })).toBe(true);
      expect(await admin.listTopics()).toContain(topic);
    } finally {
      await admin.disconnect();
    }
  });
});
