// Produce and consume throughput on a real broker: kontract's typed producer and consumer (Avro events of about
// 1 KB serialized per message, envelope headers, schema ids from the embedded registry) against raw kafkajs sending
// the same pre-encoded bytes and reading them without decoding. Both sides use the same client settings (acks -1,
// idempotent, no compression, batches of BATCH messages, PARTITIONS partitions consumed concurrently) and the same
// commit policy: offsets of processed messages committed once per fetched batch (kontract's default; kafkajs's
// autoCommit with eachBatch). A third side, raw kafkajs doing the same work as kontract (avsc encoding and decoding;
// like the handlers here, it reads no headers), shows what kontract costs against a service written without it.
// kontract's consumer prefetches (its default): it fetches the next batch while the handler works through the current
// one, which kafkajs alone does not do; raw kafkajs runs as kafkajs does by default.
//
// This 2-vCPU VM's speed drifts by 15% and more within a minute, more than the difference being measured. So the
// producers take turns batch by batch (the order rotating), each side's time being the sum of its turns: every side
// sees the same moments of the machine. Consumers cannot take turns; each reads its side's topic twice, in mirrored
// order (A B C D D C B A, the first rotating from round to round), so a drift weighs on every side alike. A full garbage
// collection precedes each timed part, so no side pays for garbage another's setup left (raw's pre-encoded messages
// are about 150 MB). The ratio reported is the median over the rounds of each round's kontract / raw; each round's
// ratios are listed.
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
// Long enough that group join and JIT warm-up are a small part of a consumer's run.
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

/** Seconds (wall clock) and this process's CPU microseconds (all threads) of `run`, with what it returns; garbage collected first. */
async function measure(run) {
  collectGarbage();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const extra = await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuMicros: used.user + used.system, ...extra };
}

/** The median of `values` (the mean of the middle two for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `side`'s rate over `baseline`'s (`rate`: which rate). */
const ratio = (side, baseline, rate = 'rate') => side[rate] / baseline[rate];

