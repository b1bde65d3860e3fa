import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { createRegistryClient, withRetry, type RegistryClient } from '../../src/registry/client/index.js';
import { describeRegistryErrorCode, REGISTRY_ERROR_CODES } from '../../src/registry/errors.js';
import type { RunningRegistry } from '../../src/registry/server/http.js';
import { avroRecord, startTestRegistry } from './helpers.js';

let registry: RunningRegistry;
let client: RegistryClient;
beforeAll(async () => {
  registry = await startTestRegistry({ auth: 'app:pw' });
  client = createRegistryClient({ url: registry.url, auth: { username: 'app', password: 'pw' }, retries: 0 });
});
afterAll(async () => {
  await registry.close();
});

const v1 = avroRecord('Item', [{ name: 'sku', type: 'string' }]);
const v2 = avroRecord('Item', [
  { name: 'sku', type: 'string' },
  { name: 'price', type: 'double', default: 0 },
]);
const breaking = avroRecord('Item', [{ name: 'sku', type: 'int' }]);

async function rejection(promise: Promise<unknown>): Promise<KontractError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KontractError);
  return error as KontractError;
}

describe('registry client', () => {
  it('registers and reads back by id, version and schema', async () => {
    const first = await client.register('items-value', { schema: v1 });
    expect(first.version).toBe(1);
    expect(await client.register('items-value', { schema: v1 })).toEqual(first);
    const second = await client.register('items-value', { schema: v2 });
    expect(second.version).toBe(2);
    expect(await client.getSchemaById(first.id)).toMatchObject({ id: first.id, schemaType: 'AVRO', schema: v1, references: [] });
    expect(await client.getLatest('items-value')).toMatchObject({ subject: 'items-value', version: 2, id: second.id, schema: v2 });
    expect(await client.getVersion('items-value', 1)).toMatchObject({ version: 1, id: first.id });
    expect(await client.lookup('items-value', { schema: v1 })).toMatchObject({ version: 1, id: first.id });
    expect(await client.listSubjects()).toEqual(['items-value']);
    expect(await client.listSubjects({ prefix: 'nope' })).toEqual([]);
    expect(await client.listVersions('items-value')).toEqual([1, 2]);
    expect(await client.listSchemaTypes()).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
  });

  it('checks compatibility with the registry\'s messages', async () => {
    expect(await client.checkCompatibility('items-value', { schema: v2 })).toEqual({ compatible: true, messages: [] });
    const answer = await client.checkCompatibility('items-value', { schema: breaking }, { version: 'all' });
    expect(answer.compatible).toBe(false);
    expect(answer.messages.join('\n')).toContain('TYPE_MISMATCH');
  });

  it('reads and writes config and mode', async () => {
    expect(await client.getConfig()).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await client.setConfig('items-value', { compatibilityLevel: 'FULL_TRANSITIVE' })).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect(await client.getConfig('items-value')).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect(await client.deleteConfig('items-value')).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    expect(await client.getConfig('items-value', { defaultToGlobal: true })).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await client.setMode('items-value', 'READONLY')).toBe('READONLY');
    expect(await client.getMode('items-value')).toBe('READONLY');
    const refused = await rejection(client.register('items-value', { schema: avroRecord('Item', [{ name: 'sku', type: 'string' }, { name: 'x', type: 'int', default: 1 }]) }));
    expect(refused).toMatchObject({ code: 'REGISTRY_ERROR', registryCode: 42205, retriable: false });
    expect(await client.deleteMode('items-value')).toBe('READONLY');
    expect(await client.getMode()).toBe('READWRITE');
  });

  it('raises registry errors as KontractErrors with the code, message and context', async () => {
    const incompatible = await rejection(client.register('items-value', { schema: breaking }));
    expect(incompatible).toMatchObject({ code: 'REGISTRY_ERROR', registryCode: 40901, context: { subject: 'items-value' } });
    expect(incompatible.message).toContain('incompatible');
    const missing = await rejection(client.getLatest('nothing'));
    expect(missing).toMatchObject({ registryCode: 40401, context: { subject: 'nothing' } });
    expect(missing.message).toBe("Subject 'nothing' not found.");
    expect(await rejection(client.getSchemaById(987654))).toMatchObject({ registryCode: 40403, context: { schemaId: 987654 } });
    expect(await rejection(client.register('items-value', { schema: '{"type":"nope"}' }))).toMatchObject({ registryCode: 42201 });
  });

  it('deletes versions and subjects, softly then permanently, and lists referrers', async () => {
    const address = JSON.stringify({ type: 'record', name: 'Addr', fields: [{ name: 'c', type: 'string' }] });
    await client.register('addr', { schema: address });
    const person = JSON.stringify({ type: 'record', name: 'Person', fields: [{ name: 'a', type: 'Addr' }] });
    const { id } = await client.register('person', { schema: person, references: [{ name: 'Addr', subject: 'addr', version: 1 }] });
    expect(await client.getReferencedBy('addr', 1)).toEqual([id]);
    expect(await rejection(client.deleteSubject('addr'))).toMatchObject({ registryCode: 42206 });
    expect(await client.deleteVersion('person', 1)).toBe(1);
    expect(await client.deleteVersion('person', 1, { permanent: true })).toBe(1);
    expect(await client.deleteSubject('addr')).toEqual([1]);
    expect(await client.deleteSubject('addr', { permanent: true })).toEqual([1]);
    expect(await client.listVersions('addr', { deleted: true }).catch((e: KontractError) => e.registryCode)).toBe(40401);
  });

  it('sends basic auth, and is refused without it', async () => {
    const anonymous = createRegistryClient({ url: registry.url, retries: 0 });
    expect(await rejection(anonymous.listSubjects())).toMatchObject({ registryCode: 401, retriable: false });
  });
});

