#!/usr/bin/env node
// Runs every benchmark entry in bench/entries/*.mjs (or those named on the command line), each in a fresh Node
// process so that no entry measures on the heap, caches and JIT state another left behind, and writes
// bench/RESULTS.md with the machine described. Each entry default-exports
// `{ name: string, run: () => Promise<{ markdown: string }> }` and measures kontract against its baseline
// in the same run, reporting ratios — never absolute timings asserted anywhere.
import { spawn } from 'node:child_process';
import { readdir, writeFile, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// In a child: run one entry and write `{ name, markdown }` to the given file.
if (process.argv[2] === '--entry') {
  const [, , , file, out] = process.argv;
  const entry = (await import(pathToFileURL(path.join(here, 'entries', file)).href)).default;
  const { markdown } = await entry.run();
  await writeFile(out, JSON.stringify({ name: entry.name, markdown }));
  process.exit(0);
}

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

/** Runs one entry in a child process (with --expose-gc: entries may collect garbage before a timed part); its progress goes to this process's output. */
async function runEntry(file) {
  const out = path.join(os.tmpdir(), `kontract-bench-${process.pid}-${file}.json`);
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--entry', file, out], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', (exitCode, signal) => resolve(exitCode ?? signal)));
  if (code !== 0) {
    console.error(`benchmark entry ${file} failed (${code})`);
    process.exit(1);
  }
  try {
    return JSON.parse(await readFile(out, 'utf8'));
  } finally {
    await rm(out, { force: true });
  }
}

const sections = [];
for (const file of selected) {
  console.log(`\n▶ ${file}`);
  const started = Date.now();
  const { name, markdown } = await runEntry(file);
  console.log(markdown);
  sections.push(`## ${name}\n\n_${((Date.now() - started) / 1000).toFixed(1)} s_\n\n${markdown}`);
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
  'Written by `npm run bench` (bench/run.mjs). Every number is a ratio against a baseline measured in the same process and run; each entry runs in a process of its own.',
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
