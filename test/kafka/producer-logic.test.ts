/** The producer's checks against an in-memory adapter: what reaches the client, and what is refused before. */
import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { EVENT_HEADERS, createProducer, jsonCodec } from '../../src/kafka/index.js';
import type { CompressionName, OutgoingMessage } from '../../src/kafka/index.js';
import { FakeKafka } from './fake-adapter.js';

/** Bytes Kafka counts for a message: key, value, and every header's name and value. */
function sizeOf(message: OutgoingMessage): number {
  let size = (message.key?.length ?? 0) + (message.value?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) size += Buffer.byteLength(name) + Buffer.byteLength(item);
  }
  return size;
}

describe('producer', () => {
  // Multi-byte header text: the quick upper bound of the size check (3 bytes per character) is well above the exact size.
  const message = { key: 'k', value: { note: 'café' }, headers: { 'x-note': 'é'.repeat(200) } };

  it('defaults to an idempotent producer (one request in flight), acks -1 and gzip, on every send and batch', async () => {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, codec: jsonCodec() });
    await producer.send('t', { value: 1 });
    await producer.sendBatch([
      { topic: 't', value: 2 },
      { topic: 'u', value: 3 },
    ]);
    expect(fake.producerOptions).toEqual([{ idempotent: true, maxInFlightRequests: 1 }]);
    expect(fake.sendOptions).toEqual([
      { acks: -1, compression: 'gzip', timeoutMs: undefined },
      { acks: -1, compression: 'gzip', timeoutMs: undefined },
    ]);
  });

  it.each<CompressionName>(['none', 'gzip', 'snappy', 'lz4'])('passes an explicit compression %s through to the client', async (compression) => {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, codec: jsonCodec(), compression, timeoutMs: 2_500 });
    await producer.send('t', { value: 1 });
    await producer.sendBatch([{ topic: 't', value: 2 }]);
    expect(fake.sendOptions).toEqual([
      { acks: -1, compression, timeoutMs: 2_500 },
      { acks: -1, compression, timeoutMs: 2_500 },
    ]);
    expect(fake.producerOptions).toEqual([{ idempotent: true, maxInFlightRequests: 1 }]);
  });

  it('gives up idempotence only when asked, and refuses other acks for an idempotent producer', async () => {
    const fake = new FakeKafka();
    await createProducer({ adapter: fake, codec: jsonCodec(), idempotent: false, acks: 1 }).send('t', { value: 1 });
    expect(fake.producerOptions).toEqual([{ idempotent: false, maxInFlightRequests: undefined }]);
    expect(fake.sendOptions).toEqual([{ acks: 1, compression: 'gzip', timeoutMs: undefined }]);
    expect(() => createProducer({ adapter: new FakeKafka(), codec: jsonCodec(), acks: 1 })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('measures a message near the size limit exactly: at the limit it is sent, one byte over it is refused', async () => {
    const measuring = new FakeKafka();
    await createProducer({ adapter: measuring, codec: jsonCodec() }).send('t', message);
    const sent = measuring.sent[0]!.messages[0]!;
    const exact = sizeOf(sent);
    expect(sent.headers?.['x-note']).toBe('é'.repeat(200));

    const atLimit = new FakeKafka();
    await createProducer({ adapter: atLimit, codec: jsonCodec(), maxMessageBytes: exact }).send('t', message);
    expect(atLimit.sent).toHaveLength(1);

    const overLimit = new FakeKafka();
    const error = await createProducer({ adapter: overLimit, codec: jsonCodec(), maxMessageBytes: exact - 1 })
      .send('t', message)
      .catch((caught: unknown) => caught);
    expect((error as KontractError).code).toBe('MESSAGE_TOO_LARGE');
    expect((error as KontractError).context).toMatchObject({ topic: 't', size: exact, limit: exact - 1 });
    expect(overLimit.sent).toEqual([]);
  });

  it("lets the caller's headers override envelope headers of the same name and keeps the others", async () => {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, codec: jsonCodec() });
    await producer.sendBatch([
      { topic: 'a', value: 1, headers: { [EVENT_HEADERS.correlationId]: 'mine' } },
      { topic: 'b', value: 2 },
      { topic: 'a', value: 3 },
    ]);
    // One request, one entry per topic, messages in the order given.
    expect(fake.sent.map((batch) => [batch.topic, batch.messages.map((sent) => sent.value?.toString())])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
    const [first, third] = fake.sent[0]!.messages;
    expect(first?.headers?.[EVENT_HEADERS.correlationId]).toBe('mine');
    expect(first?.headers?.[EVENT_HEADERS.eventId]).toMatch(/^[0-9a-f-]{36}$/);
    expect(third?.headers?.[EVENT_HEADERS.correlationId]).toBe(third?.headers?.[EVENT_HEADERS.eventId]);
  });

  it('refuses sends once disconnect() has begun, even while it waits for sends in flight', async () => {
    const fake = new FakeKafka();
    const producer = createProducer({ adapter: fake, codec: jsonCodec() });
    await producer.connect();
    const inFlight = producer.send('t', { value: 1 });
    const disconnecting = producer.disconnect();
    const late = await producer.send('t', { value: 2 }).catch((caught: unknown) => caught);
    await Promise.all([inFlight, disconnecting]);
    expect(late).toBeInstanceOf(KontractError);
    expect((late as KontractError).code).toBe('USAGE');
    expect(fake.sent.flatMap((batch) => batch.messages.map((sent) => sent.value?.toString()))).toEqual(['1']);
  });
});