/** A full garbage collection when Node exposes it (bench/run.mjs starts entries with --expose-gc). */
function collectGarbage() {
  if (typeof globalThis.gc !== 'function') throw new Error('run the Kafka entry through bench/run.mjs (it needs --expose-gc)');
  globalThis.gc();
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
      const topicMap = (topic) => ({ [topic]: { ...paymentDescriptor, topic } });

      /** A kontract producer of `topic` with the settings of the raw producers (compression off). */
      async function kontractProducer(topic) {
        const producer = createProducer({ kafka, registry: client, topics: topicMap(topic), compression: 'none', serde: { autoRegister: true }, writes: [topic] });
        await producer.connect();
        return producer;
      }

      /** A plain kafkajs producer with the same settings: acks -1 (at send), idempotent. */
      async function rawProducer() {
        const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
        await producer.connect();
        return producer;
      }

      /**
       * The three producers, each writing MESSAGES events to a topic of its own, taking turns batch by batch.
       * Returns each side's rate (messages over the sum of its turns) and CPU per message, and the topics.
       */
      async function produceRound(round) {
        const topics = { kontract: unique('bench.payments.kontract'), raw: unique('bench.payments.raw'), sameWork: unique('bench.payments.same-work') };
        for (const topic of Object.values(topics)) await createTopic(kafka, topic);
        const kontract = await kontractProducer(topics.kontract);
        // Raw kafkajs sends the bytes kontract sends, every message encoded before timing: key, value and envelope headers.
        const rawMessages = events.map((value) => ({
          key: kontract.codec.encodeKey(topics.kontract, value.data.order_id),
          value: kontract.codec.encodeValue(topics.kontract, value),
          headers: eventHeaders(prepareOutgoing(value, undefined).ids),
        }));
        const valueId = kontract.codec.schemaIdOf(topics.kontract);
        const keyId = kontract.codec.schemaIdOf(topics.kontract, 'key');
        const raw = await rawProducer();
        const sameWork = await rawProducer();
        const sides = [
          {
            name: 'kontract',
            send: (from) => kontract.sendBatch(events.slice(from, from + BATCH).map((value) => ({ topic: topics.kontract, key: value.data.order_id, value }))),
          },
          { name: 'raw', send: (from) => raw.sendBatch({ acks: -1, topicMessages: [{ topic: topics.raw, messages: rawMessages.slice(from, from + BATCH) }] }) },
          {
            // What a service without kontract does with the same events: avsc-encode each one (Date and decimal text to
            // avsc's values, the frame in front, the key too) with the same envelope headers.
            name: 'sameWork',
            send: (from) =>
              sameWork.sendBatch({
                acks: -1,
                topicMessages: [
                  {
                    topic: topics.sameWork,
                    messages: events.slice(from, from + BATCH).map((value) => ({
                      key: framed(keyId, keyType.toBuffer(value.data.order_id)),
                      value: framed(valueId, valueType.toBuffer({ ...value, timestamp: value.timestamp.getTime(), data: { ...value.data, amount: decimalBytes(value.data.amount, 2) } })),
                      headers: eventHeaders(prepareOutgoing(value, undefined).ids),
                    })),
                  },
                ],
              }),
          },
        ];
        const spent = Object.fromEntries(sides.map((side) => [side.name, { ms: 0, cpuMicros: 0 }]));
        collectGarbage();
        for (let from = 0, turn = round; from < MESSAGES; from += BATCH, turn++) {
          for (let i = 0; i < sides.length; i++) {
            const side = sides[(turn + i) % sides.length];
            const cpu = process.cpuUsage();
            const started = performance.now();
            await side.send(from);
            spent[side.name].ms += performance.now() - started;
            const used = process.cpuUsage(cpu);
            spent[side.name].cpuMicros += used.user + used.system;
          }
        }
        valueBytes = rawMessages[0].value.length;
        await Promise.all([kontract.disconnect(), raw.disconnect(), sameWork.disconnect()]);
        const result = {};
        for (const [name, { ms, cpuMicros }] of Object.entries(spent)) result[name] = { rate: MESSAGES / (ms / 1000), cpuMicros: cpuMicros / MESSAGES };
        return { result, topics };
      }

      /** kontract's consumer of `topic` (defaults apart from reading from the beginning, the partitions at once and a short fetch wait, as raw). */
      async function consumeKontract(topic, prefetch = true) {
        let received = 0;
        let first = 0;
        const consumer = createConsumer({ kafka, registry: client, topics: topicMap(topic), groupId: unique('bench.kontract'), fromBeginning: true, partitionsConsumedConcurrently: PARTITIONS, maxWaitTimeMs: 100, prefetch });
        consumer.on(topic, (value) => {
          first ||= performance.now();
          if (value.event_version === 2) received++;
        });
        const measured = await measure(async () => {
          await consumer.start();
          await waitFor(() => received >= MESSAGES);
          return { steadySeconds: (performance.now() - first) / 1000 };
        });
        await consumer.stop();
        return measured;
      }

      /** Raw kafkajs counting the values' presence. */
      const consumeRaw = (topic) =>
        consumeWithKafkajs(topic, (messages) => {
          let count = 0;
          for (const message of messages) if (message.value) count++;
          return count;
        });

      /** Raw kafkajs doing kontract's work: each key and value avsc-decoded back (Date, decimal text); headers not read, as by the kontract handler. */
      const consumeSameWork = (topic) =>
        consumeWithKafkajs(topic, (messages) => {
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

      /**
       * A plain kafkajs consumer of `topic` from the beginning until `handle` (given each batch's messages, returning
       * how many it counted) has counted MESSAGES. autoCommit (the default): kafkajs resolves each batch once
       * eachBatch returned and commits it.
       */
      async function consumeWithKafkajs(topic, handle) {
        let received = 0;
        let first = 0;
        const consumer = kafka.consumer({ groupId: unique('bench.raw'), maxWaitTimeInMs: 100 });
        const measured = await measure(async () => {
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
          return { steadySeconds: (performance.now() - first) / 1000 };
        });
        await consumer.disconnect();
        return measured;
      }

      let valueBytes = 0;
      const rounds = [];
      for (let round = 0; round < ROUNDS; round++) {
        const { result: produce, topics } = await produceRound(round);
        const consumers = [
          ['kontract', () => consumeKontract(topics.kontract)],
          ['raw', () => consumeRaw(topics.raw)],
          ['sameWork', () => consumeSameWork(topics.sameWork)],
          // What prefetch brings: kontract's consumer fetching as kafkajs alone does.
          ['kontractNoPrefetch', () => consumeKontract(topics.kontract, false)],
        ];
        // Each consumer runs twice, in the order A B C D D C B A (the first rotating from round to round), so that a drift of the
        // machine's speed during the round weighs on every side alike.
        const order = consumers.map((_, i) => consumers[(round + i) % consumers.length]);
        const spent = {};
        for (const [name, run] of [...order, ...[...order].reverse()]) {
          const { seconds, steadySeconds, cpuMicros } = await run();
          const total = (spent[name] ??= { seconds: 0, steadySeconds: 0, cpuMicros: 0 });
          total.seconds += seconds;
          total.steadySeconds += steadySeconds;
          total.cpuMicros += cpuMicros;
        }
        const consume = {};
        for (const [name, total] of Object.entries(spent)) {
          consume[name] = { rate: (2 * MESSAGES) / total.seconds, steadyRate: (2 * MESSAGES) / total.steadySeconds, cpuMicros: total.cpuMicros / (2 * MESSAGES) };
        }
        rounds.push({ produce, consume });
        console.log(
          `round ${round + 1}/${ROUNDS}: produce ${ratio(produce.kontract, produce.raw).toFixed(2)}, consume ${ratio(consume.kontract, consume.raw).toFixed(2)} of raw`,
        );
      }

      const number = (value) => Math.round(value).toLocaleString('en');
      /** A table row: medians over the rounds of each side's rate and CPU, and of the rounds' ratios, with every round's ratio. */
      const row = (what, direction, side, baseline, rate = 'rate') => {
        const of = (name, field) => median(rounds.map((r) => r[direction][name][field]));
        const ratios = rounds.map((r) => ratio(r[direction][side], r[direction][baseline], rate));
        return `| ${what} | ${number(of(side, rate))} | ${number(of(baseline, rate))} | **${median(ratios).toFixed(2)}** | ${ratios.map((value) => value.toFixed(2)).join(' ')} | ${of(side, 'cpuMicros').toFixed(1)} | ${of(baseline, 'cpuMicros').toFixed(1)} |`;
      };
      const produceRatio = median(rounds.map((r) => ratio(r.produce.kontract, r.produce.raw)));
      const consumeRatio = median(rounds.map((r) => ratio(r.consume.kontract, r.consume.raw)));
      const markdown = [
        `${MESSAGES.toLocaleString('en')} messages per side and round, Avro values of ${valueBytes} bytes (orders.payment.completed v2), keys, ${PARTITIONS} partitions,`,
        `single local broker${broker ? ' started by test/kafka/broker.mjs' : ' (KAFKA_BROKERS)'}; ${ROUNDS} rounds. This VM's speed drifts by 15% and more within`,
        'a minute, more than what is measured, so the producers take turns batch by batch (the order rotating) and each side\'s',
        'time is the sum of its turns; each consumer reads its side\'s topic twice per round, in mirrored order (A B C D D C B A,',
        "the first rotating from round to round). A full garbage collection precedes every timed part (raw's pre-encoded messages are",
        "about 150 MB). Rates and CPU are medians over the rounds; the ratio is the median of the rounds' ratios, all listed.",
        '',
        "- Producers: acks -1, idempotent (one request in flight), no compression (kontract's default is gzip), the Java partitioner, batches of",
        `  ${BATCH} awaited one after the other. kontract serializes every message (Avro, Confluent frame) and adds its envelope`,
        `  headers (event id, type, correlation, trace id, traceparent with a new span id); raw kafkajs sends the same ${MESSAGES.toLocaleString('en')}`,
        '  keys, values and header texts, all encoded before timing. Every message is a different event on both sides.',
        `- Consumers: from the beginning, ${PARTITIONS} partitions at once, fetch wait 100 ms, offsets of processed messages committed`,
        "  once per fetched batch (kontract's default `commit: 'batch'`; kafkajs's autoCommit with `eachBatch`). kontract decodes every",
        '  message (writer schema fetched once by id) and calls a handler with the event and its context (headers and envelope',
        '  ids, decoded when read: this handler reads neither; the event current for what the handler sends), with dead letters,',
        "  retries and the check that the member still owns the partition, and creates the missing dead-letter topic while it",
        "  joins. kontract fetches the next batch while the handler works through the current one (`prefetch`, its default);",
        "  kafkajs fetches again only once every batch it handed out is done. Raw kafkajs counts the values' presence.",
        '- "Group join included" times from start()/connect to the last message; "steady" from the first message to the last.',
        "  CPU is this process's (all threads), per message.",
        '',
        '| direction | kontract (messages/s) | raw kafkajs (messages/s) | kontract / raw | each round | kontract CPU µs/message | raw CPU µs/message |',
        '| --- | ---: | ---: | ---: | --- | ---: | ---: |',
        row('produce', 'produce', 'kontract', 'raw'),
        row('consume (from the beginning, group join included)', 'consume', 'kontract', 'raw'),
        row('consume, steady (first message to last)', 'consume', 'kontract', 'raw', 'steadyRate'),
        row('consume with `prefetch: false` (group join included)', 'consume', 'kontractNoPrefetch', 'raw'),
        '',
        'Raw kafkajs doing the same work as kontract (what a service without kontract does with these events): each value',
        'avsc-encoded from the same event (Date to millis, decimal text to bytes, the Confluent frame in front, the key too) with',
        'the same envelope headers; each consumed key and value avsc-decoded back (Date, decimal text); headers not read, as by kontract here.',
        '',
        '| direction | kontract (messages/s) | raw kafkajs, same work (messages/s) | kontract / same work | each round | kontract CPU µs/message | same work CPU µs/message |',
        '| --- | ---: | ---: | ---: | --- | ---: | ---: |',
        row('produce', 'produce', 'kontract', 'sameWork'),
        row('consume (group join included)', 'consume', 'kontract', 'sameWork'),
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
