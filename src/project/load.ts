import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { KontractError } from '../errors.js';
import { CONFIG_FILE, defaultConfig, parseConfig, readConfig } from './config.js';
import { buildRepository, compareStrings, isHiddenPath } from './repository.js';
import type { KontractConfig, SchemaRepository } from './types.js';

/**
 * The project root: the nearest folder at or above `start` holding `kontract.config.json`, else `start`
 * itself (a project may run on defaults).
 */
export function findProjectRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Load and validate the schema repository of the project at `root` (the working tree). */
export function loadRepository(root: string, env: Record<string, string | undefined> = process.env): SchemaRepository {
  const config = readConfig(root, env);
  return buildRepository(root, config, readSchemaFiles(root, config));
}

/**
 * Every file under the schemas folder, relative to `root` with `/` separators. Hidden files and folders (`.gitkeep`,
 * `.DS_Store`, …) are not read: the repository ignores them (see {@link isHiddenPath}); every other file is returned,
 * and {@link buildRepository} rejects the ones that do not belong there.
 */
export function readSchemaFiles(root: string, config: KontractConfig): Map<string, string> {
  const files = new Map<string, string>();
  const base = path.join(root, config.schemasDir);
  if (!existsSync(base)) {
    throw new KontractError('CONFIG_INVALID', `the schemas folder "${config.schemasDir}" does not exist`, {
      location: { file: CONFIG_FILE, path: '#/schemasDir' },
      hint: `Create ${config.schemasDir}/<subject>/v1.avsc (or .proto/.json), or set "schemasDir" in ${CONFIG_FILE}.`,
    });
  }
  const walk = (dir: string): void => {
    for (const name of readFs(root, dir, () => readdirSync(dir)).sort(compareStrings)) {
      if (isHiddenPath([name])) continue;
      const full = path.join(dir, name);
      if (readFs(root, full, () => statSync(full)).isDirectory()) walk(full);
      else files.set(toPosix(path.relative(root, full)), readFs(root, full, () => readFileSync(full, 'utf8')));
    }
  };
  walk(base);
  return files;
}

/** A file system read under the schemas folder; a failure (a dangling link, no permission) names the path. */
function readFs<T>(root: string, full: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const file = toPosix(path.relative(root, full));
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'it does not exist (a dangling symbolic link?)' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message);
    throw new KontractError('IO', `cannot read ${file}: ${reason}`, {
      location: { file },
      hint: 'Fix the link or the permissions, or move the file out of the schemas folder.',
      cause: error,
    });
  }
}

/**
 * Load the repository as it was at git revision `ref` (for `kontract check --base`). Its config is the
 * config file at that revision (defaults when it had none). Returns `undefined` when the schemas folder did
 * not exist there yet.
 */
export function loadRepositoryAtRevision(root: string, ref: string, env: Record<string, string | undefined> = process.env): SchemaRepository | undefined {
  const git = (...args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
      throw new KontractError('USAGE', `git ${args.join(' ')} failed: ${stderr || (error as Error).message}`, {
        hint: `Check that "${ref}" is a commit of this repository (in CI, fetch it first, e.g. git fetch origin ${ref}).`,
      });
    }
  };
  git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  // Paths are relative to the project root, which may be a sub-folder of the git work tree.
  const show = (rel: string): string | undefined => {
    try {
      return execFileSync('git', ['show', `${ref}:./${rel}`], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  };
  const configText = show(CONFIG_FILE);
  const config = configText === undefined ? defaultConfig() : parseConfig(configText, `${CONFIG_FILE} at ${ref}`, env);
  const listing = git('ls-tree', '-r', '--name-only', '-z', ref, '--', `${config.schemasDir}/`);
  const names = listing.split('\0').filter((n) => n.length > 0);
  if (names.length === 0) return undefined;
  const files = new Map<string, string>();
  for (const name of names.sort(compareStrings)) {
    const text = show(name);
    if (text !== undefined) files.set(name, text);
  }
  return buildRepository(root, config, files);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
