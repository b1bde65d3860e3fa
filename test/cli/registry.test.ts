import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../../src/registry/client/index.js';
import { startRegistry, type RunningRegistry } from '../../src/registry/server/http.js';
import { avroRecord, kontract, tempProject } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const money = avroRecord('Money', [{ name: 'cents', type: 'long' }]);
const orderV1 = avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'price', type: 'com.acme.Money' }]);
const orderV2 = avroRecord('Order', [
  { name: 'id', type: 'string' },
  { name: 'price', type: 'com.acme.Money' },
  { name: 'note', type: ['null', 'string'], default: null },
]);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function project(files: Record<string, string>) {
  const p = tempProject(files);
  cleanups.push(p.cleanup);
  return p;
}

async function registry(): Promise<RunningRegistry> {
  const r = await startRegistry({ memory: true, port: 0, auth: '' });
  cleanups.push(() => r.close());
  return r;
}

describe('kontract register', () => {
  it('registers into the embedded registry under .kontract/, references first, then has nothing to do', async () => {
    const p = project({
      'kontract.config.json': JSON.stringify({ subjects: { 'orders-value': { compatibility: 'FULL' } } }),
      'schemas/common.money/v1.avsc': money,
      'schemas/orders-value/v1.avsc': orderV1,
      'schemas/orders-value/v2.avsc': orderV2,
    });
    const first = await kontract(p.dir, ['register']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('kontract register → embedded (.kontract/registry)');
    expect(first.stdout.indexOf('common.money v1')).toBeLessThan(first.stdout.indexOf('orders-value v1'));
    expect(first.stdout).toContain('level set  orders-value: BACKWARD → FULL');
    expect(first.stdout).toContain('3 registered');
    expect(existsSync(path.join(p.dir, '.kontract/registry'))).toBe(true);

    const second = await kontract(p.dir, ['register', '--format', 'json']);
    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout);
    expect(json.unchanged).toBe(true);
    expect(json.actions.map((a: { outcome: string }) => a.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect((await kontract(p.dir, ['register'])).stdout).toContain('nothing to do: all 3 versions already registered');
  });

  it('shows the registry’s reasons when it refuses a version, and exits 1', async () => {
    const r = await registry();
    const client = createRegistryClient({ url: r.url });
    // The registry already has a different history for the subject.
    await client.register('orders-value', { schema: avroRecord('Order', [{ name: 'id', type: 'long' }]) });
    const p = project({ 'schemas/orders-value/v1.avsc': avroRecord('Order', [{ name: 'id', type: 'string' }]) });
    const result = await kontract(p.dir, ['register', '--registry', r.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REFUSED         orders-value v1');
    expect(result.stdout).toContain('40901');
    expect(result.stdout).toContain('TYPE_MISMATCH');
  });

  it('--dry-run changes nothing and says what would happen', async () => {
    const r = await registry();
    const p = project({ 'schemas/common.money/v1.avsc': money, 'schemas/orders-value/v1.avsc': orderV1 });
    const result = await kontract(p.dir, ['register', '--dry-run', '--registry', r.url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would register  common.money v1');
    expect(await createRegistryClient({ url: r.url }).listSubjects()).toEqual([]);
  });

  it('uses the registry from the config, with ${ENV} credentials', async () => {
    const r = await startRegistry({ memory: true, port: 0, auth: 'ci:s3cret' });
    cleanups.push(() => r.close());
    const p = project({
      'kontract.config.json': JSON.stringify({ registry: { url: r.url, auth: { username: 'ci', password: '${SR_PASSWORD}' } } }),
      'schemas/common.money/v1.avsc': money,
    });
    expect((await kontract(p.dir, ['register'], { SR_PASSWORD: 's3cret' })).code).toBe(0);
    const denied = await kontract(p.dir, ['register'], { SR_PASSWORD: 'wrong' });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('401');
  });
});

describe('kontract pull', () => {
  it('writes the registry’s subjects in the schemas/ layout, pins references and renumbers gaps', async () => {
    const r = await registry();
    const client = createRegistryClient({ url: r.url });
    await client.setConfig('orders-value', { compatibilityLevel: 'NONE' });
    await client.register('common.money', { schema: JSON.stringify(JSON.parse(money)) });
    const refs = [{ name: 'com.acme.Money', subject: 'common.money', version: 1 }];
    await client.register('orders-value', { schema: orderV1, references: refs });
    await client.register('orders-value', { schema: avroRecord('Order', [{ name: 'id', type: 'string' }]) });
    await client.register('orders-value', { schema: orderV2, references: refs });
    await client.deleteVersion('orders-value', 2);

    const p = project({});
    const result = await kontract(p.dir, ['pull', '--registry', r.url, '--subject', 'orders-value']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('registry versions 3→v2 renumbered');
    expect(result.stdout).toContain('orders-value has level NONE in the registry');
    expect(JSON.parse(readFileSync(path.join(p.dir, 'schemas/orders-value/v2.refs.json'), 'utf8'))).toEqual(refs);
    expect(readFileSync(path.join(p.dir, 'schemas/common.money/v1.avsc'), 'utf8')).toBe(JSON.stringify(JSON.parse(money), null, 2) + '\n');

    // The pulled repository loads, checks and registers back as "unchanged".
    p.write({ 'kontract.config.json': JSON.stringify({ subjects: { 'orders-value': { compatibility: 'NONE' } } }) });
    expect((await kontract(p.dir, ['check', '--offline'])).code).toBe(0);
    const again = await kontract(p.dir, ['register', '--registry', r.url, '--format', 'json']);
    expect(JSON.parse(again.stdout).actions.map((a: { outcome: string }) => a.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const conflict = project({ 'schemas/common.money/v1.avsc': '{"type": "string"}' });
    const refused = await kontract(conflict.dir, ['pull', '--registry', r.url, '--subject', 'common.money']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('CONFLICT');
    expect((await kontract(conflict.dir, ['pull', '--registry', r.url, '--subject', 'common.money', '--force'])).code).toBe(0);
  });

  it('exits 2 for a subject the registry does not have', async () => {
    const r = await registry();
    const p = project({});
    const result = await kontract(p.dir, ['pull', '--registry', r.url, '--subject', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SUBJECT_NOT_FOUND');
  });
});

describe('kontract check with a registry', () => {
  it('fails when the registry refuses the newest version although the repository history is fine', async () => {
    const r = await registry();
    await createRegistryClient({ url: r.url }).register('orders-value', { schema: avroRecord('Order', [{ name: 'id', type: 'long' }]) });
    const p = project({ 'schemas/orders-value/v1.avsc': avroRecord('Order', [{ name: 'id', type: 'string' }]) });
    const result = await kontract(p.dir, ['check', '--registry', r.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('registry (BACKWARD, 1 version): incompatible');
    expect(result.stdout).toContain('REGISTRY_INCOMPATIBLE');
    expect(result.stdout).not.toContain('ENGINE_REGISTRY_DISAGREEMENT');
  });

  it('reports a disagreement between kontract’s engine and the registry as such', async () => {
    const r = await registry();
    await createRegistryClient({ url: r.url }).register('orders-value', { schema: avroRecord('Order', [{ name: 'id', type: 'string' }]) });
    // A registry that answers every compatibility question with "compatible", to stand for a registry whose
    // engine differs from kontract's; every other call goes to the real embedded registry.
    const lenient = http.createServer((req, res) => {
      if (req.url?.startsWith('/compatibility/')) {
        req.resume();
        res.setHeader('content-type', 'application/vnd.schemaregistry.v1+json');
        res.end(JSON.stringify({ is_compatible: true }));
        return;
      }
      const upstream = http.request(new URL(req.url ?? '/', r.url), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => lenient.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => lenient.close(() => resolve())));
    const url = `http://127.0.0.1:${(lenient.address() as { port: number }).port}`;
    const p = project({ 'schemas/orders-value/v1.avsc': avroRecord('Order', [{ name: 'id', type: 'long' }]) });
    const result = await kontract(p.dir, ['check', '--registry', url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ENGINE_REGISTRY_DISAGREEMENT');
    expect(result.stdout).toContain("kontract's engine says incompatible (TYPE_MISMATCH)");
  });

  it('asks about the referenced version the registry has, when its numbers differ from the repository’s (after a pull)', async () => {
    const r = await registry();
    const client = createRegistryClient({ url: r.url });
    // The registry's common.money v1 is an older Money, soft-deleted; the current one is v2. A pull renumbers it to v1.
    await client.setConfig('common.money', { compatibilityLevel: 'NONE' });
    await client.register('common.money', { schema: avroRecord('Money', [{ name: 'cents', type: 'string' }]) });
    await client.register('common.money', { schema: money });
    await client.deleteVersion('common.money', 1);
    await client.register('orders-value', { schema: orderV1, references: [{ name: 'com.acme.Money', subject: 'common.money', version: 2 }] });
    const p = project({});
    const pulled = await kontract(p.dir, ['pull', '--registry', r.url]);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('registry versions 2→v1 renumbered');
    const pin = [{ name: 'com.acme.Money', subject: 'common.money', version: 1 }];
    expect(JSON.parse(readFileSync(path.join(p.dir, 'schemas/orders-value/v1.refs.json'), 'utf8'))).toEqual(pin);
    p.write({ 'schemas/orders-value/v2.avsc': orderV2, 'schemas/orders-value/v2.refs.json': JSON.stringify(pin) });

    // Repository common.money v1 is the registry's version 2: asking with version 1 would get the old Money
    // (cents: string) and a wrong "incompatible".
    const result = await kontract(p.dir, ['check', '--registry', r.url]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('registry (BACKWARD, 1 version): compatible');
    expect(result.stdout).not.toContain('REGISTRY_INCOMPATIBLE');
    expect(result.stdout).not.toContain('ENGINE_REGISTRY_DISAGREEMENT');
    expect(result.code).toBe(0);
  });

  it('--offline asks no registry', async () => {
    const p = project({ 'schemas/orders-value/v1.avsc': avroRecord('Order', []) });
    const result = await kontract(p.dir, ['check', '--offline', '--registry', 'http://127.0.0.1:9']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('registry');
  });
});

describe('kontract codegen', () => {
  it('writes the generated code, then --check is clean until a schema changes', async () => {
    const p = project({
      'kontract.config.json': JSON.stringify({ codegen: { outDir: 'generated' } }),
      'schemas/orders-value/v1.avsc': avroRecord('Order', [{ name: 'id', type: 'string' }]),
    });
    const write = await kontract(p.dir, ['codegen']);
    expect(write.code).toBe(0);
    expect(write.stdout).toContain('wrote    generated/topics.ts');
    expect(write.stdout).toMatch(/codegen: 1 subjects, 1 versions, \d+ files/);
    expect((await kontract(p.dir, ['codegen', '--check'])).code).toBe(0);
    p.write({ 'schemas/orders-value/v2.avsc': avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'n', type: 'int', default: 0 }]) });
    const stale = await kontract(p.dir, ['codegen', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('missing  generated/orders-value/v2.ts');
    expect(stale.stdout).toContain('stale    generated/topics.ts');
  });

  it('the repository’s own generated examples are up to date', async () => {
    const result = await kontract(repoRoot, ['codegen', '--check']);
    expect(result.stdout).toContain('codegen: up to date');
    expect(result.code).toBe(0);
  });
});

describe('kontract registry serve', () => {
  it('serves until SIGTERM, then stops cleanly', async () => {
    const p = project({});
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist/cli/main.js'), 'registry', 'serve', '--port', '0'], { cwd: p.dir });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
      child.stdout.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    expect(out).toContain('data in .kontract/registry');
    const client = createRegistryClient({ url });
    expect(await client.register('a-value', { schema: '"string"' })).toEqual({ id: 1, version: 1 });
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out).toContain('kontract registry stopped');
  });
});

describe('kontract rules', () => {
  it('lists every rule from the tables that drive the engine', async () => {
    const json = JSON.parse((await kontract(repoRoot, ['rules', '--format', 'json'])).stdout) as { id: string; schemaType: string }[];
    const ids = new Set(json.map((r) => `${r.schemaType}:${r.id}`));
    for (const id of ['AVRO:READER_FIELD_MISSING_DEFAULT_VALUE', 'PROTOBUF:FIELD_SCALAR_KIND_CHANGED', 'JSON:PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'ANY:RESERVED_FIELD_REMOVED']) {
      expect(ids.has(id)).toBe(true);
    }
    expect((await kontract(repoRoot, ['rules', '--type', 'AVRO'])).stdout).toMatch(/\n\d+ rules\n$/);
  });
});
