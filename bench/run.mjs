#!/usr/bin/env node
// Runs every benchmark entry in bench/entries/*.mjs (or those named on the command line) in one process
// and writes bench/RESULTS.md with the machine described. Each entry default-exports
// `{ name: string, run: () => Promise<{ markdown: string }> }` and measures kontract against its baseline
// in the same run, reporting ratios — never absolute timings asserted anywhere.
import { readdir, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(path.join(here, 'entries'))).filter((f) => f.endsWith('.mjs')).sort();
const selected = wanted.length ? files.filter((f) => wanted.some((w) => f.includes(w))) : files;
if (selected.length === 0) {
  console.error(`no benchmark entry matches ${wanted.join(', ')}; entries: ${files.join(', ')}`);
  process.exit(2);
}

const cpus = os.cpus();
const pkg = JSON.parse(await readFile(path.join(here, '..', 'package.json'), 'utf8'));
const machine = [
  `- date: ${new Date().toISOString()}`,
  `- kontract ${pkg.version}, Node ${process.version}, ${os.type()} ${os.release()} ${os.arch()}`,
  `- CPU: ${cpus.length} × ${cpus[0]?.model ?? 'unknown'}; memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
];

const sections = [];
for (const file of selected) {
  const entry = (await import(pathToFileURL(path.join(here, 'entries', file)).href)).default;
  console.log(`\n▶ ${entry.name}`);
  const started = Date.now();
  const { markdown } = await entry.run();
  console.log(markdown);
  sections.push(`## ${entry.name}\n\n_${((Date.now() - started) / 1000).toFixed(1)} s_\n\n${markdown}`);
}

const out = path.join(here, 'RESULTS.md');
let previous = '';
try {
  previous = await readFile(out, 'utf8');
} catch {
  // first run
}
// Entries not run this time keep their last results, so running one entry does not erase the others.
const kept = previous
  .split(/^## /m)
  .slice(1)
  .filter((s) => !sections.some((n) => n.startsWith('## ' + s.split('\n')[0])))
  .filter((s) => !s.startsWith('Machine'))
  .map((s) => '## ' + s.trimEnd());
const body = [
  '# Benchmark results',
  '',
  'Written by `npm run bench` (bench/run.mjs). Every number is a ratio against a baseline measured in the same process and run.',
  '',
  '## Machine',
  '',
  ...machine,
  '',
  ...[...kept, ...sections].sort(),
  '',
].join('\n');
await writeFile(out, body);
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
