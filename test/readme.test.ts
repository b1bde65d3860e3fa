// The README's code examples are real, tested code: each block marked `<!-- snippet: <file>[#<region>] -->` must
// be exactly that file (or the `// #region <region>` … `// #endregion` part of it, dedented).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

function region(file: string, name: string | undefined): string {
  const text = readFileSync(path.join(root, file), 'utf8');
  if (name === undefined) return text.trimEnd();
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === '// #endregion');
  if (start < 0 || end < 0) throw new Error(`${file} has no region "${name}"`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return body.map((l) => l.slice(indent)).join('\n').trimEnd();
}

const snippets = [...readme.matchAll(/<!-- snippet: ([^#\s]+)(?:#(\S+))? -->\s*```ts\n([\s\S]*?)```/g)];

describe('README examples', () => {
  it('has snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
  });
  it.each(snippets.map((m) => [m[1]! + (m[2] ? `#${m[2]}` : ''), m[1]!, m[2], m[3]!] as const))('%s is shown exactly', (_label, file, name, block) => {
    expect(block.trimEnd()).toBe(region(file, name));
  });
});
