/**
 * Golden tests: each fixture repository's generated files are compared, byte for byte, with the files committed
 * under test/codegen/golden/<fixture>/ (each with `.golden` appended, so tsc and vitest leave them alone).
 * Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCode } from '../../src/codegen/index.js';
import { fixtures } from './fixtures.js';

const goldenRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

function goldenFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

describe('generated code matches the golden files', () => {
  for (const [name, build] of Object.entries(fixtures)) {
    it(name, async () => {
      const { files } = await generateCode(build(), { kontractVersion: '0.0.0-test' });
      const dir = path.join(goldenRoot, name);
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        for (const file of files) {
          const target = path.join(dir, `${file.path}.golden`);
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, file.content);
        }
      }
      expect(goldenFiles(dir)).toEqual(files.map((f) => `${f.path}.golden`).sort());
      for (const file of files) {
        expect(file.content, file.path).toBe(readFileSync(path.join(dir, `${file.path}.golden`), 'utf8'));
      }
    });
  }
});
