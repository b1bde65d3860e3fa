// Produce and consume throughput on a real broker: kontract's typed producer and consumer (Avro events of about
// 1 KB serialized per message, envelope headers, schema ids from the embedded registry) against raw kafkajs sending
// the same pre-encoded bytes and reading them without decoding. Both sides use the same client settings (acks -1,
// idempotent, no compression, batches of BATCH messages, PARTITIONS partitions consumed concurrently) and the same
// commit policy: offsets of processed messages committed once per fetched batch (kontract's default; kafkajs's
// autoCommit with eachBatch). A third side, raw kafkajs doing the same work as kontract (avsc encoding and decoding;
// like the handlers here, it reads no headers), shows what kontract costs against a service written without it. Rounds rotate which side goes
// first, so no side always runs on a warmer JIT.
// The broker: KAFKA_BROKERS when set, else one started with test/kafka/broker.mjs. Target: kontract ≥ 0.85 of raw.
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBroker, stopBroker, waitUntilReady } from '../../test/kafka/broker.mjs';
import { decimalBytes, decimalText } from '../raw-decimal.mjs';
import { eventHeaders, prepareOutgoing } from '../../dist/kafka/envelope.js';
import { createConsumer, createProducer } from '../../dist/kafka/typed.js';
import { loadRepository } from '../../dist/project/load.js';
import { createRegistryClient } from '../../dist/registry/client/client.js';
import { startRegistry } from '../../dist/registry/server/http.js';
import { registerRepository } from '../../dist/registry/sync.js';
import { avroFormat } from '../../dist/schema/avro.js';
import { AvroSerde } from '../../dist/serde/avro/serde.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Long enough that group join and JIT warm-up are a small part of a run.
const MESSAGES = 100_000;
const BATCH = 500;
const ROUNDS = 5;
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

/** Wall-clock messages/s and this process's CPU time (all threads) per message of `run`. */
async function measure(run) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const extra = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: MESSAGES / seconds, cpuMicros: (used.user + used.system) / MESSAGES, ...extra };
}

/** Keeps the best rate (and the lowest CPU per message) of each measurement over the rounds. */
function keepBest(results, name, measured) {
  const best = (results[name] ??= { rate: 0, cpuMicros: Infinity, steadyRate: 0 });
  best.rate = Math.max(best.rate, measured.rate);
  best.cpuMicros = Math.min(best.cpuMicros, measured.cpuMicros);
  if (measured.steadyRate !== undefined) best.steadyRate = Math.max(best.steadyRate, measured.steadyRate);
}

