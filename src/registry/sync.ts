import { checkCompatibility } from '../compat/check.js';
import type { CompatibilityLevel } from '../compat/types.js';
import { KontractError } from '../errors.js';
import type { SchemaRepository, SchemaVersion, Subject } from '../project/types.js';
import type { SchemaReference } from '../schema/types.js';
import type { RegistryClient, SchemaToSend } from './client/index.js';

/** What `kontract register` did (or, with `dryRun`, would do) for one schema version. */
export interface RegisterAction {
  subject: string;
  /** Version in the repository. */
  version: number;
  file: string;
  outcome: 'registered' | 'unchanged' | 'would-register' | 'refused' | 'failed';
  /** Schema id and version in the registry (unknown for would-register/refused). */
  id?: number;
  registryVersion?: number;
  /** The registry's reasons, for refused/failed. */
  messages: string[];
}

export interface ConfigAction {
  subject: string;
  from?: CompatibilityLevel;
  to: CompatibilityLevel;
  outcome: 'set' | 'would-set' | 'unchanged';
}

export interface RegisterResult {
  actions: RegisterAction[];
  configs: ConfigAction[];
  /** True when nothing was (or would be) changed. */
  unchanged: boolean;
  ok: boolean;
}

/**
 * Register every subject's versions from the repository, referenced subjects first, each version in order.
 * Idempotent: versions already registered are found by lookup and left alone. Sets each subject's compatibility
 * level when the config gives one (or the project default differs from the registry's). References are
 * translated to the registry's version numbers, which may differ from the repository's when the registry had
 * history before. With `dryRun`, nothing is written: new versions are tested with the registry's compatibility
 * endpoint instead.
 */
export async function registerRepository(repo: SchemaRepository, client: RegistryClient, options: { dryRun?: boolean } = {}): Promise<RegisterResult> {
  const actions: RegisterAction[] = [];
  const configs: ConfigAction[] = [];
  const registryVersions = new RegistryVersions(repo, client);
  const failedSubjects = new Set<string>();

  for (const subject of dependencyOrder(repo)) {
    configs.push(await syncLevel(subject, client, options.dryRun ?? false));
    for (const version of subject.versions) {
      if (failedSubjects.has(subject.name) || version.references.some((r) => failedSubjects.has(r.subject))) {
        actions.push(base(version, 'failed', ['an earlier version or a referenced subject could not be registered']));
        registryVersions.record(version, undefined);
        continue;
      }
      const action = await registerVersion(version, client, registryVersions, options.dryRun ?? false);
      actions.push(action);
      // Every version is recorded, so that later references to it never need a lookup.
      registryVersions.record(version, action.registryVersion);
      if (action.outcome === 'refused' || action.outcome === 'failed') failedSubjects.add(subject.name);
    }
  }
  const unchanged = actions.every((a) => a.outcome === 'unchanged') && configs.every((c) => c.outcome === 'unchanged');
  const ok = actions.every((a) => a.outcome !== 'refused' && a.outcome !== 'failed');
  return { actions, configs, unchanged, ok };
}

function base(version: SchemaVersion, outcome: RegisterAction['outcome'], messages: string[] = []): RegisterAction {
  return { subject: version.subject, version: version.version, file: version.file, outcome, messages };
}

async function registerVersion(
  version: SchemaVersion,
  client: RegistryClient,
  registryVersions: RegistryVersions,
  dryRun: boolean,
): Promise<RegisterAction> {
  const toSend = await registryVersions.toSend(version);
  const existing = await lookupOrUndefined(client, version.subject, toSend);
  if (existing) return { ...base(version, 'unchanged'), id: existing.id, registryVersion: existing.version };
  try {
    if (dryRun) {
      if (registryVersions.pending(version)) {
        return base(version, 'would-register', ['not checked by the registry: it references versions this run would register first']);
      }
      const answer = await compatibilityOrNew(client, version.subject, toSend);
      return answer.compatible ? base(version, 'would-register') : base(version, 'refused', answer.messages);
    }
    const { id, version: registryVersion } = await client.register(version.subject, toSend);
    return { ...base(version, 'registered'), id, registryVersion };
  } catch (error) {
    if (error instanceof KontractError && error.code === 'REGISTRY_ERROR') {
      const refused = error.registryCode === 40901 || error.registryCode === 409;
      return base(version, refused ? 'refused' : 'failed', [`${error.message}${error.registryCode ? ` (error ${error.registryCode})` : ''}`]);
    }
    throw error;
  }
}

