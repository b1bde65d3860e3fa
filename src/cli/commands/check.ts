import type { Command } from 'commander';
import path from 'node:path';
import { gateReportCases, gateRepository } from '../../compat/gate.js';
import { userErrorsOf } from '../../errors.js';
import { readConfig } from '../../project/config.js';
import { findProjectRoot, loadRepository, loadRepositoryAtRevision, readSchemaFiles } from '../../project/load.js';
import { buildRepository, versionFileOf } from '../../project/repository.js';
import type { KontractConfig, SchemaRepository } from '../../project/types.js';
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
  const { repo, base, deleted } = loadForGate(root, options.base, io.env);
  const cases = gateReportCases(gateRepository(repo, base, { deleted }));
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

interface GateInput {
  repo: SchemaRepository;
  base?: SchemaRepository;
  /** Published version files deleted from the working tree and put back from the base (see {@link loadForGate}). */
  deleted: Set<string>;
}

/**
 * The working tree and, with a base, the repository at the base. Deleting a published version while later ones
 * remain (v1 of v1, v2) leaves a gap the repository builder rejects (VERSION_GAP), yet for the gate it is an edit of
 * published history like any other: VERSION_IMMUTABLE, exit 1. So when the working tree has gaps, the missing
 * versions the base had are put back from the base (in memory, with the references they had there) and reported as
 * deleted. A gap the base does not explain stays an error.
 */
function loadForGate(root: string, ref: string | undefined, env: Record<string, string | undefined>): GateInput {
  if (ref === undefined) return { repo: loadRepository(root, env), deleted: new Set() };
  let failure: unknown;
  try {
    const repo = loadRepository(root, env);
    return { repo, base: loadRepositoryAtRevision(root, ref, env), deleted: new Set() };
  } catch (error) {
    if (!userErrorsOf(error)?.some((e) => e.code === 'VERSION_GAP')) throw error;
    failure = error;
  }
  const base = loadRepositoryAtRevision(root, ref, env);
  if (!base) throw failure;
  const config = readConfig(root, env);
  const files = new Map(readSchemaFiles(root, config));
  const deleted = restoreDeletedVersions(config, files, base);
  if (deleted.size === 0) throw failure;
  return { repo: buildRepository(root, config, files), base, deleted };
}

/**
 * Put back into `files` each version the base had that the working tree lacks while it has a later version of the
 * same subject (deleting the newest versions or a whole subject leaves no gap; the gate sees those by itself).
 * Returns the files put back.
 */
function restoreDeletedVersions(config: KontractConfig, files: Map<string, string>, base: SchemaRepository): Set<string> {
  const present = new Map<string, { dir: string; numbers: Set<number> }>(); // subject → its folder and version numbers in the working tree
  for (const file of files.keys()) {
    const named = versionFileOf(config.schemasDir, file);
    if (!named) continue;
    const entry = present.get(named.subject) ?? { dir: path.posix.dirname(file), numbers: new Set<number>() };
    entry.numbers.add(named.version);
    present.set(named.subject, entry);
  }
  const restored = new Set<string>();
  for (const subject of base.subjects) {
    const entry = present.get(subject.name);
    if (!entry) continue;
    const newest = Math.max(...entry.numbers);
    for (const version of subject.versions) {
      if (version.version >= newest || entry.numbers.has(version.version)) continue;
      const file = `${entry.dir}/${path.posix.basename(version.file)}`;
      files.set(file, version.schema);
      // The references it was published with, unless the working tree still pins them.
      const refs = `${entry.dir}/v${version.version}.refs.json`;
      if (version.references.length > 0 && !files.has(refs)) files.set(refs, JSON.stringify(version.references));
      restored.add(file);
    }
  }
  return restored;
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
