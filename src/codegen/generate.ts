/**
 * The code generator: a schema repository becomes TypeScript files. Pure (no I/O) and deterministic —
 * the same repository always yields byte-identical files, sorted by path.
 *
 * Layout under `codegen.outDir`:
 * - `<subject>/v<N>.ts` — the version's types under their schema names, plus `export const schema`;
 * - `<subject>/index.ts` — `<Subject>V<N>` / `<Subject>V<N>Input` per version, `<Subject>` / `<Subject>Input`
 *   for the latest, each version module as a namespace (`<subject>V<N>`) and `<subject>Versions`;
 * - `topics.ts` — `topics`, the typed topic map, with `Topics` and `TopicName`;
 * - `index.ts` — everything above, re-exported.
 */
import { KontractError } from '../errors.js';
import type { SchemaRepository, SchemaVersion, Subject, TopicBinding } from '../project/types.js';
import { nestingErrorOf } from '../schema/nesting.js';
import type { SchemaType } from '../schema/types.js';
import { generateAvroTypes } from './avro.js';
import type { GeneratedVersion, TypeGenerator, TypeGeneratorContext, VersionTypes } from './context.js';
import { generateJsonSchemaTypes } from './jsonschema.js';
import { camelCase, relativeImport, subjectTypeName, tsString } from './names.js';
import { compareCodeUnits, generatedHeader, type GeneratedFile, TsFile } from './printer.js';
import { generateProtobufTypes } from './protobuf.js';
import { KONTRACT_VERSION } from './version.js';

export type { GeneratedFile } from './printer.js';

const typeGenerators: Record<SchemaType, TypeGenerator> = {
  AVRO: generateAvroTypes,
  PROTOBUF: generateProtobufTypes,
  JSON: generateJsonSchemaTypes,
};

/** Progress of {@link generateCode}: one event per schema version generated. */
export interface GenerateProgress {
  subject: string;
  version: number;
  /** Versions generated so far, this one included. */
  done: number;
  total: number;
}

export interface GenerateOptions {
  /** Version written into the headers; defaults to this kontract's version. */
  kontractVersion?: string;
  onProgress?: (progress: GenerateProgress) => void;
}

export interface GeneratedCode {
  /** Every file, sorted by path; paths are relative to `codegen.outDir`. */
  files: GeneratedFile[];
  subjects: number;
  versions: number;
}

/**
 * Generate the TypeScript for a schema repository. Pure: reads nothing but `repo`, writes nothing.
 * Throws `KontractError` (with the schema file as location) for schemas it cannot type.
 */
export async function generateCode(repo: SchemaRepository, options: GenerateOptions = {}): Promise<GeneratedCode> {
  const run = new GenerationRun(repo, options);
  return run.generate();
}

/** The names a subject's index exports, per subject; used to find clashes between subjects. */
interface SubjectNames {
  subject: Subject;
  typeName: string;
  valueName: string;
}

class GenerationRun {
  private readonly kontractVersion: string;
  private readonly subjects: Subject[];
  private readonly byKey = new Map<string, SchemaVersion>();
  private readonly generated = new Map<SchemaVersion, GeneratedVersion>();
  private readonly inProgress = new Set<SchemaVersion>();
  private readonly files: GeneratedFile[] = [];
  private readonly totalVersions: number;
  private done = 0;

