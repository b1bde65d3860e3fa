import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { avroRecord, kontract, tempProjectsPerTest } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const project = tempProjectsPerTest();

interface JsonFinding {
  ruleId: string;
  severity: string;
  file?: string;
  line?: number;
  column?: number;
  location?: string;
  direction?: string;
  previousVersion?: number;
  message: string;
}

/** `kontract compat --format json …`: the exit code and the one case's findings. */
async function compatJson(dir: string, args: string[]): Promise<{ code: number; findings: JsonFinding[]; ok: boolean }> {
  const r = await kontract(dir, ['compat', '--format', 'json', ...args]);
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout) as { ok: boolean; cases: { findings: JsonFinding[] }[] };
  return { code: r.code, findings: json.cases[0]!.findings, ok: json.ok };
}

const breaking = (findings: JsonFinding[]) => findings.filter((f) => f.severity === 'error');

const proto = (body: string) => `syntax = "proto3";\npackage acme;\n\nmessage Order {\n${body}\n}\n`;
const json = (value: object) => JSON.stringify(value, null, 2);

describe('kontract compat: Protobuf', () => {
  const v1 = proto('  string id = 1;');
  const added = proto('  string id = 1;\n  int32 count = 2;');
  const kindChanged = proto('  int64 id = 1;');

  it('passes an added field and fails a changed scalar kind, located in the .proto', async () => {
    const p = project({ 'v1.proto': v1, 'v2.proto': added, 'v3.proto': kindChanged });
    expect((await kontract(p.dir, ['compat', 'v1.proto', 'v2.proto'])).code).toBe(0);
    const r = await compatJson(p.dir, ['v1.proto', 'v3.proto']);
    expect(r.code).toBe(1);
    expect(breaking(r.findings)[0]).toMatchObject({ ruleId: 'FIELD_SCALAR_KIND_CHANGED', file: 'v3.proto', line: 5, direction: 'BACKWARD', previousVersion: 1 });
  });
});

