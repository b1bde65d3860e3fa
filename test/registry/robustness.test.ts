import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRegistry, type RunningRegistry } from '../../src/registry/server/http.js';
import { RegistryService } from '../../src/registry/server/service.js';
import type { OperationLog } from '../../src/registry/store/log.js';
import { avroRecord, call, errorOf, startTestRegistry } from './helpers.js';

let registry: RunningRegistry;
beforeAll(async () => {
  registry = await startTestRegistry({ maxBodyBytes: 64 * 1024 });
  await call(registry.url, 'POST', '/subjects/base/versions', { schema: avroRecord('Base') });
});
afterAll(async () => {
  await registry.close();
});

describe('malformed requests get a 4xx with Confluent\'s code, never a 500', () => {
  it('refuses a malformed JSON body with 400', async () => {
    const answer = await call(registry.url, 'POST', '/subjects/x/versions', undefined, { rawBody: '{"schema": ' });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).error_code).toBe(400);
    expect(errorOf(answer).message).toMatch(/JSON/);
  });

  it('refuses a body that is JSON but not an object with 422', async () => {
    for (const rawBody of ['[]', '"text"', 'null', '12']) {
      const answer = await call(registry.url, 'POST', '/subjects/x/versions', undefined, { rawBody });
      expect(answer.status, rawBody).toBe(422);
    }
  });

  it('refuses an oversized body with 413 and a JSON error', async () => {
    const schema = avroRecord('Big', [{ name: 'doc', type: 'string', default: 'x'.repeat(70 * 1024) }]);
    const answer = await call(registry.url, 'POST', '/subjects/big/versions', { schema });
    expect(answer.status).toBe(413);
    expect(errorOf(answer).error_code).toBe(413);
  });

  it('refuses a chunked body over the default 16 MiB limit with 413', async () => {
    const defaults = await startTestRegistry();
    try {
      const url = new URL(defaults.url);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/subjects/huge/versions', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        for (let i = 0; i < 17; i++) req.write(chunk);
        req.end();
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error_code: 413 });
    } finally {
      await defaults.close();
    }
  });

  it('refuses a non-JSON content type with 415', async () => {
    const answer = await call(registry.url, 'POST', '/subjects/x/versions', undefined, { rawBody: 'schema=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(415);
    expect(errorOf(answer).error_code).toBe(415);
  });

  it('accepts the three JSON content types', async () => {
    for (const type of ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json; charset=utf-8']) {
      const answer = await call(registry.url, 'POST', '/subjects/base', { schema: avroRecord('Base') }, { headers: { 'Content-Type': type } });
      expect(answer.status, type).toBe(200);
    }
  });

  it.each(['0', 'abc', '-2', '2147483648', '1.5', '99999999999'])('refuses version %s with 42202', async (version) => {
    const answer = await call(registry.url, 'GET', `/subjects/base/versions/${version}`);
    expect(answer.status).toBe(422);
    expect(errorOf(answer).error_code).toBe(42202);
  });

  it('accepts latest, -1 and the largest version number (which then is not found)', async () => {
    expect((await call(registry.url, 'GET', '/subjects/base/versions/latest')).status).toBe(200);
    expect((await call(registry.url, 'GET', '/subjects/base/versions/-1')).status).toBe(200);
    expect(errorOf(await call(registry.url, 'GET', '/subjects/base/versions/2147483647')).error_code).toBe(40402);
  });

  it.each(['0', '-1', 'abc', '2147483648', '999999'])('answers schema id %s with 40403', async (id) => {
    const answer = await call(registry.url, 'GET', `/schemas/ids/${id}`);
    expect(answer.status).toBe(404);
    expect(errorOf(answer).error_code).toBe(40403);
  });

  it('refuses bad query and body values in config and mode', async () => {
    expect(errorOf(await call(registry.url, 'PUT', '/config', undefined, { rawBody: '[1]' })).error_code).toBe(422);
    expect(errorOf(await call(registry.url, 'PUT', '/config', { normalize: 'yes' })).error_code).toBe(422);
    expect(errorOf(await call(registry.url, 'PUT', '/mode', {})).error_code).toBe(42204);
    expect(errorOf(await call(registry.url, 'PUT', '/mode', undefined, { rawBody: 'nope' })).error_code).toBe(400);
  });

  it('treats a doubled slash as an unknown path, not as a host', async () => {
    expect(errorOf(await call(registry.url, 'GET', '//subjects')).error_code).toBe(404);
    expect(errorOf(await call(registry.url, 'GET', '/subjects//versions')).error_code).toBe(42208);
  });

  it('refuses malformed percent-encoding and control characters in subject names', async () => {
    expect(errorOf(await call(registry.url, 'GET', '/subjects/%E0%A4%A/versions')).error_code).toBe(400);
    expect(errorOf(await call(registry.url, 'GET', '/subjects/a%00b/versions')).error_code).toBe(42208);
  });
});

