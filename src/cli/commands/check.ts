import type { Command } from 'commander';
import { gateReportCases, gateRepository } from '../../compat/gate.js';
import { findProjectRoot, loadRepository, loadRepositoryAtRevision } from '../../project/load.js';
import { registryVerdicts, type RegistryVerdict } from '../../registry/sync.js';
import type { ReportCase, ReportFormat } from '../../report/types.js';
import { emitReport, formatOption, projectOption, reportingErrors, type CliIO, type ExitCode } from '../io.js';
import { withRegistry } from '../registry-access.js';

interface CheckOptions {
  base?: string;
  registry?: string;
  offline?: boolean;
  format: ReportFormat;
  project?: string;
  verbose?: boolean;
}

export function registerCheck(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('check')
    .description("CI gate: check every subject's newest version against its earlier versions at its level, and ask the registry too")
    .option('--base <ref>', 'git revision the change is based on: published versions must be unchanged, and new versions are checked against it')
    .option('--registry <url>', "also ask this registry's compatibility endpoint (default: the config's registry.url, else the embedded registry in .kontract/)")
    .option('--offline', 'only the repository check; ask no registry')
    .addOption(formatOption())
    .addOption(projectOption())
    .option('-v, --verbose', 'also show compatible (informational) differences')
    .addHelpText(
      'after',
      '\nExit codes: 0 all compatible, 1 an incompatible change (by kontract or by the registry), a disagreement between them, or an edited/deleted published version, 2 usage, config or schema errors.',
    )
    .action((options: CheckOptions) => run(reportingErrors(io, 'check', options.format, () => check(io, options))));
}

async function check(io: CliIO, options: CheckOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  const base = options.base === undefined ? undefined : loadRepositoryAtRevision(root, options.base, io.env);
  const cases = gateReportCases(gateRepository(repo, base));
  let registryNote = '';
  if (!options.offline) {
    const { verdicts, description } = await withRegistry(root, repo.config, io, options.registry, async (target) => ({
      verdicts: await registryVerdicts(repo, target.client),
      description: target.description,
    }));
    mergeRegistryVerdicts(cases, verdicts);
    registryNote = `, registry ${description}`;
  }
  const title = `kontract check: ${cases.length} subject${cases.length === 1 ? '' : 's'}${options.base ? ` (base ${options.base})` : ''}${registryNote}`;
  return emitReport(io, { command: 'check', title, cases }, options.format, options.verbose);
}

/** Add the registry's verdict to each subject's case; a refusal or a disagreement with kontract's engine fails it. */
function mergeRegistryVerdicts(cases: ReportCase[], verdicts: RegistryVerdict[]): void {
  for (const verdict of verdicts) {
    const c = cases.find((x) => x.name === verdict.subject);
    if (!c || c.status === 'error') continue;
    const file = verdict.version.file;
    if (!verdict.registry) {
      c.summary += '; registry: new subject';
      c.details = { ...c.details, registry: { known: false } };
      continue;
    }
    const r = verdict.registry;
    c.details = { ...c.details, registry: { known: true, ...r, engine: verdict.engine, disagreement: verdict.disagreement } };
    c.summary += `; registry (${r.level}, ${r.versions} version${r.versions === 1 ? '' : 's'}): ${r.compatible ? 'compatible' : 'incompatible'}`;
    if (!r.compatible) {
      c.status = 'fail';
      for (const message of r.messages.length ? r.messages : ['the registry refuses this version']) {
        c.findings.push({ ruleId: 'REGISTRY_INCOMPATIBLE', severity: 'error', message, hint: 'The registry would refuse to register this version; make the change compatible with what the registry has.', file });
      }
    }
    if (verdict.disagreement) {
      c.status = 'fail';
      c.findings.push({
        ruleId: 'ENGINE_REGISTRY_DISAGREEMENT',
        severity: 'error',
        message: `kontract's engine says ${verdict.engine!.compatible ? 'compatible' : `incompatible (${verdict.engine!.ruleIds.join(', ')})`} on the registry's own history and level, the registry says ${r.compatible ? 'compatible' : 'incompatible'}`,
        hint: 'Trust the registry for this subject, and report the schema pair to kontract: its engine aims to agree with Confluent on every case.',
        file,
      });
    }
  }
}