/** A Confluent-framed avsc encoding, as a raw service writes it: the frame in front of avsc's buffer. */
function framed(schemaId, payload) {
  const bytes = Buffer.allocUnsafe(5 + payload.length);
  bytes[0] = 0;
  bytes.writeInt32BE(schemaId, 1);
  payload.copy(bytes, 5);
  return bytes;
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
      // Every message of a run is a different event, as in a real service (and for raw kafkajs: different bytes).
      const events = Array.from({ length: MESSAGES }, (_, i) => event(i));

      // Raw avsc types of the same schemas (underlying values: millis, decimal bytes), for the "same work" side.
      const valueInfo = paymentDescriptor.value;
      const valueType = avro.Type.forSchema(
        new AvroSerde(avroFormat.parse({ schema: valueInfo.schema, references: valueInfo.referenceTexts }), 'number').type.schema({ exportAttrs: true }),
      );
      const keyType = avro.Type.forSchema('string');

      const results = {};
      let valueBytes = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const sides = [runKontract, runRaw, runRawSameWork];
        // The side going first rotates, so no side always runs on a warmer JIT or a fresher broker.
        for (let i = 0; i < sides.length; i++) await sides[(round + i) % sides.length]();
      }

      async function runKontract() {
        const topic = unique('bench.payments.kontract');
        await createTopic(kafka, topic);
        const map = { [topic]: { ...paymentDescriptor, topic } };
        const producer = createProducer({ kafka, registry: client, topics: map, compression: 'none', serde: { autoRegister: true }, writes: [topic] });
        await producer.connect();
        keepBest(
          results,
          'kontractProduce',
          await measure(async () => {
            for (let sent = 0; sent < MESSAGES; sent += BATCH) {
              await producer.sendBatch(events.slice(sent, sent + BATCH).map((value) => ({ topic, key: value.data.order_id, value })));
            }
          }),
        );
        valueBytes = producer.codec.encodeValue(topic, events[0]).length;
        await producer.disconnect();

        let received = 0;
        let first = 0;
        // Defaults apart from reading from the beginning, the partitions at once and a short fetch wait (as raw).
        const consumer = createConsumer({ kafka, registry: client, topics: map, groupId: unique('bench.kontract'), fromBeginning: true, partitionsConsumedConcurrently: PARTITIONS, maxWaitTimeMs: 100 });
        consumer.on(topic, (value) => {
          first ||= performance.now();
          if (value.event_version === 2) received++;
        });
        keepBest(
          results,
          'kontractConsume',
          await measure(async () => {
            await consumer.start();
            await waitFor(() => received >= MESSAGES);
            return { steadyRate: MESSAGES / ((performance.now() - first) / 1000) };
          }),
        );
        await consumer.stop();
      }

      async function runRaw() {
        const topic = unique('bench.payments.raw');
        await createTopic(kafka, topic);
        // The bytes kontract sends, every message encoded before timing: key, value and envelope headers.
        const codecProducer = createProducer({ kafka, registry: client, topics: { [topic]: { ...paymentDescriptor, topic } }, serde: { autoRegister: true }, writes: [topic] });
        await codecProducer.connect();
        const rawMessages = events.map((value) => ({
          key: codecProducer.codec.encodeKey(topic, value.data.order_id),
          value: codecProducer.codec.encodeValue(topic, value),
          headers: eventHeaders(prepareOutgoing(value, undefined).ids),
        }));
        await codecProducer.disconnect();
        await measureRawProduce('rawProduce', topic, (sent) => rawMessages.slice(sent, sent + BATCH));
        await measureRawConsume('rawConsume', topic, (messages) => {
          let count = 0;
          for (const message of messages) if (message.value) count++;
          return count;
        });
      }

      /**
       * Raw kafkajs doing what a service without kontract does with the same events: avsc-encode each one (Date and
       * decimal text to avsc's values, the frame in front) with the same envelope headers; decode each consumed key
       * and value back (Date, decimal text). Its headers are not read: the kontract handler reads none either, and
       * kontract decodes headers only when a handler reads them.
       */
      async function runRawSameWork() {
        const topic = unique('bench.payments.same-work');
        await createTopic(kafka, topic);
        const codecProducer = createProducer({ kafka, registry: client, topics: { [topic]: { ...paymentDescriptor, topic } }, serde: { autoRegister: true }, writes: [topic] });
        await codecProducer.connect();
        const valueId = codecProducer.codec.schemaIdOf(topic);
        const keyId = codecProducer.codec.schemaIdOf(topic, 'key');
        await codecProducer.disconnect();
        await measureRawProduce('sameWorkProduce', topic, (sent) =>
          events.slice(sent, sent + BATCH).map((value) => ({
            key: framed(keyId, keyType.toBuffer(value.data.order_id)),
            value: framed(valueId, valueType.toBuffer({ ...value, timestamp: value.timestamp.getTime(), data: { ...value.data, amount: decimalBytes(value.data.amount, 2) } })),
            headers: eventHeaders(prepareOutgoing(value, undefined).ids),
          })),
        );
        await measureRawConsume('sameWorkConsume', topic, (messages) => {
          let count = 0;
          for (const message of messages) {
            const key = keyType.fromBuffer(message.key.subarray(5));
            const value = valueType.fromBuffer(message.value.subarray(5));
            value.timestamp = new Date(value.timestamp);
            value.data.amount = decimalText(value.data.amount, 2);
            if (value.event_version === 2 && key) count++;
          }
          return count;
        });
      }

      /** Measures a plain kafkajs producer (acks -1, idempotent) sending `batchAt(sent)` until MESSAGES are sent. */
      async function measureRawProduce(name, topic, batchAt) {
        const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
        await producer.connect();
        keepBest(
          results,
          name,
          await measure(async () => {
            for (let sent = 0; sent < MESSAGES; sent += BATCH) {
              await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: batchAt(sent) }] });
            }
          }),
        );
        await producer.disconnect();
      }

      /**
       * Measures a plain kafkajs consumer of `topic` from the beginning until `handle` (given each batch's messages,
       * returning how many it counted) has counted MESSAGES. autoCommit (the default): kafkajs resolves each batch
       * once eachBatch returned and commits it.
       */
      async function measureRawConsume(name, topic, handle) {
        let received = 0;
        let first = 0;
        const consumer = kafka.consumer({ groupId: unique(`bench.${name}`), maxWaitTimeInMs: 100 });
        keepBest(
          results,
          name,
          await measure(async () => {
            await consumer.connect();
            await consumer.subscribe({ topics: [topic], fromBeginning: true });
            await consumer.run({
              partitionsConsumedConcurrently: PARTITIONS,
              eachBatch: async ({ batch }) => {
                first ||= performance.now();
                received += handle(batch.messages);
              },
            });
            await waitFor(() => received >= MESSAGES);
            return { steadyRate: MESSAGES / ((performance.now() - first) / 1000) };
          }),
        );
        await consumer.disconnect();
      }

      const number = (value) => Math.round(value).toLocaleString('en');
      const row = (what, kontract, raw, rate = 'rate') =>
        `| ${what} | ${number(kontract[rate])} | ${number(raw[rate])} | **${(kontract[rate] / raw[rate]).toFixed(2)}** | ${kontract.cpuMicros.toFixed(1)} | ${raw.cpuMicros.toFixed(1)} |`;
      const { kontractProduce, rawProduce, kontractConsume, rawConsume, sameWorkProduce, sameWorkConsume } = results;
      const produceRatio = kontractProduce.rate / rawProduce.rate;
      const consumeRatio = kontractConsume.rate / rawConsume.rate;
      const markdown = [
        `${MESSAGES.toLocaleString('en')} messages per run, Avro values of ${valueBytes} bytes (orders.payment.completed v2), keys, ${PARTITIONS} partitions,`,
        `single local broker${broker ? ' started by test/kafka/broker.mjs' : ' (KAFKA_BROKERS)'}; best of ${ROUNDS} runs per side, the side going first rotating.`,
        'Runs are long enough that group join and JIT warm-up are a small part of them (at 20,000 messages a consume run',
        "lasted about 0.3 s and its ratio moved between 0.70 and 0.96 from run to run). The events and raw kafkajs's pre-encoded",
        'messages stay in memory for the whole run (about 200 MB), which the garbage collector walks on behalf of the side',
        'that allocates while it sends: kontract, serializing as it goes.',
        '',
        "- Both producers: acks -1, idempotent (one request in flight), no compression (kontract's default is gzip), the Java partitioner, batches of",
        `  ${BATCH} awaited one after the other. kontract serializes every message (Avro, Confluent frame) and adds its envelope`,
        `  headers (event id, type, correlation, trace id, traceparent with a new span id); raw kafkajs sends the same ${MESSAGES.toLocaleString('en')}`,
        '  keys, values and header texts, all encoded before timing. Every message is a different event on both sides.',
        `- Both consumers: from the beginning, ${PARTITIONS} partitions at once, fetch wait 100 ms, offsets of processed messages committed`,
        "  once per fetched batch (kontract's default `commit: 'batch'`; kafkajs's autoCommit with `eachBatch`). kontract decodes every",
        '  message (writer schema fetched once by id) and calls a handler with the event and its context (headers and envelope',
        '  ids, decoded when read: this handler reads neither; the event current for what the handler sends), with dead letters,',
        '  retries and the check that the member still owns the',
        "  partition, and creates the missing dead-letter topic while it joins; raw kafkajs counts the values' presence.",
        '- "Group join included" times from start()/connect to the last message; "steady" from the first message to the last.',
        '  CPU is this process\'s (all threads), per message, lowest of the runs.',
        '',
        '| direction | kontract (messages/s) | raw kafkajs (messages/s) | kontract / raw | kontract CPU µs/message | raw CPU µs/message |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        row('produce', kontractProduce, rawProduce),
        row('consume (from the beginning, group join included)', kontractConsume, rawConsume),
        row('consume, steady (first message to last)', kontractConsume, rawConsume, 'steadyRate'),
        '',
        'Raw kafkajs doing the same work as kontract (what a service without kontract does with these events): each value',
        'avsc-encoded from the same event (Date to millis, decimal text to bytes, the Confluent frame in front, the key too) with',
        'the same envelope headers; each consumed key and value avsc-decoded back (Date, decimal text); headers not read, as by kontract here.',
        '',
        '| direction | kontract (messages/s) | raw kafkajs, same work (messages/s) | kontract / same work | kontract CPU µs/message | same work CPU µs/message |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        row('produce', kontractProduce, sameWorkProduce),
        row('consume (group join included)', kontractConsume, sameWorkConsume),
        '',
        `Target: kontract / raw ≥ 0.85 both ways (group join included). ${produceRatio >= 0.85 && consumeRatio >= 0.85 ? 'Met in this run.' : 'Missed in this run.'}`,
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