describe('kontract compat: JSON Schema', () => {
  const open = json({ type: 'object', properties: { id: { type: 'string' } } });
  const openAdded = json({ type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } } });
  const closed = json({ type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } }, additionalProperties: false });
  const closedRemoved = json({ type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false });

  it('STRICT by default; --lenient accepts what Confluent accepts under LENIENT', async () => {
    const p = project({ 'open1.json': open, 'open2.json': openAdded, 'closed1.json': closed, 'closed2.json': closedRemoved });
    const strictOpen = await compatJson(p.dir, ['open1.json', 'open2.json']);
    expect(strictOpen.code).toBe(1);
    expect(breaking(strictOpen.findings)[0]).toMatchObject({ ruleId: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', location: '#/properties/note', file: 'open2.json' });
    expect((await kontract(p.dir, ['compat', '--lenient', 'open1.json', 'open2.json'])).code).toBe(0);

    const strictClosed = await compatJson(p.dir, ['closed1.json', 'closed2.json']);
    expect(strictClosed.code).toBe(1);
    expect(breaking(strictClosed.findings).map((f) => f.ruleId)).toEqual(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL']);
    const lenient = await compatJson(p.dir, ['--lenient', 'closed1.json', 'closed2.json']);
    expect(lenient.code).toBe(0);
    // Still reported, as an informational difference.
    expect(lenient.findings.map((f) => [f.ruleId, f.severity])).toContainEqual(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'info']);
  });

  it('names the file (and the pair) when Confluent\'s check itself fails on a change', async () => {
    const nullConst = json({ type: 'object', properties: { x: { const: null } } });
    const oneConst = json({ type: 'object', properties: { x: { const: 1 } } });
    const p = project({ 'a.json': oneConst, 'b.json': nullConst, 'c.json': oneConst });
    const r = await kontract(p.dir, ['compat', '--level', 'BACKWARD_TRANSITIVE', 'a.json', 'b.json', 'c.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kontract: c\.json:\d+:\d+ \(at #\/properties\/x\/const\): COMPATIBILITY_CHECK_FAILED: const null in the previous schema.* \(checking c\.json against b\.json\)\n {2}hint: /);

    const gh = await kontract(p.dir, ['compat', '--format', 'github', 'b.json', 'c.json']);
    expect(gh.code).toBe(2);
    expect(gh.stdout).toMatch(/^::error file=c\.json,line=\d+,col=\d+,title=COMPATIBILITY_CHECK_FAILED::const null/);
  });
});

describe('kontract compat: options and levels', () => {
  const v1 = avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'total', type: 'long' }]);
  const withDefault = avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'total', type: 'long' }, { name: 'note', type: ['null', 'string'], default: null }]);
  const noDefault = avroRecord('Order', [{ name: 'id', type: 'string' }, { name: 'total', type: 'long' }, { name: 'qty', type: 'int' }]);
  const removed = avroRecord('Order', [{ name: 'id', type: 'string' }]);

  it('--type overrides the file extension', async () => {
    const p = project({ 'a.txt': v1, 'b.txt': noDefault, 'c.json': v1, 'd.json': withDefault });
    expect((await kontract(p.dir, ['compat', 'a.txt', 'b.txt'])).code).toBe(2);
    const avro = await compatJson(p.dir, ['--type', 'AVRO', 'a.txt', 'b.txt']);
    expect(avro.code).toBe(1);
    expect(breaking(avro.findings)[0]).toMatchObject({ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', file: 'b.txt' });
    // .json would be JSON Schema; these are Avro texts.
    expect((await kontract(p.dir, ['compat', '--type', 'AVRO', 'c.json', 'd.json'])).code).toBe(0);
    const usage = await kontract(p.dir, ['compat', '--type', 'XML', 'a.txt', 'b.txt']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("argument 'XML' is invalid");
  });

  it('FULL checks both directions', async () => {
    const p = project({ 'v1.avsc': v1, 'default.avsc': withDefault, 'nodefault.avsc': noDefault, 'removed.avsc': removed });
    expect((await kontract(p.dir, ['compat', '--level', 'FULL', 'v1.avsc', 'default.avsc'])).code).toBe(0);

    const added = await compatJson(p.dir, ['--level', 'FULL', 'v1.avsc', 'nodefault.avsc']);
    expect(added.code).toBe(1);
    expect(breaking(added.findings)).toEqual([expect.objectContaining({ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', direction: 'BACKWARD', file: 'nodefault.avsc' })]);

    const dropped = await compatJson(p.dir, ['--level', 'FULL', 'v1.avsc', 'removed.avsc']);
    expect(dropped.code).toBe(1);
    // FORWARD: the old version reads new data; the finding points into the old (reader's) file.
    expect(breaking(dropped.findings)).toEqual([expect.objectContaining({ ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE', direction: 'FORWARD', previousVersion: 1, file: 'v1.avsc' })]);
    expect((await kontract(p.dir, ['compat', '--level', 'BACKWARD', 'v1.avsc', 'removed.avsc'])).code).toBe(0);
  });

  it('transitive levels check every older file, non-transitive ones only the latest', async () => {
    // v3 reads v2 (a is absent there, so its default applies) but not v1 (a was a string).
    const a1 = avroRecord('R', [{ name: 'a', type: 'string' }]);
    const a2 = avroRecord('R', []);
    const a3 = avroRecord('R', [{ name: 'a', type: 'int', default: 0 }]);
    const p = project({ 'v1.avsc': a1, 'v2.avsc': a2, 'v3.avsc': a3 });
    expect((await kontract(p.dir, ['compat', '--level', 'BACKWARD', 'v1.avsc', 'v2.avsc', 'v3.avsc'])).code).toBe(0);
    const transitive = await compatJson(p.dir, ['--level', 'BACKWARD_TRANSITIVE', 'v1.avsc', 'v2.avsc', 'v3.avsc']);
    expect(transitive.code).toBe(1);
    expect(breaking(transitive.findings)).toEqual([expect.objectContaining({ ruleId: 'TYPE_MISMATCH', direction: 'BACKWARD', previousVersion: 1, file: 'v3.avsc', location: '/fields/0/type' })]);
    expect(breaking(transitive.findings)[0]!.message).toContain('BACKWARD: v3 reading v1');
    expect((await kontract(p.dir, ['compat', '--level', 'FULL_TRANSITIVE', 'v1.avsc', 'v2.avsc', 'v3.avsc'])).code).toBe(1);
  });

  it('--format json: the verdict, and each finding with rule, file, position, direction and the version compared', async () => {
    const p = project({ 'v1.avsc': v1, 'v2.avsc': noDefault });
    const r = await kontract(p.dir, ['compat', '--format', 'json', 'v1.avsc', 'v2.avsc']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ command: 'compat', ok: false, summary: { passed: 0, failed: 1, errored: 0 }, errors: [] });
    expect(out.cases[0]).toMatchObject({ name: 'v2.avsc', file: 'v2.avsc', status: 'fail', summary: 'BACKWARD: incompatible with 1 older version' });
    expect(out.cases[0].findings[0]).toEqual({
      ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE',
      severity: 'error',
      message: expect.stringContaining('(BACKWARD: v2 reading v1)'),
      hint: expect.any(String),
      file: 'v2.avsc',
      line: expect.any(Number),
      column: expect.any(Number),
      location: '/fields/2',
      direction: 'BACKWARD',
      previousVersion: 1,
    });
  });

  it('--format json|github|junit|markdown: a file that does not parse is an error entry, exit 2', async () => {
    const p = project({ 'a.avsc': v1, 'b.avsc': '{"type": "record"' });
    const r = await kontract(p.dir, ['compat', '--format', 'json', 'a.avsc', 'b.avsc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ command: 'compat', ok: false, cases: [] });
    expect(out.errors).toEqual([{ code: 'SCHEMA_SYNTAX', message: expect.any(String), hint: expect.any(String), file: 'b.avsc', line: 1, column: expect.any(Number) }]);
    const gh = await kontract(p.dir, ['compat', '--format', 'github', 'a.avsc', 'b.avsc']);
    expect(gh.code).toBe(2);
    expect(gh.stdout).toMatch(/^::error file=b\.avsc,line=1,col=\d+,title=SCHEMA_SYNTAX::/);
    const junit = await kontract(p.dir, ['compat', '--format', 'junit', 'a.avsc', 'b.avsc']);
    expect(junit.stdout).toContain('<testcase classname="kontract compat" name="b.avsc" file="b.avsc">');
    expect(junit.stdout).toContain('<error message="SCHEMA_SYNTAX: ');
    const markdown = await kontract(p.dir, ['compat', '--format', 'markdown', 'a.avsc', 'b.avsc']);
    expect(markdown.stdout).toMatch(/\| `SCHEMA_SYNTAX` \| `b\.avsc:1:\d+` \|/);
  });
});

describe('the kontract binary', () => {
  // `npm test` builds dist first; the binary is what users run, so it is what this test spawns.
  const main = path.join(repoRoot, 'dist/cli/main.js');
  beforeAll(() => {
    if (!existsSync(main)) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'ignore' });
    expect(existsSync(main), `${main} must exist: run npm run build`).toBe(true);
  }, 240_000);

  it('exits quietly when its reader closes stdout early (kontract rules | head)', async () => {
    const child = spawn(process.execPath, [main, 'rules', '--type', 'PROTOBUF'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    // Close the pipe before the CLI writes anything: every write it makes meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