describe('subject names', () => {
  it.each([
    ['a slash', 'team/orders-value', 'team%2Forders-value'],
    ['dots', 'com.example.Order', 'com.example.Order'],
    ['spaces', 'my subject', 'my%20subject'],
    ['unicode', 'bestellungen-wert-ü', encodeURIComponent('bestellungen-wert-ü')],
    ['a percent sign', '100%-value', '100%25-value'],
  ])('round-trips a subject with %s', async (_, subject, encoded) => {
    const registered = await call(registry.url, 'POST', `/subjects/${encoded}/versions`, { schema: avroRecord('Named') });
    expect(registered.status).toBe(200);
    const read = await call(registry.url, 'GET', `/subjects/${encoded}/versions/1`);
    expect(read.body).toMatchObject({ subject, version: 1 });
    expect((await call(registry.url, 'GET', '/subjects')).body).toContain(subject);
  });
});

describe('concurrency', () => {
  it('gives 50 concurrent registrations of one schema one id and one version', async () => {
    const schema = avroRecord('Concurrent', [{ name: 'n', type: 'long' }]);
    const answers = await Promise.all(Array.from({ length: 50 }, () => call(registry.url, 'POST', '/subjects/concurrent/versions', { schema })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => (a.body as { id: number }).id)).size).toBe(1);
    expect(new Set(answers.map((a) => (a.body as { version: number }).version))).toEqual(new Set([1]));
    expect((await call(registry.url, 'GET', '/subjects/concurrent/versions')).body).toEqual([1]);
  });

  it('gives one schema registered concurrently under 20 subjects one id', async () => {
    const schema = avroRecord('Shared', [{ name: 's', type: 'string' }]);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(registry.url, 'POST', `/subjects/shared-${i}/versions`, { schema })));
    expect(new Set(answers.map((a) => (a.body as { id: number }).id)).size).toBe(1);
  });
});

describe('basic auth', () => {
  it('requires credentials on every endpoint when configured', async () => {
    const secured = await startTestRegistry({ auth: 'admin:s3cret' });
    try {
      for (const path of ['/', '/subjects', '/schemas/ids/1', '/config', '/nothing']) {
        const answer = await call(secured.url, 'GET', path);
        expect(answer.status, path).toBe(401);
        expect(answer.headers['www-authenticate']).toMatch(/^Basic /);
        expect(errorOf(answer).error_code).toBe(401);
      }
      const wrong = await call(secured.url, 'GET', '/subjects', undefined, { headers: { Authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` } });
      expect(wrong.status).toBe(401);
      const right = await call(secured.url, 'GET', '/subjects', undefined, { headers: { Authorization: `Basic ${Buffer.from('admin:s3cret').toString('base64')}` } });
      expect(right.status).toBe(200);
    } finally {
      await secured.close();
    }
  });

  it('reads the credentials from KONTRACT_REGISTRY_AUTH when none are given', async () => {
    const previous = process.env.KONTRACT_REGISTRY_AUTH;
    process.env.KONTRACT_REGISTRY_AUTH = 'env:pw';
    const secured = await startTestRegistry();
    try {
      expect((await call(secured.url, 'GET', '/subjects')).status).toBe(401);
      const ok = await call(secured.url, 'GET', '/subjects', undefined, { headers: { Authorization: `Basic ${Buffer.from('env:pw').toString('base64')}` } });
      expect(ok.status).toBe(200);
    } finally {
      await secured.close();
      if (previous === undefined) delete process.env.KONTRACT_REGISTRY_AUTH;
      else process.env.KONTRACT_REGISTRY_AUTH = previous;
    }
  });

  it('refuses auth that is not user:password', async () => {
    await expect(startTestRegistry({ auth: 'justuser' })).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('store failures', () => {
  it('answers a failed log write with 500/50001, no stack, keeps nothing of the write and keeps serving', async () => {
    let failing = true;
    const log: OperationLog = {
      append: async () => {
        if (failing) throw new Error('ENOSPC: no space left on device');
      },
      close: async () => undefined,
    };
    const internalErrors: unknown[] = [];
    const server = await serveRegistry(RegistryService.fromLog(log), { port: 0, onInternalError: (e) => internalErrors.push(e) });
    try {
      const answer = await call(server.url, 'POST', '/subjects/disk/versions', { schema: avroRecord('Disk') });
      expect(answer.status).toBe(500);
      expect(errorOf(answer).error_code).toBe(50001);
      expect(errorOf(answer).message).toContain('no space left');
      expect(answer.text).not.toMatch(/\n\s+at /);
      expect(errorOf(await call(server.url, 'GET', '/subjects/disk/versions')).error_code).toBe(40401);
      failing = false;
      expect((await call(server.url, 'POST', '/subjects/disk/versions', { schema: avroRecord('Disk') })).body).toMatchObject({ id: 1, version: 1 });
      expect(internalErrors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
