import path from 'node:path';
import type { CompatibilityLevel } from '../compat/types.js';
import { describeError, KontractError, KontractErrorList } from '../errors.js';
import { parseJsonDocument } from '../schema/json-text.js';
import { avroDefinedNames } from '../schema/avro.js';
import { schemaFormat, schemaTypeOfFile } from '../schema/formats.js';
import type { SchemaReference, SchemaType } from '../schema/types.js';
import type { KontractConfig, SchemaRepository, SchemaVersion, Subject, TopicBinding } from './types.js';

/** The files of a schema repository: paths relative to the project root (with `/`) → text. */
export type RepositoryFiles = ReadonlyMap<string, string>;

const VERSION_FILE = /^v([1-9][0-9]*)\.(avsc|proto|json)$/;
const REFS_FILE = /^v([1-9][0-9]*)\.refs\.json$/;
const SCHEMA_LIKE = /\.(avsc|proto|json)$/;
/** The folder beside a subject's versions holding example messages (`kontract verify`). */
const EXAMPLES_DIR = 'examples';

/**
 * Build a validated {@link SchemaRepository} from files already read (pure: no I/O, so the same code loads the
 * working tree and a git revision). Layout: `<schemasDir>/<subject>/v<N>.<avsc|proto|json>`, optional
 * `v<N>.refs.json` pinning references, `examples/*.json` beside them. Any other file below the schemas folder is an
 * error (never skipped silently), except hidden ones (a path part starting with "."). Every problem found is
 * reported, together, as a {@link KontractErrorList}.
 */
