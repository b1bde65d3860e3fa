import type { Command } from 'commander';
import { exampleReportCases, findExamples } from '../../contract/examples/check.js';
import { loadContracts } from '../../contract/load.js';
import { pairReportCase, verifyContracts } from '../../contract/verify.js';
import { findProjectRoot, loadRepository, readSchemaFiles } from '../../project/load.js';
import type { ReportFormat } from '../../report/types.js';
import { emitReport, formatOption, projectOption, reportingErrors, type CliIO, type ExitCode } from '../io.js';

interface VerifyOptions {
  format: ReportFormat;
  project?: string;
  verbose?: boolean;
}

export function registerVerify(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('verify')
    .description("contract tests: every consumer's reader schema (contracts/<service>.json) against the producer's newest schema, and every example message")
    .addOption(formatOption())
    .addOption(projectOption())
    .option('-v, --verbose', 'also show compatible (informational) differences')
    .addHelpText('after', '\nExit codes: 0 every consumer can read what its producer writes, 1 a consumer cannot (or an example is broken), 2 usage, config, contract or schema errors.')
    .action((options: VerifyOptions) => run(reportingErrors(io, 'verify', options.format, () => verify(io, options))));
}

async function verify(io: CliIO, options: VerifyOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  const contracts = loadContracts(repo);
  const pairs = verifyContracts(repo, contracts).map(pairReportCase);
  const examples = await exampleReportCases(repo, findExamples(repo, readSchemaFiles(root, repo.config)));
  const cases = [...pairs, ...examples];
  const services = contracts.contracts.length;
  const title = `kontract verify: ${services} contract${services === 1 ? '' : 's'}, ${pairs.length} producer → consumer check${pairs.length === 1 ? '' : 's'}, ${examples.length} example${examples.length === 1 ? '' : 's'}`;
  return emitReport(io, { command: 'verify', title, cases }, options.format, options.verbose);
}
