import { describe, expect, it } from 'vitest';
import { avroRecord, git, kontract, tempProjectsPerTest } from './helpers.js';

const v1 = avroRecord('Order', [{ name: 'id', type: 'string' }]);
const v2ok = avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'note', type: ['null', 'string'], default: null }]);
const v2bad = avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'total', type: 'long' }]);

const project = tempProjectsPerTest();

describe('kontract check (offline)', () => {
  it('passes a compatible history and exits 0', async () => {
    const p = project({ 'schemas/orders-value/v1.avsc': v1, 'schemas/orders-value/v2.avsc': v2ok });
    const r = await kontract(p.dir, ['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok    orders-value  BACKWARD: v2 compatible');
  });

  it('fails an incompatible newest version with rule, location, line and hint, and exits 1', async () => {
    const p = project({ 'schemas/orders-value/v1.avsc': v1, 'schemas/orders-value/v2.avsc': v2bad });
    const r = await kontract(p.dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  orders-value  BACKWARD: v2 incompatible');
    expect(r.stdout).toMatch(/error READER_FIELD_MISSING_DEFAULT_VALUE {2}schemas\/orders-value\/v2\.avsc:\d+:\d+ \/fields\/1/);
    expect(r.stdout).toContain('hint: ');
  });

  it('uses the per-subject level from the config', async () => {
    const p = project({
      'kontract.config.json': JSON.stringify({ subjects: { 'orders-value': { compatibility: 'NONE' } } }),
      'schemas/orders-value/v1.avsc': v1,
      'schemas/orders-value/v2.avsc': v2bad,
    });
    const r = await kontract(p.dir, ['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NONE');
  });

  it('checks FORWARD with the old version as reader', async () => {
    const removed = avroRecord('Order', []);
    const p = project({
      'kontract.config.json': JSON.stringify({ compatibility: 'FORWARD' }),
      'schemas/orders-value/v1.avsc': v1,
      'schemas/orders-value/v2.avsc': removed,
    });
    const r = await kontract(p.dir, ['check', '--format', 'json']);
    expect(r.code).toBe(1);
    const finding = JSON.parse(r.stdout).cases[0].findings[0];
    expect(finding).toMatchObject({ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', file: 'schemas/orders-value/v1.avsc' });
    expect(finding.message).toContain('FORWARD: v1 reading v2');
  });

  it.each(['json', 'junit', 'github', 'markdown'])('prints --format %s', async (format) => {
    const p = project({ 'schemas/orders-value/v1.avsc': v1, 'schemas/orders-value/v2.avsc': v2bad });
    const r = await kontract(p.dir, ['check', '--format', format]);
    expect(r.code).toBe(1);
    const expected = { json: '"ruleId": "READER_FIELD_MISSING_DEFAULT_VALUE"', junit: '<failure message=', github: '::error file=schemas/orders-value/v2.avsc,line=', markdown: '| ❌ | `orders-value` |' }[format]!;
    expect(r.stdout).toContain(expected);
  });

  it('exits 2 with file, position and hint on a bad schema — no stack trace', async () => {
    const p = project({ 'schemas/orders-value/v1.avsc': '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "strin"}]}' });
    const r = await kontract(p.dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kontract: schemas\/orders-value\/v1\.avsc:1:\d+ \(at #\/fields\/0\/type\): REFERENCE_UNRESOLVED: /);
    expect(r.stderr).toContain('hint: ');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--format json: findings carry the direction and the version compared', async () => {
    const p = project({ 'kontract.config.json': JSON.stringify({ compatibility: 'FULL' }), 'schemas/orders-value/v1.avsc': v1, 'schemas/orders-value/v2.avsc': v2bad });
    const r = await kontract(p.dir, ['check', '--format', 'json']);
    expect(r.code).toBe(1);
    const [finding] = JSON.parse(r.stdout).cases[0].findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(finding).toMatchObject({ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', direction: 'BACKWARD', previousVersion: 1, file: 'schemas/orders-value/v2.avsc' });
  });

  const badSchema = '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "strin"}]}';

  it('--format json|junit|github|markdown: schema errors are in the report on stdout, exit 2', async () => {
    const p = project({ 'schemas/orders-value/v1.avsc': badSchema, 'schemas/items-value/v1.avsc': '{"type": "record"' });
    const json = await kontract(p.dir, ['check', '--offline', '--format', 'json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ command: 'check', ok: false, cases: [] });
    expect(out.errors).toEqual([
      { code: 'SCHEMA_SYNTAX', message: expect.any(String), hint: expect.any(String), file: 'schemas/items-value/v1.avsc', line: 1, column: expect.any(Number) },
      {
        code: 'REFERENCE_UNRESOLVED',
        message: 'type "strin" is used but not defined, neither here nor in another subject',
        hint: expect.stringContaining('Define "strin"'),
        file: 'schemas/orders-value/v1.avsc',
        line: 1,
        column: expect.any(Number),
        path: '#/fields/0/type',
      },
    ]);

    const junit = await kontract(p.dir, ['check', '--offline', '--format', 'junit']);
    expect(junit.code).toBe(2);
    expect(junit.stdout).toContain('tests="2" failures="0" errors="2"');
    expect(junit.stdout).toContain('<testcase classname="kontract check" name="schemas/orders-value/v1.avsc" file="schemas/orders-value/v1.avsc">');
    expect(junit.stdout).toContain('<error message="REFERENCE_UNRESOLVED: type &quot;strin&quot; is used but not defined');

    const github = await kontract(p.dir, ['check', '--offline', '--format', 'github']);
    expect(github.code).toBe(2);
    expect(github.stdout).toMatch(/^::error file=schemas\/items-value\/v1\.avsc,line=1,col=\d+,title=SCHEMA_SYNTAX::/m);
    expect(github.stdout).toMatch(/^::error file=schemas\/orders-value\/v1\.avsc,line=1,col=\d+,title=REFERENCE_UNRESOLVED::type "strin" is used but not defined.* \[#\/fields\/0\/type\]%0Ahint: /m);

    const markdown = await kontract(p.dir, ['check', '--offline', '--format', 'markdown']);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain('### ❌ kontract check: 2 errors, nothing checked');
    expect(markdown.stdout).toMatch(/\| `REFERENCE_UNRESOLVED` \| `schemas\/orders-value\/v1\.avsc:1:\d+ #\/fields\/0\/type` \| type "strin"/);

    // Text stays as it was: the errors on stderr, nothing on stdout.
    const text = await kontract(p.dir, ['check', '--offline']);
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('kontract: 2 problems');
  });

  it('--format github: a config error is an annotation on the config file', async () => {
    const p = project({ 'kontract.config.json': '{"compatibility": "SIDEWAYS"}', 'schemas/orders-value/v1.avsc': v1 });
    const r = await kontract(p.dir, ['check', '--format', 'github']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error file=kontract\.config\.json,line=1,col=19,title=CONFIG_INVALID::.* \[#\/compatibility\]/);
  });

  it('verify and lint report schema errors in the chosen format too', async () => {
    const p = project({ 'schemas/orders-value/v1.avsc': badSchema });
    for (const command of ['verify', 'lint']) {
      const r = await kontract(p.dir, [command, '--format', 'json']);
      expect(r.code).toBe(2);
      const out = JSON.parse(r.stdout);
      expect(out.command).toBe(command);
      expect(out.errors).toEqual([expect.objectContaining({ code: 'REFERENCE_UNRESOLVED', file: 'schemas/orders-value/v1.avsc', line: 1, path: '#/fields/0/type' })]);
      const gh = await kontract(p.dir, [command, '--format', 'github']);
      expect(gh.stdout).toMatch(/^::error file=schemas\/orders-value\/v1\.avsc,line=1,col=\d+,title=REFERENCE_UNRESOLVED::/);
      expect((await kontract(p.dir, [command])).stderr).toContain('REFERENCE_UNRESOLVED');
    }
  });

  it('a change Confluent\'s own check fails on is an error at the candidate file and line, exit 2', async () => {
    const schema = (value: unknown) => JSON.stringify({ type: 'object', properties: { x: { const: value } } }, null, 2);
    const p = project({ 'schemas/orders-value/v1.json': schema(null), 'schemas/orders-value/v2.json': schema(1) });
    const r = await kontract(p.dir, ['check', '--offline', '--format', 'json']);
    expect(r.code).toBe(2);
    const [orders] = JSON.parse(r.stdout).cases;
    expect(orders).toMatchObject({ status: 'error', file: 'schemas/orders-value/v2.json' });
    expect(orders.findings).toEqual([
      expect.objectContaining({ ruleId: 'COMPATIBILITY_CHECK_FAILED', file: 'schemas/orders-value/v2.json', line: 5, column: expect.any(Number), location: '#/properties/x/const' }),
    ]);
  });

  it('exits 2 on a bad config', async () => {
    const p = project({ 'kontract.config.json': '{"compatibility": "SIDEWAYS"}', 'schemas/orders-value/v1.avsc': v1 });
    const r = await kontract(p.dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kontract.config.json:1:19 (at #/compatibility): CONFIG_INVALID');
  });

  it('exits 2 on a usage error', async () => {
    const r = await kontract(process.cwd(), ['check', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--format <format>' argument 'yaml' is invalid");
  });
});

describe('kontract check --base', () => {
  function repoWithHistory() {
    const p = project({ 'schemas/orders-value/v1.avsc': v1, 'schemas/items-value/v1.avsc': avroRecord('Item', []) });
    git(p.dir, 'init', '-q', '-b', 'main');
    git(p.dir, 'add', '.');
    git(p.dir, 'commit', '-q', '-m', 'base');
    return p;
  }

  it('checks a new version against what the base had', async () => {
    const p = repoWithHistory();
    p.write({ 'schemas/orders-value/v2.avsc': v2bad });
    const r = await kontract(p.dir, ['check', '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('orders-value  BACKWARD: v2 incompatible');
    expect(r.stdout).toContain('items-value  BACKWARD: nothing to check (no new version)');
  });

  it('checks several new versions in order', async () => {
    const p = repoWithHistory();
    p.write({ 'schemas/orders-value/v2.avsc': v2ok, 'schemas/orders-value/v3.avsc': v2bad.replace('"Order"', '"Order"') });
    const r = await kontract(p.dir, ['check', '--base', 'main', '--format', 'json']);
    const orders = JSON.parse(r.stdout).cases.find((c: { name: string }) => c.name === 'orders-value');
    expect(orders.details.candidates).toEqual([
      { version: 2, compatible: true },
      { version: 3, compatible: false },
    ]);
  });

  it('fails when a published version was edited', async () => {
    const p = repoWithHistory();
    p.write({ 'schemas/orders-value/v1.avsc': v2ok });
    const r = await kontract(p.dir, ['check', '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('VERSION_IMMUTABLE');
    expect(r.stdout).toContain('v1 was edited after it was published');
  });

  it('fails when a published version or subject was deleted', async () => {
    const p = repoWithHistory();
    p.remove('schemas/items-value/v1.avsc');
    const r = await kontract(p.dir, ['check', '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  items-value');
    expect(r.stdout).toContain('v1 was deleted after it was published');
  });

  it('fails, not errors, when an older published version was deleted and a later one remains', async () => {
    const p = repoWithHistory();
    p.write({ 'schemas/orders-value/v2.avsc': v2ok });
    git(p.dir, 'add', '.');
    git(p.dir, 'commit', '-q', '-m', 'v2');
    p.remove('schemas/orders-value/v1.avsc');
    const r = await kontract(p.dir, ['check', '--base', 'main']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  orders-value');
    expect(r.stdout).toContain('v1 was deleted after it was published');
    expect(r.stdout).toContain('hint: Restore schemas/orders-value/v1.avsc');
    expect(r.stdout).toContain('ok    items-value');

    // New versions are still checked against the published history, the deleted version included.
    p.write({ 'schemas/orders-value/v3.avsc': avroRecord('Order', [{ name: 'id', type: 'int' }]) });
    const json = await kontract(p.dir, ['check', '--base', 'main', '--format', 'json']);
    expect(json.code).toBe(1);
    const orders = JSON.parse(json.stdout).cases.find((c: { name: string }) => c.name === 'orders-value');
    expect(orders.details.candidates).toEqual([{ version: 3, compatible: false }]);
    expect(orders.findings.map((f: { ruleId: string; file: string }) => [f.ruleId, f.file])).toEqual([
      ['VERSION_IMMUTABLE', 'schemas/orders-value/v1.avsc'],
      ['TYPE_MISMATCH', 'schemas/orders-value/v3.avsc'],
    ]);
  });

  it('reports a deleted older version that referenced another subject', async () => {
    const metadata = JSON.stringify({ type: 'record', name: 'Meta', namespace: 'com.acme.common', fields: [{ name: 'trace', type: 'string' }] });
    const withMeta = (extra: object[]) => avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'meta', type: 'com.acme.common.Meta' }, ...extra]);
    const p = project({ 'schemas/common.meta/v1.avsc': metadata, 'schemas/orders-value/v1.avsc': withMeta([]), 'schemas/orders-value/v2.avsc': withMeta([{ name: 'n', type: 'int', default: 0 }]) });
    git(p.dir, 'init', '-q', '-b', 'main');
    git(p.dir, 'add', '.');
    git(p.dir, 'commit', '-q', '-m', 'base');
    p.remove('schemas/orders-value/v1.avsc');
    const r = await kontract(p.dir, ['check', '--base', 'main', '--format', 'json']);
    expect(r.code).toBe(1);
    const orders = JSON.parse(r.stdout).cases.find((c: { name: string }) => c.name === 'orders-value');
    expect(orders.findings).toEqual([expect.objectContaining({ ruleId: 'VERSION_IMMUTABLE', file: 'schemas/orders-value/v1.avsc', message: 'v1 was deleted after it was published' })]);
  });

  it('keeps a gap the base does not explain an error (exit 2)', async () => {
    const p = repoWithHistory();
    p.write({ 'schemas/orders-value/v3.avsc': v2ok });
    const r = await kontract(p.dir, ['check', '--base', 'main']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('VERSION_GAP: subject "orders-value" has v3 but no v2');
    // Even next to a deletion the base does explain.
    p.remove('schemas/orders-value/v1.avsc');
    const both = await kontract(p.dir, ['check', '--base', 'main', '--format', 'json']);
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stdout).errors).toEqual([expect.objectContaining({ code: 'VERSION_GAP', file: 'schemas/orders-value/v3.avsc' })]);
    // Without a base nothing explains a gap.
    const p2 = project({ 'schemas/orders-value/v2.avsc': v2ok });
    expect((await kontract(p2.dir, ['check', '--offline'])).code).toBe(2);
  });

  it('exits 2 on an unknown base', async () => {
    const p = repoWithHistory();
    const r = await kontract(p.dir, ['check', '--base', 'no-such-branch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('USAGE');
    expect(r.stderr).toContain('git fetch');
  });
});

describe('kontract compat', () => {
  it('checks plain files at a level', async () => {
    const p = project({ 'a.avsc': v1, 'b.avsc': v2bad });
    expect((await kontract(p.dir, ['compat', 'a.avsc', 'b.avsc'])).code).toBe(1);
    expect((await kontract(p.dir, ['compat', '--level', 'FORWARD', 'a.avsc', 'b.avsc'])).code).toBe(0);
    expect((await kontract(p.dir, ['compat', '--level', 'NONE', 'a.avsc', 'b.avsc'])).code).toBe(0);
  });

  it('names the file that does not parse', async () => {
    const p = project({ 'a.avsc': v1, 'b.avsc': '{"type": "record"' });
    const r = await kontract(p.dir, ['compat', 'a.avsc', 'b.avsc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kontract: b\.avsc:1:\d+: SCHEMA_SYNTAX/);
  });

  it('takes references with --ref', async () => {
    const p = project({
      'money.avsc': avroRecord('Money', [{ name: 'cents', type: 'long' }]),
      'a.avsc': avroRecord('A', [{ name: 'm', type: 'com.acme.Money' }]),
      'b.avsc': avroRecord('A', [{ name: 'm', type: 'com.acme.Money' }, { name: 'n', type: 'int', default: 0 }]),
    });
    const r = await kontract(p.dir, ['compat', '--ref', 'com.acme.Money=money.avsc', 'a.avsc', 'b.avsc']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('needs two files and a known type', async () => {
    const p = project({ 'a.txt': '', 'b.txt': '' });
    expect((await kontract(p.dir, ['compat', 'a.txt'])).code).toBe(2);
    const r = await kontract(p.dir, ['compat', 'a.txt', 'b.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--type');
  });
});
