import type { Command } from 'commander';
import { gateReportCases, gateRepository } from '../../compat/gate.js';
import { findProjectRoot, loadRepository, loadRepositoryAtRevision } from '../../project/load.js';
import type { ReportFormat } from '../../report/types.js';
import { emitReport, formatOption, projectOption, type CliIO, type ExitCode } from '../io.js';

interface CheckOptions {
  base?: string;
  format: ReportFormat;
  project?: string;
  verbose?: boolean;
}

export function registerCheck(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('check')
    .description('CI gate: check every subject\'s newest version against its earlier versions at its compatibility level')
    .option('--base <ref>', 'git revision the change is based on: published versions must be unchanged, and new versions are checked against it')
    .addOption(formatOption())
    .addOption(projectOption())
    .option('-v, --verbose', 'also show compatible (informational) differences')
    .addHelpText(
      'after',
      '\nExit codes: 0 all compatible, 1 an incompatible change or an edited/deleted published version, 2 usage, config or schema errors.',
    )
    .action((options: CheckOptions) => run(check(io, options)));
}

async function check(io: CliIO, options: CheckOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  const base = options.base === undefined ? undefined : loadRepositoryAtRevision(root, options.base, io.env);
  const cases = gateReportCases(gateRepository(repo, base));
  const title = `kontract check: ${cases.length} subject${cases.length === 1 ? '' : 's'}${options.base ? ` (base ${options.base})` : ''}`;
  return emitReport(io, { command: 'check', title, cases }, options.format, options.verbose);
}
