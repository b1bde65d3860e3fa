import path from 'node:path';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RepositorySerde, checkExample, exampleValue, generateCheckedExamples } from '../../src/contract/examples/check.js';
import { SeededRandom, generateExample } from '../../src/contract/examples/generate.js';
import { loadRepository } from '../../src/project/load.js';
import { schemaFormat } from '../../src/schema/formats.js';
import type { JsonValue } from '../../src/schema/json-text.js';
import { kontract } from '../cli/helpers.js';
import { fixtureProject, fixturesDir, repoRoot } from './helpers.js';

const fixture = path.join(fixturesDir, 'examples');
const repo = loadRepository(fixture, {});
const version = (subject: string, n: number) => repo.subjects.find((s) => s.name === subject)!.versions[n - 1]!;

const order = {
  event_id: '6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b',
  placed_at: '2026-03-01T10:15:30.250Z',
  delivery_date: '2026-03-04',
  total: '129.90',
  weight_kg: 1.5,
  channel: 'WEB',
  lines: [{ sku: 'MUG-1', quantity: 2 }],
};

async function check(file: string, text: string, n = 1, subject = 'shop.order.placed-value') {
  const serde = await RepositorySerde.open(repo);
  try {
    return await checkExample(serde, { file, subject, version: n, text });
  } finally {
    await serde.close();
  }
}

describe('checking example messages', () => {
  it('accepts a good example (v1 read by v1; v2 cannot read it, and says so)', async () => {
    const findings = await check('x/v1.good.json', JSON.stringify(order, null, 2));
    expect(findings.map((f) => f.ruleId)).toEqual(['EXAMPLE_UNREADABLE']);
    expect(findings[0]!.message).toContain('consumers on shop.order.placed-value v2 cannot read this v1 message');
    expect(findings[0]!.message).toContain('customer_id');
  });

  it('points at the file and the field path, with line and column, of a value that does not fit', async () => {
    const text = JSON.stringify({ ...order, lines: [{ sku: 'MUG-1', quantity: 'two' }] }, null, 2);
    const [finding] = await check('x/v2.bad.json', text, 2);
    expect(finding).toMatchObject({ ruleId: 'EXAMPLE_INVALID', file: 'x/v2.bad.json', location: '#/lines/0/quantity', line: 11, column: 19 });
    expect(finding!.message).toContain('does not fit shop.order.placed-value v2');
  });

  it('names a missing required field, a wrong enum symbol and a malformed timestamp by path', async () => {
    const { lines: _lines, ...withoutLines } = order;
    expect((await check('x/v1.a.json', JSON.stringify(withoutLines)))[0]).toMatchObject({ ruleId: 'EXAMPLE_INVALID', location: '#/lines' });
    const badEnum = await check('x/v1.b.json', JSON.stringify({ ...order, channel: 'PHONE' }));
    expect(badEnum[0]).toMatchObject({ ruleId: 'EXAMPLE_INVALID', location: '#/channel' });
    expect(badEnum[0]!.message).toContain('UNKNOWN, WEB, APP, STORE');
    expect((await check('x/v1.c.json', JSON.stringify({ ...order, placed_at: 'yesterday' })))[0]).toMatchObject({ ruleId: 'EXAMPLE_INVALID', location: '#/placed_at' });
  });

  it('reports a value that does not survive serialization (a float that is not a 32-bit float)', async () => {
    const findings = await check('x/v2.float.json', JSON.stringify({ ...order, weight_kg: 0.1, customer_id: 'c-1' }), 2);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'EXAMPLE_ROUND_TRIP', location: '#/weight_kg' })]);
  });

  it('validates Protobuf oneofs and JSON Schema bounds at their paths', async () => {
    const profile = { user_id: 'u-1', changed_at: '2026-03-01T10:00:00Z', tier: 'TIER_GOLD', contact: { case: 'fax', value: '1' } };
    expect((await check('x/v1.p.json', JSON.stringify(profile), 1, 'shop.profile.changed-value'))[0]).toMatchObject({ ruleId: 'EXAMPLE_INVALID', location: '#/contact/case' });
    const stock = { count_id: '6f1c2a9e-3b4d-4e8f-9a1b-2c3d4e5f6a7b', counted_at: '2026-03-01T10:00:00Z', auditor_email: 'a@example.com', quantity: 25, status: 'OK' };
    expect((await check('x/v1.s.json', JSON.stringify(stock), 1, 'shop.stock.counted-value'))[0]).toMatchObject({ ruleId: 'EXAMPLE_INVALID', location: '#/quantity' });
  });

  it('fails kontract verify with the example file and field path', async () => {
    const project = fixtureProject('examples');
    try {
      project.write('schemas/shop.order.placed-value/examples/v2.broken.json', JSON.stringify({ ...order, customer_id: 42 }, null, 2));
      project.write('schemas/shop.order.placed-value/examples/first.json', JSON.stringify(order));
      project.write('schemas/shop.order.placed-value/examples/v9.future.json', JSON.stringify(order));
      const result = await kontract(project.dir, ['verify', '--format', 'json']);
      expect(result.code).toBe(1);
      const cases = (JSON.parse(result.stdout) as { cases: Array<{ name: string; findings: Array<{ ruleId: string; file: string; location?: string; line?: number }> }> }).cases;
      expect(cases.map((c) => [c.name, c.findings.map((f) => [f.ruleId, f.location, f.line])])).toEqual([
        ['example schemas/shop.order.placed-value/examples/first.json', [['EXAMPLE_FILE_NAME', undefined, undefined]]],
        ['example schemas/shop.order.placed-value/examples/v2.broken.json', [['EXAMPLE_INVALID', '#/customer_id', 14]]],
        ['example schemas/shop.order.placed-value/examples/v9.future.json', [['EXAMPLE_VERSION_UNKNOWN', undefined, undefined]]],
      ]);
    } finally {
      project.cleanup();
    }
  });
});

