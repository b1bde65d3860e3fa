import type { Command } from 'commander';
import { canIDeploy, contractOf, deploymentReportCases, repositoryWriters } from '../../contract/deploy.js';
import { contractSetOf, loadContracts, readContractFilesAtRevision } from '../../contract/load.js';
import { registryWriters } from '../../contract/registry-writers.js';
import type { ResolvedSchema } from '../../contract/types.js';
import { findProjectRoot, loadRepository, loadRepositoryAtRevision } from '../../project/load.js';
import type { ReportFormat } from '../../report/types.js';
import { emitReport, formatOption, projectOption, reportingErrors, usageError, type CliIO, type ExitCode } from '../io.js';
import { withRegistry } from '../registry-access.js';

interface CanIDeployOptions {
  service: string;
  version?: string;
  registry?: string;
  format: ReportFormat;
  project?: string;
  verbose?: boolean;
}

export function registerCanIDeploy(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  // `--version <ref>` of this command would otherwise be taken by the program's own `-V, --version`; with positional
  // options, program options are only read before the command name (`kontract --version` keeps working).
  program
    .command('can-i-deploy')
    .description("may this service be deployed? Its writer schemas against every recorded consumer's reader, its reader schemas against what producers write now")
    .requiredOption('--service <name>', 'the service, as named in contracts/<name>.json')
    .option('--version <version|ref>', 'the candidate: a version number of the value subjects the service produces, or a git ref whose schemas and contract are the candidate (default: the working tree)')
    .option('--registry <url>', "take what producers write now from this registry's latest versions (default: the config's registry.url when set, else the repository's newest versions)")
    .addOption(formatOption())
    .addOption(projectOption())
    .option('-v, --verbose', 'also show compatible (informational) differences')
    .addHelpText('after', '\nExit codes: 0 yes, 1 no (the report says which consumer, topic and rule), 2 usage, config, contract or schema errors.')
    .action((options: CanIDeployOptions) => run(reportingErrors(io, 'can-i-deploy', options.format, () => canIDeployCommand(io, options))));
}

async function canIDeployCommand(io: CliIO, options: CanIDeployOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  const recorded = { repo, contracts: loadContracts(repo) };
  let candidate: { repo: typeof repo; contracts: typeof recorded.contracts; description?: string } = recorded;
  let candidateVersion: number | undefined;
  let candidateName = 'working tree';
  if (options.version !== undefined) {
    if (/^[0-9]+$/.test(options.version)) {
      candidateVersion = Number(options.version);
      if (candidateVersion < 1) throw usageError(`--version ${options.version} is not a schema version`, 'Versions start at 1.');
      candidateName = `schema version ${candidateVersion}`;
    } else {
      const atRef = loadRepositoryAtRevision(root, options.version, io.env);
      if (!atRef) throw usageError(`the repository had no schemas at "${options.version}"`, 'Pass a git ref at which the schemas folder exists.');
      candidate = { repo: atRef, contracts: contractSetOf(atRef, readContractFilesAtRevision(root, options.version, atRef.config)), description: `git ${options.version}` };
      candidateName = `git ${options.version}`;
    }
  }
  const consumed = contractOf(candidate.contracts, options.service, candidate.description).consumes.map((c) => c.topic);
  const registryUrl = options.registry ?? io.env['KONTRACT_REGISTRY_URL'];
  let deployedWriters: Map<string, ResolvedSchema>;
  let source: string;
  if (consumed.length === 0) {
    // A service that reads nothing needs no deployed writers: the registry is not asked.
    deployedWriters = new Map();
    source = 'nowhere (the service reads no topic)';
  } else if (registryUrl !== undefined || repo.config.registry) {
    ({ deployedWriters, source } = await withRegistry(root, repo.config, io, options.registry, async (target) => ({
      deployedWriters: await registryWriters(repo, target.client, consumed, target.description),
      source: `registry ${target.description}`,
    })));
  } else {
    deployedWriters = repositoryWriters(repo, consumed);
    source = 'the repository';
  }
  const result = canIDeploy({ service: options.service, candidate, recorded, deployedWriters, ...(candidateVersion !== undefined ? { candidateVersion } : {}) });
  const cases = deploymentReportCases(result);
  const verdict = cases.some((c) => c.status === 'error') ? 'CANNOT TELL' : result.deployable ? 'YES' : 'NO';
  const title = `kontract can-i-deploy ${options.service} (${candidateName}; deployed writers from ${source}): ${verdict}`;
  return emitReport(io, { command: 'can-i-deploy', title, cases }, options.format, options.verbose);
}