describe('retries and transport errors', () => {
  let flaky: Server;
  let flakyUrl: string;
  const seen: { path: string; authorization?: string }[] = [];
  let failuresLeft = 0;
  let failureStatus = 503;

  beforeAll(async () => {
    flaky = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      req.resume();
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(failureStatus, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error_code: failureStatus === 503 ? 50003 : failureStatus, message: 'try again' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/vnd.schemaregistry.v1+json' });
      res.end('["a"]');
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => flaky.close(() => resolve()));
  });

  it.each([503, 429, 408])('retries HTTP %i and then succeeds', async (status) => {
    failureStatus = status;
    failuresLeft = 2;
    seen.length = 0;
    const retrying = createRegistryClient({ url: flakyUrl, retries: 3, retryDelayMs: 1 });
    expect(await retrying.listSubjects()).toEqual(['a']);
    expect(seen).toHaveLength(3);
  });

  it('gives up after the configured retries with a retriable REGISTRY_UNAVAILABLE', async () => {
    failureStatus = 503;
    failuresLeft = 10;
    seen.length = 0;
    const retrying = createRegistryClient({ url: flakyUrl, retries: 2, retryDelayMs: 1 });
    const error = await rejection(retrying.listSubjects());
    expect(error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true, registryCode: 50003 });
    expect(seen).toHaveLength(3);
    failuresLeft = 0;
  });

  it('does not retry 4xx answers', async () => {
    failureStatus = 404;
    failuresLeft = 1;
    seen.length = 0;
    const retrying = createRegistryClient({ url: flakyUrl, retries: 3, retryDelayMs: 1 });
    expect(await rejection(retrying.listSubjects())).toMatchObject({ registryCode: 404, retriable: false });
    expect(seen).toHaveLength(1);
  });

  it('sends a bearer token', async () => {
    seen.length = 0;
    await createRegistryClient({ url: flakyUrl, auth: { token: 't0k3n' } }).listSubjects();
    expect(seen[0]!.authorization).toBe('Bearer t0k3n');
  });

  it('reports an unreachable registry as REGISTRY_UNAVAILABLE after retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(createRegistryClient({ url: `http://127.0.0.1:${port}`, retries: 1, retryDelayMs: 1 }).listSubjects());
    expect(error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('times out a registry that does not answer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const error = await rejection(createRegistryClient({ url, retries: 0, timeoutMs: 100 }).listSubjects());
      expect(error).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
      expect(error.message).toMatch(/within 100 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('withRetry', () => {
  it('bails at once on a non-retriable error', async () => {
    let attempts = 0;
    const error = await withRetry(async () => {
      attempts++;
      throw new KontractError('REGISTRY_ERROR', 'no', { retriable: false });
    }).catch((e: unknown) => e);
    expect(attempts).toBe(1);
    expect(error).toMatchObject({ message: 'no' });
  });

  it('waits a jittered, exponentially growing, capped delay between attempts', async () => {
    const delays: number[] = [];
    const started = Date.now();
    let last = started;
    await withRetry(
      async (n) => {
        const now = Date.now();
        if (n > 0) delays.push(now - last);
        last = now;
        if (n < 3) throw new KontractError('REGISTRY_UNAVAILABLE', 'down', { retriable: true });
        return n;
      },
      { retries: 3, initialDelayMs: 10, maxDelayMs: 25 },
      () => 1,
    );
    // random() = 1 gives the ceilings: 10, 20, then 40 capped to 25.
    expect(delays[0]).toBeGreaterThanOrEqual(9);
    expect(delays[1]).toBeGreaterThanOrEqual(19);
    expect(delays[2]).toBeGreaterThanOrEqual(24);
    expect(delays[2]).toBeLessThan(200);
  });
});

describe('error code table', () => {
  it('maps every Confluent code the registry uses to a meaning and an HTTP status', () => {
    for (const code of [40401, 40402, 40403, 40404, 40405, 40406, 40407, 40408, 40409, 40410, 42201, 42202, 42203, 42204, 42205, 42206, 409, 50001, 50002, 50003]) {
      const info = describeRegistryErrorCode(code);
      expect(info, String(code)).toBeDefined();
      expect(info!.httpStatus).toBe(code >= 10000 ? Math.floor(code / 100) : code);
      expect(info!.meaning.length).toBeGreaterThan(10);
    }
    expect(REGISTRY_ERROR_CODES[50001]!.retriable).toBe(true);
    expect(REGISTRY_ERROR_CODES[40901]!.httpStatus).toBe(409);
  });
});