/**
 * The registry's version numbers for the repository's versions, which is what references sent to the registry must
 * name. The two differ whenever the registry has history the repository does not: versions `pull` renumbered over
 * deleted ones, versions registered before kontract. `register` records what it registers or finds, in dependency
 * order; any other version (as for `check`) is looked up in the registry by its text, its own references translated
 * first. A version the registry does not have keeps its repository number.
 */
class RegistryVersions {
  /** `subject@repoVersion` → the registry's version, `undefined` when the registry does not have it (yet). */
  private readonly known = new Map<string, number | undefined>();
  private readonly repoVersions = new Map<string, SchemaVersion>();

  constructor(
    repo: SchemaRepository,
    private readonly client: RegistryClient,
  ) {
    for (const subject of repo.subjects) for (const version of subject.versions) this.repoVersions.set(versionKey(version.subject, version.version), version);
  }

  record(version: SchemaVersion, registryVersion: number | undefined): void {
    this.known.set(versionKey(version.subject, version.version), registryVersion);
  }

  /** The version as the registry is to be sent it: its references pointing at the registry's versions. */
  async toSend(version: SchemaVersion): Promise<SchemaToSend> {
    return { schema: version.schema, schemaType: version.schemaType, references: await this.references(version) };
  }

  async references(version: SchemaVersion): Promise<SchemaReference[]> {
    const references: SchemaReference[] = [];
    for (const r of version.references) references.push({ name: r.name, subject: r.subject, version: (await this.registryVersion(r.subject, r.version)) ?? r.version });
    return references;
  }

  /** Whether a reference names a version the registry does not have (in a dry run: one this run would register first). */
  pending(version: SchemaVersion): boolean {
    return version.references.some((r) => this.known.get(versionKey(r.subject, r.version)) === undefined);
  }

  private async registryVersion(subject: string, repoVersion: number): Promise<number | undefined> {
    const key = versionKey(subject, repoVersion);
    if (this.known.has(key)) return this.known.get(key);
    // Marked unknown first, so that a reference cycle ends instead of looking itself up again.
    this.known.set(key, undefined);
    const version = this.repoVersions.get(key);
    if (!version) return undefined;
    const found = await lookupOrUndefined(this.client, subject, await this.toSend(version));
    this.known.set(key, found?.version);
    return found?.version;
  }
}

function versionKey(subject: string, version: number): string {
  return `${subject}@${version}`;
}

async function lookupOrUndefined(client: RegistryClient, subject: string, schema: SchemaToSend) {
  try {
    return await client.lookup(subject, schema);
  } catch (error) {
    // 40401 subject not found, 40403 schema not found: not registered yet.
    if (error instanceof KontractError && (error.registryCode === 40401 || error.registryCode === 40403)) return undefined;
    throw error;
  }
}

async function compatibilityOrNew(client: RegistryClient, subject: string, schema: SchemaToSend) {
  try {
    return await client.checkCompatibility(subject, schema);
  } catch (error) {
    // A subject (or version) the registry does not have yet: the first version is always accepted.
    if (error instanceof KontractError && (error.registryCode === 40401 || error.registryCode === 40402)) return { compatible: true, messages: [] };
    throw error;
  }
}

async function syncLevel(subject: Subject, client: RegistryClient, dryRun: boolean): Promise<ConfigAction> {
  const wanted = subject.compatibility;
  let current: CompatibilityLevel | undefined;
  try {
    const record = await client.getConfig(subject.name, { defaultToGlobal: true });
    current = record.compatibilityLevel;
  } catch (error) {
    if (!(error instanceof KontractError && (error.registryCode === 40401 || error.registryCode === 40408))) throw error;
  }
  if (current === wanted) return { subject: subject.name, from: current, to: wanted, outcome: 'unchanged' };
  if (!dryRun) await client.setConfig(subject.name, { compatibilityLevel: wanted });
  return { subject: subject.name, ...(current ? { from: current } : {}), to: wanted, outcome: dryRun ? 'would-set' : 'set' };
}

