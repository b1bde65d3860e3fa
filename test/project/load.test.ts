import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { defaultConfig } from '../../src/project/config.js';
import { loadRepository, readSchemaFiles } from '../../src/project/load.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function project(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kontract-load-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const record = JSON.stringify({ type: 'record', name: 'A', fields: [] });

describe('reading the schemas folder', () => {
  it('does not read hidden files and folders', () => {
    const root = project({
      'schemas/.DS_Store': '\u0000',
      'schemas/.git/HEAD': 'ref',
      'schemas/a-value/.gitkeep': '',
      'schemas/a-value/v1.avsc': record,
      'schemas/a-value/examples/.DS_Store': '\u0000',
      'schemas/a-value/examples/v1.first.json': '{}',
    });
    expect([...readSchemaFiles(root, defaultConfig()).keys()]).toEqual(['schemas/a-value/examples/v1.first.json', 'schemas/a-value/v1.avsc']);
    expect(loadRepository(root, {}).subjects.map((s) => s.name)).toEqual(['a-value']);
  });

  it('reads every other file, so that the repository can reject it', () => {
    const root = project({ 'schemas/a-value/v1.avsc': record, 'schemas/a-value/v2.avro': record });
    expect(() => loadRepository(root, {})).toThrow(/schemas\/a-value\/v2\.avro: VERSION_FILE_NAME: "v2\.avro" has an unknown extension "\.avro"/);
  });

  it('names a file it cannot read', () => {
    const root = project({ 'schemas/a-value/v1.avsc': record });
    symlinkSync(path.join(root, 'nowhere.avsc'), path.join(root, 'schemas/a-value/v2.avsc'));
    let error: unknown;
    try {
      readSchemaFiles(root, defaultConfig());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KontractError);
    expect(error).toMatchObject({ code: 'IO', location: { file: 'schemas/a-value/v2.avsc' }, message: 'cannot read schemas/a-value/v2.avsc: it does not exist (a dangling symbolic link?)' });
  });
});
