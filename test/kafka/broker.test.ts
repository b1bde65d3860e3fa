import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, inject } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { listBrokers } from './broker.mjs';

const brokerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'broker.mjs');

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

  it('is listed as owned by this run when the run started it, and never when KAFKA_BROKERS named it', () => {
    const brokers = inject('kafkaBrokers');
    const listed = listBrokers().find((entry) => entry.brokers.join(',') === brokers.join(','));
    if (process.env.KAFKA_BROKERS) {
      // Either not ours at all, or one started by hand (`broker.mjs start`), which has no owner.
      expect(listed?.ownerPid).toBeUndefined();
    } else {
      expect(listed?.running).toBe(true);
      expect(listed?.ownerPid).toBeGreaterThan(0);
    }
  });
});

describe('broker.mjs by hand', () => {
  it('fails with what is missing and how to use KAFKA_BROKERS instead when Java cannot be run', () => {
    const result = spawnSync(process.execPath, [brokerScript, 'start'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: '/nonexistent', KAFKA_BROKER_INSTANCE: `java-check-${process.pid}` },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Java 17');
    expect(result.stderr).toContain('KAFKA_BROKERS=host:port');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints its usage for an unknown command', () => {
    const result = spawnSync(process.execPath, [brokerScript, 'restart'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('start|stop|status');
  });
});
