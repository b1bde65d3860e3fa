import { Option, type Command } from 'commander';
import { writeGeneratedCode, type WriteProgress } from '../../codegen/index.js';
import { findProjectRoot, loadRepository } from '../../project/load.js';
import { EXIT, projectOption, type CliIO, type ExitCode } from '../io.js';

interface CodegenOptions {
  check?: boolean;
  format: 'text' | 'json';
  project?: string;
}

export function registerCodegen(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('codegen')
    .description('generate TypeScript types and the topic map from the schema repository into codegen.outDir')
    .option('--check', 'write nothing; exit 1 and name the stale, missing and extra files when the generated code is out of date (for CI)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(projectOption())
    .addHelpText('after', '\nExit codes: 0 written (or up to date with --check), 1 out of date (--check), 2 usage, config or schema errors.')
    .action((options: CodegenOptions) => run(codegen(io, options)));
}

async function codegen(io: CliIO, options: CodegenOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  const onProgress = io.isTTY && options.format === 'text' ? (p: WriteProgress) => io.stderr(`\r${describeProgress(p)}\u001b[K`) : undefined;
  const result = await writeGeneratedCode(root, repo, { check: options.check ?? false, ...(onProgress ? { onProgress } : {}) });
  if (onProgress) io.stderr('\r\u001b[K');
  if (options.format === 'json') {
    io.stdout(JSON.stringify(result, null, 2) + '\n');
  } else {
    const out = repo.config.codegen.outDir;
    const { subjects, versions, files, written, removed, ms } = result.summary;
    if (options.check) {
      for (const f of result.stale) io.stdout(`stale    ${f}\n`);
      for (const f of result.missing) io.stdout(`missing  ${f}\n`);
      for (const f of result.extra) io.stdout(`extra    ${f}\n`);
      io.stdout(
        result.upToDate
          ? `codegen: up to date — ${subjects} subjects, ${versions} versions, ${files} files in ${out}/ (${ms} ms)\n`
          : `codegen: out of date — ${result.stale.length} stale, ${result.missing.length} missing, ${result.extra.length} extra; run \`kontract codegen\` and commit ${out}/\n`,
      );
    } else {
      for (const f of result.written) io.stdout(`wrote    ${f}\n`);
      for (const f of result.removed) io.stdout(`removed  ${f}\n`);
      io.stdout(`codegen: ${subjects} subjects, ${versions} versions, ${files} files (${written} written, ${removed} removed) in ${out}/ — ${ms} ms\n`);
    }
  }
  return options.check && !result.upToDate ? EXIT.FINDINGS : EXIT.OK;
}

function describeProgress(p: WriteProgress): string {
  return p.phase === 'generate' ? `generating ${p.done}/${p.total} ${p.subject} v${p.version}` : `${p.action} ${p.path}`;
}
