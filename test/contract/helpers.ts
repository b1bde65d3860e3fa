import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A throw-away copy of a fixture project (without its `planned/` folder), with helpers to change it. */
export function fixtureProject(name: string): { dir: string; write: (file: string, text: string) => void; copy: (from: string, to: string) => void; read: (file: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kontract-${name}-`));
  cpSync(path.join(fixturesDir, name), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}planned`) });
  const source = path.join(fixturesDir, name);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  return {
    dir,
    write,
    copy: (from, to) => write(to, readFileSync(path.join(source, from), 'utf8')),
    read: (file) => readFileSync(path.join(dir, file), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
