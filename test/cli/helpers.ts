import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process in `cwd`, capturing its output. */
export async function kontract(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

export interface TempProject {
  dir: string;
  write: (files: Record<string, string>) => void;
  remove: (file: string) => void;
  cleanup: () => void;
}

/** A throw-away project folder with the given files (paths relative to it). */
export function tempProject(files: Record<string, string>): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kontract-cli-'));
  const write = (more: Record<string, string>) => {
    for (const [file, text] of Object.entries(more)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
  };
  write(files);
  return { dir, write, remove: (file) => rmSync(path.join(dir, file)), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * {@link tempProject} for a test file: every folder a test makes is removed after that test. Call it once at the
 * file's top level.
 */
export function tempProjectsPerTest(): (files: Record<string, string>) => TempProject {
  const made: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of made.splice(0)) cleanup();
  });
  return (files) => {
    const project = tempProject(files);
    made.push(project.cleanup);
    return project;
  };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });
}

export const avroRecord = (name: string, fields: object[]) => JSON.stringify({ type: 'record', name, namespace: 'com.acme', fields }, null, 2);