  constructor(
    private readonly repo: SchemaRepository,
    private readonly options: GenerateOptions,
  ) {
    this.kontractVersion = options.kontractVersion ?? KONTRACT_VERSION;
    this.subjects = [...repo.subjects].sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const subject of this.subjects) {
      for (const version of subject.versions) this.byKey.set(versionKey(subject.name, version.version), version);
    }
    this.totalVersions = this.byKey.size;
  }

  async generate(): Promise<GeneratedCode> {
    const names = this.subjects.map((subject) => ({ subject, typeName: subjectTypeName(subject.name), valueName: camelCase(subjectTypeName(subject.name)) }));
    checkNameClashes(names);
    for (const subject of this.subjects) {
      for (const version of subject.versions) await this.generateVersion(version);
    }
    for (const subjectNames of names) this.files.push(this.subjectIndex(subjectNames));
    this.files.push(this.topicsFile());
    this.files.push(this.rootIndex());
    this.files.sort((a, b) => compareCodeUnits(a.path, b.path));
    return { files: this.files, subjects: this.subjects.length, versions: this.totalVersions };
  }

  private header(sources: string): string {
    return generatedHeader(this.kontractVersion, sources);
  }

  private get runtimeImport(): string {
    return this.repo.config.codegen.runtimeImport;
  }

  /** Generate a version file, after the versions it references (their files export what it imports). */
  private async generateVersion(version: SchemaVersion): Promise<GeneratedVersion> {
    const existing = this.generated.get(version);
    if (existing) return existing;
    if (this.inProgress.has(version)) {
      throw new KontractError('REFERENCE_UNRESOLVED', `${version.subject} v${version.version} references itself through its references`, {
        location: { file: version.file },
        hint: 'Schema references must form a tree; move the shared types into a subject of their own.',
      });
    }
    this.inProgress.add(version);
    const targets = new Map<string, GeneratedVersion>();
    for (const reference of version.references) {
      const target = this.byKey.get(versionKey(reference.subject, reference.version));
      if (!target) {
        throw new KontractError('REFERENCE_UNRESOLVED', `reference "${reference.name}" points at ${reference.subject} v${reference.version}, which is not in the repository`, {
          location: { file: version.file },
          hint: `Add the schema version ${reference.subject}/v${reference.version}, or fix the reference.`,
        });
      }
      targets.set(reference.name, await this.generateVersion(target));
    }

    const path = versionPath(version.subject, version.version);
    const file = new TsFile(path, this.header(version.file));
    file.declare('schema');
    const context: TypeGeneratorContext = {
      version,
      file,
      codegen: this.repo.config.codegen,
      fallbackRootName: subjectTypeName(version.subject),
      referencedVersion: (name) => this.findReference(name, version),
      importPath: (target) => relativeImport(path, target.path),
    };
    let types: VersionTypes;
    try {
      types = await typeGenerators[version.schemaType](context);
    } catch (error) {
      throw nestingErrorOf(error, version.file);
    }
    const result: GeneratedVersion = { ...types, version, path };
    this.printSchemaConstant(file, result, targets);
    this.files.push(file.toGeneratedFile());
    this.generated.set(version, result);
    this.inProgress.delete(version);
    this.done++;
    this.options.onProgress?.({ subject: version.subject, version: version.version, done: this.done, total: this.totalVersions });
    return result;
  }

  /**
   * The generated version behind reference `name` as seen from `from`: its direct references first, then
   * theirs, breadth first (the order Confluent resolves transitive references in).
   */
  private findReference(name: string, from: SchemaVersion): GeneratedVersion | undefined {
    const queue: SchemaVersion[] = [from];
    const seen = new Set<SchemaVersion>();
    while (queue.length > 0) {
      const current = queue.shift()!;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const ref of current.references) {
        const target = this.byKey.get(versionKey(ref.subject, ref.version));
        if (!target) continue;
        if (ref.name === name) return this.generated.get(target);
        queue.push(target);
      }
    }
    return undefined;
  }

  private printSchemaConstant(file: TsFile, generated: GeneratedVersion, targets: ReadonlyMap<string, GeneratedVersion>): void {
    const { version } = generated;
    const infoType = file.importType('SchemaVersionInfo', this.runtimeImport);
    file.line();
    file.doc(`\`${version.subject}\` version ${version.version} as registered (\`${version.file}\`).`);
    file.block(`export const schema: ${infoType} = {`, '};', () => {
      file.line(`subject: ${tsString(version.subject)},`);
      file.line(`version: ${version.version},`);
      file.line(`schemaType: ${tsString(version.schemaType)},`);
      file.line(`schema: ${tsString(version.schema)},`);
      if (version.references.length === 0) file.line('references: [],');
      else {
        file.block('references: [', '],', () => {
          for (const ref of version.references) {
            file.line(`{ name: ${tsString(ref.name)}, subject: ${tsString(ref.subject)}, version: ${ref.version} },`);
          }
        });
      }
      this.printReferenceTexts(file, version, targets);
      if (generated.recordName !== undefined) file.line(`recordName: ${tsString(generated.recordName)},`);
    });
  }

  /**
   * `referenceTexts`, built from the referenced versions' own `schema` constants (so texts are not copied
   * into every referrer) when that reproduces the repository's map exactly; as literals otherwise.
   */
  private printReferenceTexts(file: TsFile, version: SchemaVersion, targets: ReadonlyMap<string, GeneratedVersion>): void {
    const entries = Object.entries(version.referenceTexts).sort(([a], [b]) => compareCodeUnits(a, b));
    if (entries.length === 0) {
      file.line('referenceTexts: {},');
      return;
    }
    const rebuilt: Record<string, string> = {};
    for (const ref of version.references) {
      const target = targets.get(ref.name)!;
      Object.assign(rebuilt, target.version.referenceTexts);
      rebuilt[ref.name] = target.version.schema;
    }
    const sameMap = Object.keys(rebuilt).length === entries.length && entries.every(([name, text]) => rebuilt[name] === text);
    file.block('referenceTexts: {', '},', () => {
      if (!sameMap) {
        for (const [name, text] of entries) file.line(`${tsString(name)}: ${tsString(text)},`);
        return;
      }
      for (const ref of version.references) {
        const target = targets.get(ref.name)!;
        const local = file.importValue('schema', relativeImport(file.path, target.path), `${camelCase(subjectTypeName(target.version.subject))}V${target.version.version}Schema`);
        if (Object.keys(target.version.referenceTexts).length > 0) file.line(`...${local}.referenceTexts,`);
        file.line(`${tsString(ref.name)}: ${local}.schema,`);
      }
    });
  }

  private subjectIndex({ subject, typeName, valueName }: SubjectNames): GeneratedFile {
    const path = `${subject.name}/index.ts`;
    const versionFiles = subject.versions.map((v) => v.file.split('/').pop()!).join(', ');
    const file = new TsFile(path, this.header(`${subject.dir}/ (${versionFiles})`));
    const latest = subject.versions[subject.versions.length - 1]!;
    const namespaces: string[] = [];
    for (const version of subject.versions) {
      file.declare(`${typeName}V${version.version}`, `${typeName}V${version.version}Input`, `${valueName}V${version.version}`);
    }
    file.declare(typeName, `${typeName}Input`, `${valueName}Versions`);
    for (const version of subject.versions) {
      const generated = this.generated.get(version)!;
      const namespace = file.importNamespace(`./v${version.version}.js`, `v${version.version}`);
      namespaces.push(namespace);
      const n = version.version;
      file.doc(`\`${subject.name}\` v${n} as consumers read it.`);
      file.line(`export type ${typeName}V${n} = ${namespace}.${generated.root.type};`);
      file.doc(`\`${subject.name}\` v${n} as producers may write it${generated.root.inputDiffers ? ' (fields with defaults may be left out)' : ''}.`);
      file.line(`export type ${typeName}V${n}Input = ${namespace}.${generated.root.input};`);
      file.line();
    }
    file.doc(`\`${subject.name}\` as consumers read it: the latest version, v${latest.version}.`);
    file.line(`export type ${typeName} = ${typeName}V${latest.version};`);
    file.doc(`\`${subject.name}\` as producers may write it: the latest version, v${latest.version}.`);
    file.line(`export type ${typeName}Input = ${typeName}V${latest.version}Input;`);
    file.line();
    file.line(`export { ${subject.versions.map((v, i) => `${namespaces[i]} as ${valueName}V${v.version}`).join(', ')} };`);
    file.line();
    file.doc(`Every version of \`${subject.name}\`, oldest first; the last one is the latest.`);
    file.line(`export const ${valueName}Versions = [${namespaces.map((ns) => `${ns}.schema`).join(', ')}] as const;`);
    return file.toGeneratedFile();
  }

  private topicsFile(): GeneratedFile {
    const file = new TsFile('topics.ts', this.header(`${this.repo.config.schemasDir}/ and the topics of kontract.config.json`));
    file.declare('topics', 'Topics', 'TopicName');
    const topics = [...this.repo.topics].sort((a, b) => compareCodeUnits(a.topic, b.topic));
    const entries = topics.map((binding) => this.topicEntry(file, binding));
    const defineTopic = topics.length > 0 ? file.importValue('defineTopic', this.runtimeImport) : '';
    file.doc('The topics of this repository: name → descriptor with the schemas and types of keys and values.');
    if (entries.length === 0) file.line('export const topics = {} as const;');
    else {
      file.block('export const topics = {', '} as const;', () => {
        for (const entry of entries) {
          file.doc(...entry.doc);
          file.block(`${tsString(entry.topic)}: ${defineTopic}<${entry.typeArguments.join(', ')}>({`, '}),', () => {
            for (const property of entry.properties) file.line(property);
          });
        }
      });
    }
    file.line();
    file.doc('The type of {@link topics}.');
    file.line('export type Topics = typeof topics;');
    file.doc('The name of a topic of this repository.');
    file.line('export type TopicName = keyof Topics;');
    return file.toGeneratedFile();
  }

  private topicEntry(file: TsFile, binding: TopicBinding): { topic: string; doc: string[]; typeArguments: string[]; properties: string[] } {
    const value = binding.value;
    if (!value) {
      throw new KontractError('CONFIG_INVALID', `topic "${binding.topic}" has no value subject`, {
        location: { file: 'kontract.config.json', path: `#/topics/${binding.topic}` },
        hint: `Add the subject ${binding.topic}-value under ${this.repo.config.schemasDir}/, or set "value" to an existing subject for this topic.`,
      });
    }
    const valueRef = this.subjectImports(file, value);
    const doc = [`Topic \`${binding.topic}\`: values are \`${value.name}\` (${value.schemaType}, latest v${valueRef.latest})`];
    const properties = [
      `topic: ${tsString(binding.topic)},`,
      `value: ${valueRef.latestModule}.schema,`,
      `valueVersions: ${valueRef.versions},`,
    ];
    let keyType: string;
    let keyInputType: string;
    if (binding.key) {
      const keyRef = this.subjectImports(file, binding.key);
      keyType = binding.requireKey ? keyRef.type : `${keyRef.type} | null`;
      keyInputType = binding.requireKey ? keyRef.inputType : `${keyRef.inputType} | null`;
      properties.push(`key: ${keyRef.latestModule}.schema,`);
      doc[0] += `, keys are \`${binding.key.name}\` (${binding.key.schemaType}, latest v${keyRef.latest})`;
    } else {
      keyType = binding.requireKey ? 'string' : 'string | null';
      keyInputType = keyType;
      doc[0] += ', keys are UTF-8 strings';
    }
    doc[0] += binding.requireKey ? '; every message must carry a key.' : '.';
    properties.push(`requireKey: ${binding.requireKey},`);
    return { topic: binding.topic, doc, typeArguments: [valueRef.type, valueRef.inputType, keyType, keyInputType], properties };
  }

  /** Import what a topic entry needs from a subject's index: its latest types, latest version module and versions. */
  private subjectImports(file: TsFile, subject: Subject): { type: string; inputType: string; latestModule: string; versions: string; latest: number } {
    const from = `./${subject.name}/index.js`;
    const typeName = subjectTypeName(subject.name);
    const valueName = camelCase(typeName);
    const latest = subject.versions[subject.versions.length - 1]!.version;
    return {
      type: file.importType(typeName, from),
      inputType: file.importType(`${typeName}Input`, from),
      latestModule: file.importValue(`${valueName}V${latest}`, from),
      versions: file.importValue(`${valueName}Versions`, from),
      latest,
    };
  }

  private rootIndex(): GeneratedFile {
    const file = new TsFile('index.ts', this.header(`${this.repo.config.schemasDir}/`));
    for (const subject of this.subjects) file.line(`export * from ${tsString(`./${subject.name}/index.js`)};`);
    file.line(`export { topics, type Topics, type TopicName } from './topics.js';`);
    return file.toGeneratedFile();
  }
}

