import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { avroRecord, call, errorOf, startTestRegistry } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverEntry = path.join(repoRoot, 'dist/registry/server/main.js');

const dirs: string[] = [];
const children: ChildProcess[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontract-durable-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Spawn `node dist/registry/server/main.js` and wait for its `listening <url>` line. */
function spawnServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [serverEntry, '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`registry exited with ${code}: ${err}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('durability', () => {
  beforeAll(() => {
    // The child process runs the compiled server; build it when this checkout has not been built yet.
    if (!existsSync(serverEntry)) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'ignore' });
    expect(existsSync(serverEntry), `${serverEntry} must exist: run npm run build`).toBe(true);
  }, 240_000);

  it('keeps every acknowledged write across kill -9 and restart on the same directory', async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const fields = Array.from({ length: i }, (_, n) => ({ name: `f${n}`, type: 'int', default: 0 }));
      const answer = await call(first.url, 'POST', '/subjects/durable-value/versions', { schema: avroRecord('Durable', fields) });
      expect(answer.status).toBe(200);
      ids.push((answer.body as { id: number }).id);
    }
    await call(first.url, 'PUT', '/config/durable-value', { compatibility: 'FULL' });
    await call(first.url, 'PUT', '/mode/frozen', { mode: 'READONLY' });
    expect((await call(first.url, 'DELETE', '/subjects/durable-value/versions/2')).status).toBe(200);
    await killHard(first.child);

    const second = await spawnServer(dataDir);
    expect((await call(second.url, 'GET', '/subjects/durable-value/versions')).body).toEqual([1, 3, 4, 5]);
    expect((await call(second.url, 'GET', '/subjects/durable-value/versions?deleted=true')).body).toEqual([1, 2, 3, 4, 5]);
    for (const id of ids) expect((await call(second.url, 'GET', `/schemas/ids/${id}`)).status).toBe(200);
    expect((await call(second.url, 'GET', '/config/durable-value')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect((await call(second.url, 'GET', '/mode/frozen')).body).toEqual({ mode: 'READONLY' });
    // Ids continue after the highest one logged.
    const next = await call(second.url, 'POST', '/subjects/other/versions', { schema: avroRecord('Other') });
    expect((next.body as { id: number }).id).toBeGreaterThan(Math.max(...ids));
    await killHard(second.child);
  }, 60_000);

  it('keeps writes acknowledged while concurrent requests were in flight when the process was killed', async () => {
    const dataDir = tempDir();
    const server = await spawnServer(dataDir);
    const acknowledged: string[] = [];
    let firstAcks!: () => void;
    const threeAcknowledged = new Promise<void>((resolve) => (firstAcks = resolve));
    const writes = Array.from({ length: 60 }, (_, i) =>
      call(server.url, 'POST', `/subjects/burst-${i}/versions`, { schema: avroRecord(`Burst${i}`) }).then(
        (answer) => {
          if (answer.status === 200) acknowledged.push(`burst-${i}`);
          if (acknowledged.length === 3) firstAcks();
        },
        () => undefined,
      ),
    );
    // Kill once some writes are acknowledged and others are still queued.
    await threeAcknowledged;
    await killHard(server.child);
    await Promise.all(writes);
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    const restarted = await spawnServer(dataDir);
    const subjects = (await call(restarted.url, 'GET', '/subjects')).body as string[];
    for (const subject of acknowledged) expect(subjects).toContain(subject);
    await killHard(restarted.child);
  }, 60_000);

  it('refuses to start a second registry on a directory in use', async () => {
    const dataDir = tempDir();
    const running = await startTestRegistry({ dataDir });
    try {
      await expect(spawnServer(dataDir)).rejects.toThrow(/in use by another registry/);
      await expect(startTestRegistry({ dataDir })).rejects.toMatchObject({ code: 'IO' });
    } finally {
      await running.close();
    }
    // Once closed, the directory is free again and the data is there.
    const reopened = await startTestRegistry({ dataDir });
    expect(errorOf(await call(reopened.url, 'GET', '/subjects/none/versions')).error_code).toBe(40401);
    await reopened.close();
  }, 60_000);

  it('persists in-process registries across close and reopen', async () => {
    const dataDir = tempDir();
    const first = await startTestRegistry({ dataDir });
    const registered = (await call(first.url, 'POST', '/subjects/kept/versions', { schema: avroRecord('Kept') })).body as { id: number };
    await first.close();
    const second = await startTestRegistry({ dataDir });
    expect((await call(second.url, 'GET', '/subjects/kept/versions/1')).body).toMatchObject({ id: registered.id, subject: 'kept' });
    await second.close();
  });
});