export function buildRepository(root: string, config: KontractConfig, files: RepositoryFiles): SchemaRepository {
  const errors: KontractError[] = [];
  const schemasDir = normalizeDir(config.schemasDir);
  const raw = collectVersionFiles(schemasDir, files, errors);

  const subjects = new Map<string, Subject>();
  for (const [name, entry] of [...raw.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    const subject = checkVersions(name, entry, config, errors);
    if (subject) subjects.set(name, subject);
  }
  for (const name of Object.keys(config.subjects)) {
    if (!subjects.has(name)) {
      errors.push(
        new KontractError('CONFIG_INVALID', `"subjects" configures "${name}", but ${schemasDir}/${name}/ holds no schema versions`, {
          location: { file: 'kontract.config.json', path: `#/subjects/${name}` },
          hint: 'Fix the subject name, or remove the entry.',
        }),
      );
    }
  }

  const referenceErrors = resolveReferences(schemasDir, subjects, raw);
  parseAll(subjects, referenceErrors, errors);
  const topics = bindTopics(config, subjects, errors);
  // One syntax error is met by every step that reads the text (definitions, references, parsing): say it once.
  if (errors.length > 0) throw new KontractErrorList([...new Map(errors.map((e) => [describeError(e), e])).values()]);
  return { root, config, subjects: [...subjects.values()], topics };
}

interface RawSubject {
  dir: string;
  versions: Map<number, { file: string; schemaType: SchemaType; schema: string }[]>;
  refs: Map<number, { file: string; text: string }>;
}

function collectVersionFiles(schemasDir: string, files: RepositoryFiles, errors: KontractError[]): Map<string, RawSubject> {
  const subjects = new Map<string, RawSubject>();
  /** Subject folders holding example messages: each must also hold versions, or the examples are never checked. */
  const examplesOf = new Map<string, string>();
  const prefix = schemasDir === '' ? '' : `${schemasDir}/`;
  const shown = schemasDir === '' ? 'the project folder' : `${schemasDir}/`;
  const unexpected = (file: string, message: string, hint: string) => errors.push(new KontractError('VERSION_FILE_NAME', message, { location: { file }, hint }));
  for (const [file, text] of [...files.entries()].sort(([a], [b]) => compareStrings(a, b))) {
    if (!file.startsWith(prefix)) continue;
    const parts = file.slice(prefix.length).split('/');
    if (isHiddenPath(parts)) continue;
    if (parts.length === 1) {
      unexpected(
        file,
        SCHEMA_LIKE.test(parts[0]!) ? `schema file directly in ${shown}; it must be in a subject folder` : `"${parts[0]}" is directly in ${shown}, which holds only subject folders`,
        SCHEMA_LIKE.test(parts[0]!) ? `Move it to ${prefix}<subject>/v1${path.extname(file)}.` : `Move it out of ${shown} (or into a subject folder as v<N>.avsc, v<N>.proto or v<N>.json if it is a schema).`,
      );
      continue;
    }
    const [subjectName, ...rest] = parts as [string, ...string[]];
    if (rest.length > 1) {
      if (rest[0] === EXAMPLES_DIR && rest.length === 2 && rest[1]!.endsWith('.json')) {
        // An example message (kontract verify checks its name and content).
        if (!examplesOf.has(subjectName)) examplesOf.set(subjectName, file);
      } else if (rest[0] === EXAMPLES_DIR) {
        unexpected(
          file,
          `${EXAMPLES_DIR}/ holds example messages as v<N>.<name>.json files directly in it; "${rest.slice(1).join('/')}" is not one`,
          `Rename it to v<N>.<name>.json (the JSON form of version N's message) directly in ${prefix}${subjectName}/${EXAMPLES_DIR}/, or move it out of ${shown}.`,
        );
      } else {
        unexpected(
          file,
          `"${rest[0]}/" is not read: a subject folder holds version files and an ${EXAMPLES_DIR}/ folder only`,
          `Move it out of ${shown}; a subject's versions are v<N>.avsc, v<N>.proto or v<N>.json directly in ${prefix}${subjectName}/.`,
        );
      }
      continue;
    }
    const fileName = rest[0]!;
    const entry = subjects.get(subjectName) ?? { dir: `${prefix}${subjectName}`, versions: new Map(), refs: new Map() };
    const refs = REFS_FILE.exec(fileName);
    const version = VERSION_FILE.exec(fileName);
    if (refs) {
      entry.refs.set(Number(refs[1]), { file, text });
    } else if (version) {
      const schemaType = schemaTypeOfFile(fileName)!;
      const n = Number(version[1]);
      entry.versions.set(n, [...(entry.versions.get(n) ?? []), { file, schemaType, schema: text }]);
    } else if (SCHEMA_LIKE.test(fileName)) {
      unexpected(
        file,
        `"${fileName}" is not a version file name`,
        'Name version files v<N>.avsc, v<N>.proto or v<N>.json (N = 1, 2, … without leading zeros); reference pins are v<N>.refs.json.',
      );
      continue;
    } else {
      const extension = path.extname(fileName);
      unexpected(
        file,
        extension === ''
          ? `"${fileName}" has no extension, so it is not a schema version: only .avsc (Avro), .proto (Protobuf) and .json (JSON Schema) files are read`
          : `"${fileName}" has an unknown extension "${extension}", so it is not a schema version: only .avsc (Avro), .proto (Protobuf) and .json (JSON Schema) files are read`,
        unknownExtensionHint(fileName, extension, shown),
      );
      continue;
    }
    subjects.set(subjectName, entry);
  }
  for (const [subjectName, file] of examplesOf) {
    if (subjects.has(subjectName) || errors.some((e) => e.location?.file?.startsWith(`${prefix}${subjectName}/`))) continue;
    unexpected(
      file,
      `subject folder "${subjectName}" holds ${EXAMPLES_DIR}/ but no version file, so its examples are never checked`,
      `Add ${prefix}${subjectName}/v1.avsc (or .proto/.json), or move the examples to the subject they were written for.`,
    );
  }
  return subjects;
}

/** Extensions people use for a format kontract reads under another extension. */
const EXTENSION_ALIASES: Record<string, string> = { '.avro': '.avsc', '.avsch': '.avsc', '.protobuf': '.proto', '.proto3': '.proto', '.jsonschema': '.json', '.schema': '.json' };

function unknownExtensionHint(fileName: string, extension: string, shown: string): string {
  const stem = extension === '' ? fileName : fileName.slice(0, -extension.length);
  const version = /^v[1-9][0-9]*$/.test(stem) ? stem : 'v<N>';
  const alias = EXTENSION_ALIASES[extension.toLowerCase()];
  const rename = alias
    ? `Rename it to ${version}${alias}`
    : extension === '.yaml' || extension === '.yml'
      ? `Schemas are read as JSON: convert it and save it as ${version}.json (JSON Schema) or ${version}.avsc (Avro)`
      : `Rename it to ${version}.avsc, ${version}.proto or ${version}.json after its format`;
  return `${rename}, or move it out of ${shown} if it is not a schema version (names starting with "." are ignored).`;
}

/**
 * Hidden files and folders (`.gitkeep`, `.DS_Store`, `.git/`, …): a path below the schemas folder with a part
 * starting with "." is not part of the repository.
 */
export function isHiddenPath(parts: readonly string[]): boolean {
  return parts.some((part) => part.startsWith('.'));
}

function checkVersions(name: string, entry: RawSubject, config: KontractConfig, errors: KontractError[]): Subject | undefined {
  const before = errors.length;
  const numbers = [...entry.versions.keys()].sort((a, b) => a - b);
  for (const n of numbers) {
    const candidates = entry.versions.get(n)!;
    if (candidates.length > 1) {
      errors.push(
        new KontractError('VERSION_DUPLICATE', `version ${n} of subject "${name}" exists twice: ${candidates.map((c) => c.file).join(', ')}`, {
          location: { file: candidates[1]!.file },
          hint: 'A version number identifies one schema; keep one file per version.',
        }),
      );
    }
  }
  numbers.forEach((n, i) => {
    if (n !== i + 1) {
      const first = entry.versions.get(n)![0]!;
      errors.push(
        new KontractError('VERSION_GAP', `subject "${name}" has v${n} but no v${i + 1}`, {
          location: { file: first.file },
          hint: `Versions are numbered 1, 2, 3, … without gaps; rename ${path.posix.basename(first.file)} to v${i + 1}${path.extname(first.file)} if it is new, or restore the missing version.`,
        }),
      );
    }
  });
  const types = new Set(numbers.map((n) => entry.versions.get(n)![0]!.schemaType));
  if (types.size > 1) {
    errors.push(
      new KontractError('SCHEMA_INVALID', `subject "${name}" mixes schema types (${[...types].join(', ')})`, {
        location: { file: entry.dir },
        hint: 'A subject keeps one schema type; put a new format under a new subject (or topic).',
      }),
    );
  }
  for (const [n, refs] of entry.refs) {
    if (!entry.versions.has(n)) {
      errors.push(
        new KontractError('VERSION_FILE_NAME', `${path.posix.basename(refs.file)} pins references of v${n}, which does not exist`, {
          location: { file: refs.file },
          hint: 'Rename it to match its version file, or remove it.',
        }),
      );
    }
  }
  if (errors.length > before || numbers.length === 0) return undefined;
  const compatibility: CompatibilityLevel = config.subjects[name]?.compatibility ?? config.compatibility;
  const versions: SchemaVersion[] = numbers.map((n) => {
    const v = entry.versions.get(n)![0]!;
    return { subject: name, version: n, schemaType: v.schemaType, file: v.file, schema: v.schema, references: [], referenceTexts: {} };
  });
  return { name, schemaType: versions[0]!.schemaType, dir: entry.dir, versions, compatibility };
}

/** Where a reference points, before its text is known. */
interface ReferenceTarget {
  reference: SchemaReference;
  /** Where in the referring file the name was found, for errors. */
  file: string;
}

/**
 * Fill each version's references and reference texts. Returns the problems found per version; a version with
 * problems keeps the references that did resolve, so it can still be parsed for a precise error position.
 */
function resolveReferences(schemasDir: string, subjects: Map<string, Subject>, raw: Map<string, RawSubject>): Map<SchemaVersion, KontractError[]> {
  const problems = new Map<SchemaVersion, KontractError[]>();
  const errorsOf = (version: SchemaVersion): KontractError[] => {
    let list = problems.get(version);
    if (!list) problems.set(version, (list = []));
    return list;
  };
  const indexErrors: KontractError[] = [];
  const avroDefinitions = avroDefinitionIndex(subjects, indexErrors);
  const targets = new Map<SchemaVersion, ReferenceTarget[]>();
  for (const subject of subjects.values()) {
    for (const version of subject.versions) {
      const pinned = raw.get(subject.name)?.refs.get(version.version);
      const errors = errorsOf(version);
      const refs = pinned
        ? readPinnedReferences(pinned.file, pinned.text, errors)
        : autoReferences(schemasDir, version, subjects, avroDefinitions, errors);
      targets.set(version, refs.map((reference) => ({ reference, file: pinned?.file ?? version.file })));
    }
  }
  // A syntax error met while indexing definitions belongs to its own version.
  for (const error of indexErrors) {
    const owner = [...targets.keys()].find((v) => v.file === error.location?.file);
    if (owner) errorsOf(owner).push(error);
  }
  // Check every target exists, then fill texts in dependency order (cycles are an error).
  const byKey = (subject: string, version: number) => subjects.get(subject)?.versions[version - 1];
  for (const [version, refs] of targets) {
    for (const { reference, file } of refs) {
      if (!byKey(reference.subject, reference.version)) {
        errorsOf(version).push(
          new KontractError('REFERENCE_UNRESOLVED', `reference "${reference.name}" points at ${reference.subject} v${reference.version}, which is not in the repository`, {
            location: { file },
            hint: `Add ${schemasDir}/${reference.subject}/v${reference.version}.* or fix the reference.`,
          }),
        );
      }
    }
    version.references = refs.map((r) => r.reference).filter((r) => byKey(r.subject, r.version));
  }
  const state = new Map<SchemaVersion, 'visiting' | 'done'>();
  const visit = (version: SchemaVersion, chain: SchemaVersion[]): void => {
    const s = state.get(version);
    if (s === 'done') return;
    if (s === 'visiting') {
      errorsOf(version).push(
        new KontractError('REFERENCE_UNRESOLVED', `reference cycle: ${[...chain, version].map((v) => `${v.subject} v${v.version}`).join(' → ')}`, {
          location: { file: version.file },
          hint: 'Schema references must form a tree; move the shared types into a subject of their own.',
        }),
      );
      return;
    }
    state.set(version, 'visiting');
    const texts: Record<string, string> = {};
    for (const ref of version.references) {
      const target = byKey(ref.subject, ref.version)!;
      visit(target, [...chain, version]);
      Object.assign(texts, target.referenceTexts);
      texts[ref.name] = target.schema;
    }
    version.referenceTexts = texts;
    state.set(version, 'done');
  };
  for (const subject of subjects.values()) for (const version of subject.versions) visit(version, []);
  return problems;
}

function readPinnedReferences(file: string, text: string, errors: KontractError[]): SchemaReference[] {
  try {
    const doc = parseJsonDocument(text);
    const value = doc.value;
    const ok =
      Array.isArray(value) &&
      value.every(
        (r) =>
          typeof r === 'object' && r !== null && !Array.isArray(r) && typeof r['name'] === 'string' && typeof r['subject'] === 'string' && Number.isInteger(r['version']) && (r['version'] as number) >= 1,
      );
    if (!ok) {
      errors.push(
        new KontractError('SCHEMA_INVALID', 'a references file must be a JSON array of {"name", "subject", "version"} objects', {
          location: { file, line: 1, column: 1 },
          hint: 'Example: [{"name": "com.acme.Money", "subject": "common.money", "version": 2}]',
        }),
      );
      return [];
    }
    return (value as { name: string; subject: string; version: number }[]).map(({ name, subject, version }) => ({ name, subject, version }));
  } catch (error) {
    if (error instanceof KontractError) {
      errors.push(error.withLocation({ file }));
      return [];
    }
    throw error;
  }
}

/** Avro full name → the subjects (latest version) defining it. */
function avroDefinitionIndex(subjects: Map<string, Subject>, errors: KontractError[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const subject of subjects.values()) {
    if (subject.schemaType !== 'AVRO') continue;
    for (const version of subject.versions) {
      // Names a version defines do not depend on its references; parse without them, tolerating unknown names.
      let names: string[];
      try {
        names = avroDefinedNames(version.schema);
      } catch (error) {
        if (error instanceof KontractError) errors.push(error.withLocation({ file: version.file }));
        else throw error;
        continue;
      }
      for (const name of names) index.set(name, new Set([...(index.get(name) ?? []), subject.name]));
    }
  }
  return index;
}

function autoReferences(
  schemasDir: string,
  version: SchemaVersion,
  subjects: Map<string, Subject>,
  avroDefinitions: Map<string, Set<string>>,
  errors: KontractError[],
): SchemaReference[] {
  const format = schemaFormat(version.schemaType);
  let names: string[];
  try {
    names = format.referencedNames(version.schema);
  } catch (error) {
    if (error instanceof KontractError) {
      errors.push(error.withLocation({ file: version.file }));
      return [];
    }
    throw error;
  }
  const refs: SchemaReference[] = [];
  for (const name of names) {
    const target =
      version.schemaType === 'AVRO' ? avroTarget(name, version, subjects, avroDefinitions, errors) : pathTarget(schemasDir, name, version, errors);
    if (target) refs.push({ name, ...target });
  }
  return refs;
}

function avroTarget(
  name: string,
  version: SchemaVersion,
  subjects: Map<string, Subject>,
  avroDefinitions: Map<string, Set<string>>,
  errors: KontractError[],
): { subject: string; version: number } | undefined {
  const definers = [...(avroDefinitions.get(name) ?? [])].filter((s) => s !== version.subject);
  if (definers.length === 1) {
    const subject = subjects.get(definers[0]!)!;
    // The latest version of the defining subject; pin another one with a v<N>.refs.json file.
    return { subject: subject.name, version: subject.versions.length };
  }
  errors.push(
    definers.length === 0
      ? new KontractError('REFERENCE_UNRESOLVED', `type "${name}" is used but not defined, neither here nor in another subject`, {
          location: { file: version.file },
          hint: `Define "${name}" in this schema, or add a subject defining it (e.g. schemas/<subject>/v1.avsc), or pin it in v${version.version}.refs.json.`,
        })
      : new KontractError('NAME_CLASH', `type "${name}" is defined by several subjects (${definers.join(', ')}); the reference is ambiguous`, {
          location: { file: version.file },
          hint: `Pin the reference in v${version.version}.refs.json, or define "${name}" in one subject only.`,
        }),
  );
  return undefined;
}

/** Protobuf imports and JSON `$ref`s name files: `<subject>/v<N>.<ext>`, relative to the schemas folder or to the referring file. */
function pathTarget(schemasDir: string, name: string, version: SchemaVersion, errors: KontractError[]): { subject: string; version: number } | undefined {
  const candidates =
    version.schemaType === 'JSON' && !/^[a-z][a-z0-9+.-]*:/i.test(name)
      ? [path.posix.normalize(path.posix.join(path.posix.dirname(version.file), name)), path.posix.normalize(path.posix.join(schemasDir, name))]
      : [path.posix.normalize(path.posix.join(schemasDir, name))];
  for (const candidate of candidates) {
    const rel = schemasDir === '' ? candidate : candidate.startsWith(`${schemasDir}/`) ? candidate.slice(schemasDir.length + 1) : undefined;
    const m = rel === undefined ? null : /^([^/]+)\/v([1-9][0-9]*)\.(proto|json)$/.exec(rel);
    if (m) return { subject: m[1]!, version: Number(m[2]) };
  }
  const what = version.schemaType === 'PROTOBUF' ? `import "${name}"` : `$ref "${name}"`;
  errors.push(
    new KontractError('REFERENCE_UNRESOLVED', `${what} does not name a version file of this repository`, {
      location: { file: version.file },
      hint:
        version.schemaType === 'PROTOBUF'
          ? `Import other subjects as "<subject>/v<N>.proto" (relative to ${schemasDir}/), or pin the reference in v${version.version}.refs.json.`
          : `Point $ref at "../<subject>/v<N>.json" (relative to this file), or pin the reference in v${version.version}.refs.json.`,
    }),
  );
  return undefined;
}

/**
 * Parse every version with the references that resolved. A version whose references failed reports the
 * repository-level problem (what is missing and how to add it) at the position the parser found it.
 */
function parseAll(subjects: Map<string, Subject>, referenceErrors: Map<SchemaVersion, KontractError[]>, errors: KontractError[]): void {
  for (const subject of subjects.values()) {
    const format = schemaFormat(subject.schemaType);
    for (const version of subject.versions) {
      const known = referenceErrors.get(version) ?? [];
      let parseError: KontractError | undefined;
      try {
        format.parse({ schema: version.schema, references: version.referenceTexts }, { file: version.file, strict: true });
      } catch (error) {
        if (!(error instanceof KontractError)) throw error;
        parseError = error.withLocation({ file: version.file });
      }
      if (known.length === 0) {
        if (parseError) errors.push(parseError);
        continue;
      }
      const position = parseError?.code === 'REFERENCE_UNRESOLVED' || parseError?.code === 'NAME_CLASH' ? parseError.location : undefined;
      for (const problem of known) {
        errors.push(position && problem.location?.file === version.file && problem.location.line === undefined ? problem.withLocation(position) : problem);
      }
      if (parseError && parseError.code !== 'REFERENCE_UNRESOLVED') errors.push(parseError);
    }
  }
}

function bindTopics(config: KontractConfig, subjects: Map<string, Subject>, errors: KontractError[]): TopicBinding[] {
  const bindings = new Map<string, { value?: string; key?: string; requireKey: boolean }>();
  if (config.subjectNameStrategy === 'TopicNameStrategy') {
    for (const name of subjects.keys()) {
      const m = /^(.+)-(value|key)$/.exec(name);
      if (!m) continue;
      const binding = bindings.get(m[1]!) ?? { requireKey: false };
      binding[m[2] as 'value' | 'key'] = name;
      bindings.set(m[1]!, binding);
    }
  }
  for (const [topic, entry] of Object.entries(config.topics)) {
    const binding = bindings.get(topic) ?? { requireKey: false };
    if (entry.value !== undefined) binding.value = entry.value;
    if (entry.key !== undefined) binding.key = entry.key;
    if (entry.requireKey !== undefined) binding.requireKey = entry.requireKey;
    bindings.set(topic, binding);
    for (const role of ['value', 'key'] as const) {
      const subject = entry[role];
      if (subject !== undefined && !subjects.has(subject)) {
        errors.push(
          new KontractError('CONFIG_INVALID', `topic "${topic}" names ${role} subject "${subject}", which has no schema versions`, {
            location: { file: 'kontract.config.json', path: `#/topics/${topic}/${role}` },
            hint: `Add schemas/${subject}/v1.* or fix the subject name.`,
          }),
        );
      }
    }
  }
  return [...bindings.entries()]
    .filter(([, b]) => b.value !== undefined || b.key !== undefined)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([topic, b]) => ({
      topic,
      ...(b.value !== undefined && subjects.has(b.value) ? { value: subjects.get(b.value)! } : {}),
      ...(b.key !== undefined && subjects.has(b.key) ? { key: subjects.get(b.key)! } : {}),
      requireKey: b.requireKey,
    }));
}

function normalizeDir(dir: string): string {
  const normalized = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/^\.\/?/, '').replace(/\/$/, '');
  return normalized === '.' ? '' : normalized;
}

/** The subject and version a project path names when it is a version file (`<schemasDir>/<subject>/v<N>.<ext>`). */
export function versionFileOf(schemasDir: string, file: string): { subject: string; version: number } | undefined {
  const dir = normalizeDir(schemasDir);
  const prefix = dir === '' ? '' : `${dir}/`;
  if (!file.startsWith(prefix)) return undefined;
  const parts = file.slice(prefix.length).split('/');
  const match = parts.length === 2 ? VERSION_FILE.exec(parts[1]!) : null;
  return match ? { subject: parts[0]!, version: Number(match[1]) } : undefined;
}

/** Code-unit order: deterministic across locales (output and generated code depend on it). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
