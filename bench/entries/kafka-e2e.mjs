// Produce and consume throughput on a real broker: kontract's typed producer and consumer (Avro events of about
// 1 KB serialized per message, envelope headers, schema ids from the embedded registry) against raw kafkajs sending
// the same pre-encoded bytes and reading them without decoding. Same client settings on both sides (acks -1,
// idempotent, no compression, batches of BATCH messages, one consumer per run, commits once per batch).
// The broker: KAFKA_BROKERS when set, else one started with test/kafka/broker.mjs. Target: kontract ≥ 0.85 of raw.
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker, stopBroker, waitUntilReady } from '../../test/kafka/broker.mjs';
import { eventHeaders, prepareOutgoing } from '../../dist/kafka/envelope.js';
import { createConsumer, createProducer } from '../../dist/kafka/typed.js';
import { loadRepository } from '../../dist/project/load.js';
import { createRegistryClient } from '../../dist/registry/client/client.js';
import { startRegistry } from '../../dist/registry/server/http.js';
import { registerRepository } from '../../dist/registry/sync.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MESSAGES = 20_000;
const BATCH = 500;
const ROUNDS = 2;
const PARTITIONS = 3;

const unique = (prefix) => `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

function event(i) {
  return {
    event_id: `6c1f1c2a-2c1e-4a44-9c3e-${String(i).padStart(12, '0')}`,
    event_type: 'orders.payment.completed',
    event_version: 2,
    timestamp: new Date(1_714_558_530_123 + i),
    source: 'payments-service',
    // A provider note makes the serialized event about 1 KB.
    data: { order_id: `order-${i}`, payment_id: `pay-${i}`, amount: '1234.50', currency: 'EUR', method: 'CARD', captured_by: 'stripe: '.padEnd(820, 'x') },
    metadata: { correlation_id: `corr-${i}`, causation_id: null, trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' },
  };
}

async function waitFor(check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function createTopic(kafka, topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: PARTITIONS }] });
  } finally {
    await admin.disconnect();
  }
}

export default {
  name: 'kafka-e2e',
  async run() {
    let broker;
    let brokers = process.env.KAFKA_BROKERS?.split(',').map((address) => address.trim()).filter(Boolean);
    if (brokers?.length) {
      const failure = await waitUntilReady(brokers, { timeoutMs: 20_000 });
      if (failure) throw new Error(`KAFKA_BROKERS does not answer: ${failure}`);
    } else {
      broker = await startBroker({ quiet: true });
      brokers = broker.brokers;
    }
    const registry = await startRegistry({ port: 0, memory: true });
    try {
      const client = createRegistryClient({ url: registry.url });
      const repo = loadRepository(repoRoot);
      if (!(await registerRepository(repo, client)).ok) throw new Error('registering the example repository failed');
      const paymentDescriptor = descriptorFromRepository(repo);
      const kafka = new Kafka({ clientId: 'kontract-bench', brokers, logLevel: logLevel.NOTHING });
      const events = Array.from({ length: BATCH }, (_, i) => event(i));

      const results = { rawProduce: 0, kontractProduce: 0, rawConsume: 0, kontractConsume: 0 };
      let valueBytes = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // kontract
        const kontractTopic = unique('bench.payments.kontract');
        await createTopic(kafka, kontractTopic);
        const map = { [kontractTopic]: { ...paymentDescriptor, topic: kontractTopic } };
        const producer = createProducer({ kafka, registry: client, topics: map, compression: 'none', serde: { autoRegister: true }, writes: [kontractTopic] });
        await producer.connect();
        let started = performance.now();
        for (let sent = 0; sent < MESSAGES; sent += BATCH) {
          await producer.sendBatch(events.map((value) => ({ topic: kontractTopic, key: value.data.order_id, value })));
        }
        results.kontractProduce = Math.max(results.kontractProduce, MESSAGES / ((performance.now() - started) / 1000));
        const encoded = producer.codec.encodeValue(kontractTopic, events[0]);
        const keyCodec = producer.codec;
        valueBytes = encoded.length;
        await producer.disconnect();

        let received = 0;
        const consumer = createConsumer({
          kafka,
          registry: client,
          topics: map,
          groupId: unique('bench.kontract'),
          fromBeginning: true,
          commit: 'batch',
          partitionsConsumedConcurrently: PARTITIONS,
          maxWaitTimeMs: 100,
        });
        consumer.on(kontractTopic, (value) => {
          if (value.event_version === 2) received++;
        });
        started = performance.now();
        await consumer.start();
        await waitFor(() => received >= MESSAGES);
        results.kontractConsume = Math.max(results.kontractConsume, MESSAGES / ((performance.now() - started) / 1000));
        await consumer.stop();

        // raw kafkajs with the same bytes
        const rawTopic = unique('bench.payments.raw');
        await createTopic(kafka, rawTopic);
        const rawProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
        await rawProducer.connect();
        // The same bytes kontract sends: key, value and envelope headers, built once up front.
        const rawMessages = events.map((value) => ({
          key: keyCodec.encodeKey(kontractTopic, value.data.order_id),
          value: encoded,
          headers: eventHeaders(prepareOutgoing(value, undefined).ids),
        }));
        started = performance.now();
        for (let sent = 0; sent < MESSAGES; sent += BATCH) {
          await rawProducer.sendBatch({ acks: -1, topicMessages: [{ topic: rawTopic, messages: rawMessages }] });
        }
        results.rawProduce = Math.max(results.rawProduce, MESSAGES / ((performance.now() - started) / 1000));
        await rawProducer.disconnect();

        let rawReceived = 0;
        const rawConsumer = kafka.consumer({ groupId: unique('bench.raw'), maxWaitTimeInMs: 100 });
        started = performance.now();
        await rawConsumer.connect();
        await rawConsumer.subscribe({ topics: [rawTopic], fromBeginning: true });
        await rawConsumer.run({
          partitionsConsumedConcurrently: PARTITIONS,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) if (message.value) rawReceived++;
          },
        });
        await waitFor(() => rawReceived >= MESSAGES);
        results.rawConsume = Math.max(results.rawConsume, MESSAGES / ((performance.now() - started) / 1000));
        await rawConsumer.disconnect();
      }

      const row = (what, kontract, raw) => `| ${what} | ${Math.round(kontract).toLocaleString('en')} | ${Math.round(raw).toLocaleString('en')} | **${(kontract / raw).toFixed(2)}** |`;
      const produceRatio = results.kontractProduce / results.rawProduce;
      const consumeRatio = results.kontractConsume / results.rawConsume;
      const markdown = [
        `${MESSAGES.toLocaleString('en')} messages per run, Avro values of ${valueBytes} bytes (orders.payment.completed v2), keys, ${PARTITIONS} partitions,`,
        `single local broker${broker ? ' started by test/kafka/broker.mjs' : ' (KAFKA_BROKERS)'}; best of ${ROUNDS} runs. kontract serializes every message`,
        '(and adds its envelope headers) and decodes every message it consumes; raw kafkajs sends pre-encoded bytes and counts',
        `values without decoding. Both: acks -1, idempotent, no compression, batches of ${BATCH}; consumers commit once per batch.`,
        '',
        '| direction | kontract (messages/s) | raw kafkajs (messages/s) | kontract / raw |',
        '| --- | ---: | ---: | ---: |',
        row('produce', results.kontractProduce, results.rawProduce),
        row('consume (from the beginning, group join included)', results.kontractConsume, results.rawConsume),
        '',
        `Target: kontract / raw ≥ 0.85 both ways. ${produceRatio >= 0.85 && consumeRatio >= 0.85 ? 'Met in this run.' : 'Missed in this run.'}`,
      ].join('\n');
      return { markdown };
    } finally {
      await registry.close();
      if (broker) await stopBroker(broker);
    }
  },
};

/** The payments topic descriptor as codegen writes it (examples/generated is TypeScript, not part of dist). */
function descriptorFromRepository(repo) {
  const subject = repo.subjects.find((s) => s.name === 'orders.payment.completed-value');
  const versions = subject.versions.map((version) => ({ ...version, recordName: 'dev.kontract.orders.PaymentCompleted' }));
  const keySubject = repo.subjects.find((s) => s.name === 'orders.payment.completed-key');
  const key = keySubject.versions[keySubject.versions.length - 1];
  return { topic: 'orders.payment.completed', value: versions[versions.length - 1], valueVersions: versions, key, requireKey: true };
}
