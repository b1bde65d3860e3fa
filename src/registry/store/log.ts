import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import path from 'node:path';
import { KontractError } from '../../errors.js';
import type { LogOperation } from './types.js';

/** Where operations go. The durable log and the in-memory one share this shape. */
export interface OperationLog {
  /** Persist one request's operations; resolves only once they are on disk. */
  append(operations: LogOperation[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file operations appending to the log takes: the subset of `node:fs/promises` `FileHandle` it uses, so that
 * tests can put a failing disk (a short write, ENOSPC, EIO) under a real log.
 */
export interface LogFile {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

export interface FileLogOptions {
  /** Opens the log file for appending. Default: `open(logPath, 'a')` from `node:fs/promises`. */
  openFile?: (logPath: string) => Promise<LogFile>;
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
 *
 * A write that fails (ENOSPC, EIO, a failed sync) is cut back off before `append` rejects, so the log never keeps
 * a partial line in its middle, where it would stop the next start with "corrupt". If even that cut fails, the
 * log refuses every later append: the partial line stays the last one, which opening cuts off like a crash's.
 */
export class FileLog implements OperationLog {
  /** Appends run one after another: each needs the log's length before it, to cut a failed write back off. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when a failed write could not be cut back off: why. */
  private broken: { cause: unknown } | undefined;

  private constructor(
    private readonly file: LogFile,
    private readonly logPath: string,
    private readonly lockPath: string,
    /** Bytes in the log: everything acknowledged, and nothing else. */
    private size: number,
  ) {}

  /**
   * Lock `dataDir`, read the operations already logged (a torn last line, left by a crash in the
   * middle of a write, is cut off) and open the log for appending.
   */
  static async open(dataDir: string, options: FileLogOptions = {}): Promise<{ log: FileLog; batches: LogOperation[][] }> {
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
      const file = await (options.openFile ?? openForAppend)(logPath);
      let size: number;
      try {
        size = (await file.stat()).size;
      } catch (error) {
        await file.close().catch(() => undefined);
        throw error;
      }
      return { log: new FileLog(file, logPath, lockPath, size), batches };
    } catch (error) {
      releaseLock(lockPath);
      throw error;
    }
  }

  append(operations: LogOperation[]): Promise<void> {
    const line = Buffer.from(JSON.stringify(operations) + '\n', 'utf8');
    const run = this.queue.then(() => this.write(line));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.close();
    releaseLock(this.lockPath);
  }

  private async write(line: Buffer): Promise<void> {
    if (this.broken !== undefined) {
      throw new KontractError('IO', `the registry log ${this.logPath} refuses writes: a failed write could not be undone (${errorMessage(this.broken.cause)})`, {
        location: { file: this.logPath },
        hint: 'Fix the disk (space, permissions), then restart the registry: it keeps every acknowledged write and drops an unfinished last line.',
        cause: this.broken.cause,
      });
    }
    const before = this.size;
    try {
      // A write may take only part of the bytes (a nearly full disk): write the rest, or fail on it.
      for (let written = 0; written < line.length; ) {
        const { bytesWritten } = await this.file.write(line, written, line.length - written);
        if (bytesWritten <= 0) throw new Error('the write made no progress');
        written += bytesWritten;
      }
      await this.file.datasync();
    } catch (cause) {
      await this.undo(before);
      throw cause;
    }
    this.size = before + line.length;
  }

  /** Cut the log back to its length before a failed write, on disk too. */
  private async undo(size: number): Promise<void> {
    try {
      await this.file.truncate(size);
      await this.file.datasync();
    } catch (cause) {
      this.broken = { cause };
    }
  }
}

function openForAppend(logPath: string): Promise<LogFile> {
  return open(logPath, 'a');
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
