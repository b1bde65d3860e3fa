import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { FileLog, LOCK_FILE_NAME, LOG_FILE_NAME } from '../../src/registry/store/log.js';
import { RegistryState, schemaIdentityKey } from '../../src/registry/store/state.js';
import type { LogOperation, StoredSchema } from '../../src/registry/store/types.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontract-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function schema(id: number, text = `{"type":"record","name":"R${id}","fields":[]}`): StoredSchema {
  return { id, guid: `guid-${id}`, schemaType: 'AVRO', schema: text, references: [] };
}

describe('FileLog', () => {
  it('replays acknowledged batches in order after reopening', async () => {
    const dir = tempDir();
    const first = await FileLog.open(dir);
    expect(first.batches).toEqual([]);
    const ops: LogOperation[][] = [[{ op: 'schema', schema: schema(1) }, { op: 'version', subject: 's', version: 1, id: 1 }], [{ op: 'mode', subject: null, mode: 'READONLY' }]];
    for (const batch of ops) await first.log.append(batch);
    await first.log.close();
    const second = await FileLog.open(dir);
    expect(second.batches).toEqual(ops);
    await second.log.close();
  });

  it('cuts off a torn last line left by a crash and keeps appending cleanly', async () => {
    const dir = tempDir();
    const first = await FileLog.open(dir);
    await first.log.append([{ op: 'schema', schema: schema(1) }]);
    await first.log.close();
    appendFileSync(path.join(dir, LOG_FILE_NAME), '[{"op":"version","subj');
    const second = await FileLog.open(dir);
    expect(second.batches).toHaveLength(1);
    await second.log.append([{ op: 'mode', subject: null, mode: 'IMPORT' }]);
    await second.log.close();
    const lines = readFileSync(path.join(dir, LOG_FILE_NAME), 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(2);
    expect((await FileLog.open(dir)).batches.map((b) => b[0]!.op)).toEqual(['schema', 'mode']);
  });

  it('refuses a log damaged in the middle, naming the line', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, LOG_FILE_NAME), '[]\n{not json\n[{"op":"mode","subject":null,"mode":"READONLY"}]\n');
    const error = await FileLog.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KontractError);
    expect((error as KontractError).code).toBe('IO');
    expect((error as KontractError).location?.line).toBe(2);
  });

  it('keeps a second registry off a directory in use, and takes over a lock left by a dead process', async () => {
    const dir = tempDir();
    const first = await FileLog.open(dir);
    const error = await FileLog.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KontractError);
    expect((error as KontractError).message).toMatch(/in use by another registry/);
    await first.log.close();
    // A pid that cannot be alive (beyond Linux's pid_max), as after kill -9.
    writeFileSync(path.join(dir, LOCK_FILE_NAME), '99999999');
    const again = await FileLog.open(dir);
    expect(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).toBe(String(process.pid));
    await again.log.close();
  });
});

describe('RegistryState', () => {
  it('keeps ids after soft delete, forgets them after the last permanent delete, and never reuses them', () => {
    const state = new RegistryState();
    state.apply({ op: 'schema', schema: schema(1) });
    state.apply({ op: 'version', subject: 'a', version: 1, id: 1 });
    state.apply({ op: 'version', subject: 'b', version: 1, id: 1 });
    state.apply({ op: 'softDelete', subject: 'a', version: 1 });
    expect(state.versionsOf('a', false)).toEqual([]);
    expect(state.versionsOf('a', true)).toHaveLength(1);
    state.apply({ op: 'hardDelete', subject: 'a', version: 1 });
    expect(state.schemasById.has(1)).toBe(true);
    state.apply({ op: 'softDelete', subject: 'b', version: 1 });
    state.apply({ op: 'hardDelete', subject: 'b', version: 1 });
    expect(state.schemasById.has(1)).toBe(false);
    expect(state.idByIdentity.has(schemaIdentityKey(schema(1)))).toBe(false);
    expect(state.maxId).toBe(1);
    expect(state.subjects.size).toBe(0);
  });

  it('keeps versions ascending when IMPORT writes them out of order', () => {
    const state = new RegistryState();
    state.apply({ op: 'schema', schema: schema(7) });
    state.apply({ op: 'version', subject: 's', version: 3, id: 7 });
    state.apply({ op: 'version', subject: 's', version: 1, id: 7 });
    expect(state.versionsOf('s', false).map((v) => v.version)).toEqual([1, 3]);
  });

  it('treats metadata key order as irrelevant to schema identity', () => {
    const a = { ...schema(1), metadata: { properties: { x: '1', y: '2' } } };
    const b = { ...schema(1), metadata: { properties: { y: '2', x: '1' } } };
    expect(schemaIdentityKey(a)).toBe(schemaIdentityKey(b));
    expect(schemaIdentityKey(a)).not.toBe(schemaIdentityKey(schema(1)));
  });
});