/** Subjects ordered so that every referenced subject comes before the subjects referring to it. */
export function dependencyOrder(repo: SchemaRepository): Subject[] {
  const byName = new Map(repo.subjects.map((s) => [s.name, s]));
  const ordered: Subject[] = [];
  const seen = new Set<string>();
  const visit = (subject: Subject): void => {
    if (seen.has(subject.name)) return;
    seen.add(subject.name);
    for (const version of subject.versions) {
      for (const ref of version.references) {
        const target = byName.get(ref.subject);
        if (target) visit(target);
      }
    }
    ordered.push(subject);
  };
  for (const subject of repo.subjects) visit(subject);
  return ordered;
}

/** Offline verdict next to the registry's, for one subject's newest version. */
export interface RegistryVerdict {
  subject: string;
  version: SchemaVersion;
  /** `undefined` when the registry does not know the subject (a new subject is always accepted). */
  registry?: { compatible: boolean; messages: string[]; level?: CompatibilityLevel; versions: number };
  /** kontract's engine on the same inputs as the registry: the registry's versions at the registry's level. */
  engine?: { compatible: boolean; ruleIds: string[] };
  /** Set when the two verdicts differ. */
  disagreement: boolean;
}

/**
 * Ask the registry whether each subject's newest version may be registered, and run kontract's engine on exactly
 * the registry's history and level, so that a difference between the two engines shows as such.
 */
export async function registryVerdicts(repo: SchemaRepository, client: RegistryClient): Promise<RegistryVerdict[]> {
  const verdicts: RegistryVerdict[] = [];
  const translate = new RegistryVersions(repo, client);
  for (const subject of repo.subjects) {
    const version = subject.versions[subject.versions.length - 1]!;
    let registryVersions: number[];
    try {
      registryVersions = await client.listVersions(subject.name);
    } catch (error) {
      if (error instanceof KontractError && error.registryCode === 40401) {
        verdicts.push({ subject: subject.name, version, disagreement: false });
        continue;
      }
      throw error;
    }
    // The same translation as `register`: the repository's reference versions are not the registry's.
    const references = await translate.references(version);
    const toSend: SchemaToSend = { schema: version.schema, schemaType: version.schemaType, references };
    const answer = await client.checkCompatibility(subject.name, toSend, { version: 'latest' });
    const record = await client.getConfig(subject.name, { defaultToGlobal: true });
    const level = record.compatibilityLevel ?? 'BACKWARD';
    const history = await Promise.all(registryVersions.map((v) => client.getVersion(subject.name, v)));
    const texts = await referenceTextsFor(client, history.flatMap((h) => h.references).concat(references), version);
    const engine = checkCompatibility({
      schemaType: subject.schemaType,
      level,
      candidate: { schema: version.schema, references: texts },
      previous: history.map((h) => ({ schema: h.schema, references: texts, version: h.version })),
    });
    verdicts.push({
      subject: subject.name,
      version,
      registry: { compatible: answer.compatible, messages: answer.messages, level, versions: registryVersions.length },
      engine: { compatible: engine.compatible, ruleIds: [...new Set(engine.findings.filter((f) => f.breaking).map((f) => f.ruleId))] },
      disagreement: answer.compatible !== engine.compatible,
    });
  }
  return verdicts;
}

/** Texts of the references, fetched from the registry (transitively), with the repository's texts as the candidate's. */
async function referenceTextsFor(client: RegistryClient, references: SchemaReference[], candidate: SchemaVersion): Promise<Record<string, string>> {
  const texts: Record<string, string> = { ...candidate.referenceTexts };
  const queue = [...references];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const ref = queue.shift()!;
    const key = `${ref.subject}@${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const target = await client.getVersion(ref.subject, ref.version);
      texts[ref.name] ??= target.schema;
      queue.push(...target.references);
    } catch (error) {
      if (!(error instanceof KontractError && (error.registryCode === 40401 || error.registryCode === 40402))) throw error;
    }
  }
  return texts;
}
