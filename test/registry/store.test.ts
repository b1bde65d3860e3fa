import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import { FileLog, LOCK_FILE_NAME, LOG_FILE_NAME, type LogFile } from '../../src/registry/store/log.js';
import { RegistryService } from '../../src/registry/server/service.js';
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

/**
 * The real log file on a disk that can be made to fail: with `spaceLeft` set, writes take only that many more
 * bytes (a short write), then fail with ENOSPC; `nextSyncFails` makes the next sync fail with EIO, `truncateFails`
 * every truncate.
 */
function failingDisk() {
  const disk = { spaceLeft: undefined as number | undefined, nextSyncFails: false, truncateFails: false };
  const errno = (code: string) => Object.assign(new Error(`${code}: simulated disk failure`), { code });
  const openFile = async (logPath: string): Promise<LogFile> => {
    const handle = await open(logPath, 'a');
    return {
      async write(buffer, offset, length) {
        if (disk.spaceLeft === undefined) return handle.write(buffer, offset, length);
        if (disk.spaceLeft === 0) throw errno('ENOSPC');
        const { bytesWritten } = await handle.write(buffer, offset, Math.min(length, disk.spaceLeft));
        disk.spaceLeft -= bytesWritten;
        return { bytesWritten };
      },
      async datasync() {
        if (disk.nextSyncFails) {
          disk.nextSyncFails = false;
          throw errno('EIO');
        }
        await handle.datasync();
      },
      async truncate(length) {
        if (disk.truncateFails) throw errno('EIO');
        await handle.truncate(length);
      },
      stat: () => handle.stat(),
      close: () => handle.close(),
    };
  };
  return { disk, openFile };
}

describe('FileLog on a failing disk', () => {
  const a: LogOperation[] = [{ op: 'schema', schema: schema(1) }, { op: 'version', subject: 's', version: 1, id: 1 }];
  const b: LogOperation[] = [{ op: 'schema', schema: schema(2) }, { op: 'version', subject: 's', version: 2, id: 2 }];
  const c: LogOperation[] = [{ op: 'mode', subject: null, mode: 'READONLY' }];

  it('cuts off a write that fails partway, so the log loads with every acknowledged write and without the failed one', async () => {
    const dir = tempDir();
    const logPath = path.join(dir, LOG_FILE_NAME);
    const { disk, openFile } = failingDisk();
    const { log } = await FileLog.open(dir, { openFile });
    await log.append(a);
    const acknowledged = readFileSync(logPath, 'utf8');
    disk.spaceLeft = 10;
    await expect(log.append(b)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(readFileSync(logPath, 'utf8')).toBe(acknowledged);
    disk.spaceLeft = undefined;
    await log.append(c);
    await log.close();
    expect(readFileSync(logPath, 'utf8').split('\n')).toEqual([JSON.stringify(a), JSON.stringify(c), '']);
    const reopened = await FileLog.open(dir);
    expect(reopened.batches).toEqual([a, c]);
    await reopened.log.close();
  });

  it('cuts off a write whose sync fails', async () => {
    const dir = tempDir();
    const { disk, openFile } = failingDisk();
    const { log } = await FileLog.open(dir, { openFile });
    await log.append(a);
    disk.nextSyncFails = true;
    await expect(log.append(b)).rejects.toMatchObject({ code: 'EIO' });
    await log.append(c);
    await log.close();
    const reopened = await FileLog.open(dir);
    expect(reopened.batches).toEqual([a, c]);
    await reopened.log.close();
  });

  it('refuses later writes when a failed one cannot be cut off, and the next start drops its torn line', async () => {
    const dir = tempDir();
    const { disk, openFile } = failingDisk();
    const { log } = await FileLog.open(dir, { openFile });
    await log.append(a);
    disk.spaceLeft = 10;
    disk.truncateFails = true;
    await expect(log.append(b)).rejects.toMatchObject({ code: 'ENOSPC' });
    disk.spaceLeft = undefined;
    disk.truncateFails = false;
    // Appending after the torn line would bury it in the middle of the log.
    const refused = await log.append(c).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KontractError);
    expect((refused as KontractError).message).toMatch(/refuses writes: a failed write could not be undone/);
    await log.close();
    const reopened = await FileLog.open(dir);
    expect(reopened.batches).toEqual([a]);
    await reopened.log.close();
  });

  it('answers a registration the disk refuses with an error, applies nothing, and keeps serving', async () => {
    const dir = tempDir();
    const { disk, openFile } = failingDisk();
    const opened = await FileLog.open(dir, { openFile });
    const service = RegistryService.fromLog(opened.log, opened.batches);
    const request = (name: string) => ({ schema: `{"type":"record","name":"${name}","fields":[]}`, schemaType: 'AVRO' as const, references: [] });
    expect(await service.register('first-value', request('First'), { normalize: false })).toMatchObject({ id: 1, version: 1 });
    disk.spaceLeft = 5;
    const error = await service.register('second-value', request('Second'), { normalize: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KontractError);
    expect((error as KontractError).registryCode).toBe(50001);
    expect(service.listSubjects({})).toEqual(['first-value']);
    disk.spaceLeft = undefined;
    expect(await service.register('third-value', request('Third'), { normalize: false })).toMatchObject({ version: 1 });
    await service.close();

    const again = await FileLog.open(dir);
    const restarted = RegistryService.fromLog(again.log, again.batches);
    expect(restarted.listSubjects({})).toEqual(['first-value', 'third-value']);
    await restarted.close();
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
