import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCheckedExamples } from '../../contract/examples/check.js';
import { findProjectRoot, loadRepository } from '../../project/load.js';
import { closestName } from '../../serde/value-error.js';
import { KontractError } from '../../errors.js';
import { EXIT, projectOption, usageError, type CliIO, type ExitCode } from '../io.js';

interface ExamplesOptions {
  subject: string;
  version?: string;
  count: string;
  seed: string;
  out?: string;
  project?: string;
}

export function registerExamples(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  // `--version <n>` of this command must not be taken by the program's own `-V, --version` (see can-i-deploy.ts).
  program
    .command('examples')
    .description('generate realistic example messages of a schema version (enums, formats, logical types, defaults, bounds), checked with the real serializer')
    .requiredOption('--subject <subject>', 'the subject')
    .option('--version <n>', 'the schema version (default: the newest)')
    .option('--count <n>', 'how many messages', '1')
    .option('--seed <n>', 'random seed: the same seed gives the same messages', '1')
    .option('--out <dir>', 'write each message to <dir>/v<N>.generated-<seed>-<i>.json (e.g. schemas/<subject>/examples) instead of printing JSON')
    .addOption(projectOption())
    .addHelpText('after', '\nMessages are in the JSON form example files use: timestamps as RFC 3339 strings, bytes as base64, unions as the branch value, Protobuf oneofs as {"case", "value"}.\nExit codes: 0 generated, 2 usage, config or schema errors.')
    .action((options: ExamplesOptions) => run(examples(io, options)));
}

function positiveInteger(value: string, option: string, min: number): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < min) throw usageError(`${option} must be a whole number ≥ ${min}, got "${value}"`);
  return Number(value);
}

async function examples(io: CliIO, options: ExamplesOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  const subject = repo.subjects.find((s) => s.name === options.subject);
  if (!subject) {
    const suggestion = closestName(options.subject, repo.subjects.map((s) => s.name));
    throw new KontractError('SUBJECT_NOT_FOUND', `no subject "${options.subject}" in ${repo.config.schemasDir}/`, { hint: suggestion ? `Did you mean "${suggestion}"?` : `Subjects: ${repo.subjects.map((s) => s.name).join(', ')}.` });
  }
  const number = options.version === undefined ? subject.versions.length : positiveInteger(options.version, '--version', 1);
  const version = subject.versions[number - 1];
  if (!version) throw usageError(`${subject.name} has no version ${number} (it has v1…v${subject.versions.length})`);
  const count = positiveInteger(options.count, '--count', 1);
  const seed = positiveInteger(options.seed, '--seed', 0);
  const messages = await generateCheckedExamples(repo, version, { count, seed });
  if (options.out === undefined) {
    io.stdout(JSON.stringify(count === 1 ? messages[0] : messages, null, 2) + '\n');
    return EXIT.OK;
  }
  const dir = path.resolve(io.cwd, options.out);
  mkdirSync(dir, { recursive: true });
  messages.forEach((message, i) => {
    const file = path.join(dir, `v${version.version}.generated-${seed}-${i + 1}.json`);
    writeFileSync(file, JSON.stringify(message, null, 2) + '\n');
    io.stderr(`wrote ${path.relative(io.cwd, file)}\n`);
  });
  return EXIT.OK;
}