function versionKey(subject: string, version: number): string {
  return `${subject}\u0000${version}`;
}

/** Path of a version file relative to `codegen.outDir`. */
export function versionPath(subject: string, version: number): string {
  return `${subject}/v${version}.ts`;
}

/** Two subjects whose index files would export the same name would make `index.ts` ambiguous. */
function checkNameClashes(names: readonly SubjectNames[]): void {
  const owners = new Map<string, Subject>();
  const reserved = new Set(['topics', 'Topics', 'TopicName']);
  for (const { subject, typeName, valueName } of names) {
    const exported = [typeName, `${typeName}Input`, `${valueName}Versions`];
    for (const version of subject.versions) exported.push(`${typeName}V${version.version}`, `${typeName}V${version.version}Input`, `${valueName}V${version.version}`);
    for (const name of exported) {
      const owner = owners.get(name);
      if (owner || reserved.has(name)) {
        throw new KontractError('NAME_CLASH', `subject "${subject.name}" would generate the TypeScript name ${name}, which ${owner ? `subject "${owner.name}" generates too` : 'the topic map uses'}`, {
          location: { file: subject.dir },
          hint: 'Subject names that differ only in punctuation or letter case map to the same TypeScript name; rename one of the subjects.',
        });
      }
      owners.set(name, subject);
    }
  }
}
