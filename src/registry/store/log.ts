import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { KontractError } from '../../errors.js';
import type { LogOperation } from './types.js';

/** Where operations go. The durable log and the in-memory one share this shape. */
export interface OperationLog {
  /** Persist one request's operations; resolves only once they are on disk. */
  append(operations: LogOperation[]): Promise<void>;
  close(): Promise<void>;
}

export const LOG_FILE_NAME = 'registry.log';
export const LOCK_FILE_NAME = 'registry.lock';

/** A log that keeps nothing: for `memory: true` registries in tests and throw-away use. */
export class MemoryLog implements OperationLog {
  async append(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * An append-only JSON-lines log in `dataDir`: one line per state-changing request, each line a JSON
 * array of operations, `fdatasync`ed before `append` resolves, so an acknowledged write survives
 * `kill -9` and power loss. A lock file keeps a second server off the same directory.
 */
export class FileLog implements OperationLog {
  private constructor(
    private readonly handle: FileHandle,
    private readonly lockPath: string,
  ) {}

  /**
   * Lock `dataDir`, read the operations already logged (a torn last line, left by a crash in the
   * middle of a write, is cut off) and open the log for appending.
   */
  static async open(dataDir: string): Promise<{ log: FileLog; batches: LogOperation[][] }> {
    try {
      await mkdir(dataDir, { recursive: true });
    } catch (cause) {
      throw new KontractError('IO', `cannot create the registry data directory ${dataDir}: ${errorMessage(cause)}`, {
        location: { file: dataDir },
        hint: 'Choose a writable directory for the registry data.',
        cause,
      });
    }
    const lockPath = path.join(dataDir, LOCK_FILE_NAME);
    acquireLock(lockPath, dataDir);
    try {
      const logPath = path.join(dataDir, LOG_FILE_NAME);
      const batches = await readBatches(logPath);
      const handle = await open(logPath, 'a');
      return { log: new FileLog(handle, lockPath), batches };
    } catch (error) {
      releaseLock(lockPath);
      throw error;
    }
  }

  async append(operations: LogOperation[]): Promise<void> {
    await this.handle.write(JSON.stringify(operations) + '\n');
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close();
    releaseLock(this.lockPath);
  }
}

async function readBatches(logPath: string): Promise<LogOperation[][]> {
  let text: string;
  try {
    text = await readFile(logPath, 'utf8');
  } catch (cause) {
    if (isErrnoCode(cause, 'ENOENT')) return [];
    throw new KontractError('IO', `cannot read the registry log ${logPath}: ${errorMessage(cause)}`, { location: { file: logPath }, cause });
  }
  const batches: LogOperation[][] = [];
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const line = end === -1 ? text.slice(offset) : text.slice(offset, end);
    lineNumber++;
    const next = end === -1 ? text.length : end + 1;
    const parsed = parseLine(line);
    if (parsed === undefined) {
      // Only the last line may be damaged: that is a write that a crash interrupted, never acknowledged.
      if (next >= text.length) {
        await truncate(logPath, Buffer.byteLength(text.slice(0, offset), 'utf8'));
        break;
      }
      throw new KontractError('IO', `the registry log is corrupt at line ${lineNumber}`, {
        location: { file: logPath, line: lineNumber },
        hint: 'Restore the data directory from a backup, or remove the damaged line by hand.',
      });
    }
    if (end === -1) {
      // A complete batch whose newline was lost: finish the line so the next append starts cleanly.
      const handle = await open(logPath, 'a');
      await handle.write('\n');
      await handle.datasync();
      await handle.close();
    }
    batches.push(parsed);
    offset = next;
  }
  return batches;
}

function parseLine(line: string): LogOperation[] | undefined {
  if (line.trim() === '') return [];
  try {
    const value: unknown = JSON.parse(line);
    if (!Array.isArray(value) || !value.every((op) => typeof op === 'object' && op !== null && typeof (op as { op?: unknown }).op === 'string')) {
      return undefined;
    }
    return value as LogOperation[];
  } catch {
    return undefined;
  }
}

/**
 * Create the lock file exclusively. A lock left by a dead process (after `kill -9`) is taken over;
 * one held by a live process is a clear error.
 */
function acquireLock(lockPath: string, dataDir: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (cause) {
      if (!isErrnoCode(cause, 'EEXIST')) {
        throw new KontractError('IO', `cannot create the lock file ${lockPath}: ${errorMessage(cause)}`, { location: { file: lockPath }, cause });
      }
    }
    const holder = readLockHolder(lockPath);
    if (holder !== undefined && isProcessAlive(holder)) {
      throw new KontractError('IO', `the registry data directory ${dataDir} is in use by another registry (process ${holder})`, {
        location: { file: lockPath },
        hint: 'Stop the other registry, or give this one its own data directory.',
      });
    }
    try {
      unlinkSync(lockPath);
    } catch (cause) {
      if (!isErrnoCode(cause, 'ENOENT')) throw new KontractError('IO', `cannot remove the stale lock file ${lockPath}: ${errorMessage(cause)}`, { location: { file: lockPath }, cause });
    }
  }
  throw new KontractError('IO', `another registry took the data directory ${dataDir} while this one was starting`, {
    location: { file: lockPath },
    hint: 'Start only one registry per data directory.',
  });
}

function readLockHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrnoCode(error, 'EPERM');
  }
}

function releaseLock(lockPath: string): void {
  try {
    if (readLockHolder(lockPath) === process.pid) unlinkSync(lockPath);
  } catch {
    // Already gone: nothing to release.
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