describe('generating example messages', () => {
  const generate = (subject: string, n: number, seed: number): JsonValue => {
    const v = version(subject, n);
    const parsed = schemaFormat(v.schemaType).parse({ schema: v.schema, references: v.referenceTexts });
    return generateExample(v.schemaType, parsed, { topic: subject.replace(/-value$/, ''), version: n, random: new SeededRandom(seed) }, v);
  };

  it('is deterministic for a seed', () => {
    for (const subject of ['shop.order.placed-value', 'shop.profile.changed-value', 'shop.stock.counted-value']) {
      expect(generate(subject, 1, 42)).toEqual(generate(subject, 1, 42));
      expect(generate(subject, 1, 42)).not.toEqual(generate(subject, 1, 43));
    }
  });

  it('respects Avro logical types, enums and decimals', () => {
    for (let seed = 0; seed < 20; seed++) {
      const value = generate('shop.order.placed-value', 1, seed) as Record<string, JsonValue>;
      expect(value['event_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(value['placed_at']).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(value['delivery_date']).toMatch(/^2026-\d\d-\d\d$/);
      expect(value['total']).toMatch(/^\d{1,4}\.\d{2}$/);
      if (value['channel'] !== undefined) expect(['UNKNOWN', 'WEB', 'APP', 'STORE']).toContain(value['channel']);
    }
  });

  it('respects defaults: a field with a default is sometimes left out (the default applies), never a field without one', () => {
    const values = Array.from({ length: 40 }, (_, seed) => generate('shop.order.placed-value', 1, seed) as Record<string, JsonValue>);
    // `coupon` has a default (null): some examples leave it out, others set it.
    expect(values.some((value) => !('coupon' in value))).toBe(true);
    expect(values.some((value) => 'coupon' in value)).toBe(true);
    // Fields without a default are always there.
    for (const value of values) for (const field of ['event_id', 'placed_at', 'delivery_date', 'total', 'weight_kg', 'lines']) expect(value, field).toHaveProperty(field);
  });

  it('respects JSON Schema formats, bounds and enums, and Protobuf enums and oneofs', () => {
    for (let seed = 0; seed < 20; seed++) {
      const stock = generate('shop.stock.counted-value', 1, seed) as Record<string, JsonValue>;
      expect(stock['auditor_email']).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
      expect(stock['counted_at']).toMatch(/^2026-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      expect(stock['quantity']).toBeGreaterThanOrEqual(10);
      expect(stock['quantity']).toBeLessThanOrEqual(20);
      expect(['OK', 'SHORT', 'OVER']).toContain(stock['status']);
      if (stock['notes'] !== undefined) expect((stock['notes'] as string[]).every((n) => n.length <= 5)).toBe(true);
      const profile = generate('shop.profile.changed-value', 1, seed) as Record<string, JsonValue>;
      expect(['TIER_BASIC', 'TIER_GOLD']).toContain(profile['tier']);
      if (profile['contact'] !== undefined) expect(['email', 'phone']).toContain((profile['contact'] as Record<string, JsonValue>)['case']);
    }
  });

  it('generates examples that fit their version, round-trip and convert to the serializer shape', async () => {
    for (const [subject, n] of [['shop.order.placed-value', 2], ['shop.profile.changed-value', 1], ['shop.stock.counted-value', 1]] as const) {
      const examples = await generateCheckedExamples(repo, version(subject, n), { count: 5, seed: 3 });
      expect(examples).toHaveLength(5);
      const serde = await RepositorySerde.open(repo);
      try {
        for (const example of examples) {
          expect(await checkExample(serde, { file: 'generated.json', subject, version: n, text: JSON.stringify(example) })).toEqual([]);
        }
      } finally {
        await serde.close();
      }
    }
    const value = exampleValue(repo, version('shop.order.placed-value', 1), order) as Record<string, unknown>;
    expect(value['placed_at']).toEqual(new Date('2026-03-01T10:15:30.250Z'));
    expect(value['delivery_date']).toEqual(new Date('2026-03-04T00:00:00Z'));
  });

  it('kontract examples prints or writes them, and verify accepts what it wrote', async () => {
    const project = fixtureProject('examples');
    try {
      const printed = await kontract(project.dir, ['examples', '--subject', 'shop.stock.counted-value', '--count', '2', '--seed', '9']);
      expect(printed.code).toBe(0);
      expect(JSON.parse(printed.stdout)).toHaveLength(2);
      expect((await kontract(project.dir, ['examples', '--subject', 'shop.stock.counted-value', '--count', '2', '--seed', '9'])).stdout).toBe(printed.stdout);
      const written = await kontract(project.dir, ['examples', '--subject', 'shop.order.placed-value', '--version', '2', '--count', '3', '--out', 'schemas/shop.order.placed-value/examples']);
      expect(written.code).toBe(0);
      expect(readdirSync(path.join(project.dir, 'schemas/shop.order.placed-value/examples')).sort()).toEqual(['v2.generated-1-1.json', 'v2.generated-1-2.json', 'v2.generated-1-3.json']);
      expect((await kontract(project.dir, ['verify'])).code).toBe(0);
      const unknown = await kontract(project.dir, ['examples', '--subject', 'shop.order.placd-value']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Did you mean "shop.order.placed-value"?');
    } finally {
      project.cleanup();
    }
  });

  it("the repository's own subjects generate valid examples", async () => {
    const own = loadRepository(repoRoot, {});
    for (const subject of own.subjects) {
      const examples = await generateCheckedExamples(own, subject.versions[subject.versions.length - 1]!, { count: 3, seed: 11 });
      expect(examples).toHaveLength(3);
    }
  });
});
