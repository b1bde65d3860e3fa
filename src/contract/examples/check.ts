/**
 * Example messages beside the schemas: `<schemasDir>/<subject>/examples/v<N>.<name>.json` holds one message value
 * (in the JSON form of json-form.ts) written for version N of the subject. Checking one:
 *
 * 1. it parses, and fits version N (converted and encoded by the real serializer, which validates);
 * 2. it round-trips: decoding what was encoded gives back every value the example wrote (deep-equal on the
 *    example's fields; the reader may add defaults);
 * 3. every later version of the subject reads it (the serializer's schema resolution, or JSON Schema
 *    validation against the later version), since consumers upgrade while old messages are still on the topic.
 *
 * A problem is reported at the example file, with the field path and its line and column.
 */
import { KontractError } from '../../errors.js';
import type { SchemaRepository, SchemaVersion, Subject } from '../../project/types.js';
import type { ReportCase, ReportFinding } from '../../report/types.js';
import type { SchemaVersionInfo, TopicDescriptor } from '../../runtime/index.js';
import { schemaFormat } from '../../schema/formats.js';
import { parseJsonDocument, type JsonDocument, type JsonValue } from '../../schema/json-text.js';
import { createTopicCodec, type SchemaCodec } from '../../serde/codec.js';
import { ValueError, pointerOf } from '../../serde/value-error.js';
import { dependencyOrder } from '../../registry/sync.js';
import { createInMemoryRegistry, type InMemoryRegistry } from '../../testing/memory-registry.js';
import { SeededRandom, generateExample } from './generate.js';
import { valueFromJson } from './json-form.js';

/** An example file found beside a subject's schemas. */
export interface ExampleFile {
  /** Relative to the project root. */
  file: string;
  subject: string;
  /** The version the file name names; undefined when the name does not follow `v<N>.<name>.json`. */
  version?: number;
  text: string;
}

const EXAMPLE_FILE = /^v([1-9][0-9]*)\.([A-Za-z0-9_][A-Za-z0-9._-]*)\.json$/;

/** The example files among the repository's files (paths relative to the root, as the loader reads them). Pure. */
export function findExamples(repo: SchemaRepository, files: ReadonlyMap<string, string>): ExampleFile[] {
  const examples: ExampleFile[] = [];
  for (const subject of repo.subjects) {
    const prefix = `${subject.dir}/examples/`;
    for (const [file, text] of files) {
      if (!file.startsWith(prefix) || file.slice(prefix.length).includes('/')) continue;
      const m = EXAMPLE_FILE.exec(file.slice(prefix.length));
      examples.push({ file, subject: subject.name, ...(m ? { version: Number(m[1]) } : {}), text });
    }
  }
  return examples.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The descriptor of a pseudo topic carrying `version` of its subject, for a codec of its own. */
export function versionInfo(version: SchemaVersion): SchemaVersionInfo {
  return { subject: version.subject, version: version.version, schemaType: version.schemaType, schema: version.schema, references: version.references, referenceTexts: version.referenceTexts };
}

/** Serializers for the versions of a repository's subjects, through an in-memory registry holding the repository. */
export class RepositorySerde {
  private readonly codecs = new Map<SchemaVersion, SchemaCodec>();

  private constructor(
    readonly repo: SchemaRepository,
    private readonly registry: InMemoryRegistry,
  ) {}

  /** Registers every version of the repository (references first) in a fresh in-memory registry. */
  static async open(repo: SchemaRepository): Promise<RepositorySerde> {
    const registry = await createInMemoryRegistry();
    for (const subject of dependencyOrder(repo)) {
      for (const version of subject.versions) await registry.register(subject.name, { schemaType: version.schemaType, schema: version.schema, references: version.references });
    }
    return new RepositorySerde(repo, registry);
  }

  static topicOf(subject: string): string {
    return `kontract-examples.${subject}`;
  }

  /** A codec writing and reading with `version` (its pseudo topic is {@link RepositorySerde.topicOf} the subject). */
  async codec(version: SchemaVersion): Promise<SchemaCodec> {
    let codec = this.codecs.get(version);
    if (!codec) {
      const subject = this.repo.subjects.find((s) => s.name === version.subject)!;
      const topic = RepositorySerde.topicOf(subject.name);
      const descriptor: TopicDescriptor = { topic, value: versionInfo(version), valueVersions: subject.versions.slice(0, version.version).map(versionInfo), requireKey: false };
      codec = createTopicCodec({ registry: this.registry, topics: [descriptor], autoRegister: true, validateOnConsume: true, longType: this.repo.config.codegen.longType });
      await codec.prepare([topic]);
      this.codecs.set(version, codec);
    }
    return codec;
  }

  close(): Promise<void> {
    return this.registry.close();
  }
}

/** Where in the example a value path is: the deepest existing prefix's line and column. */
function positionIn(doc: JsonDocument | undefined, path: string): { line?: number; column?: number } {
  if (!doc) return {};
  let pointer = path.replace(/^#/, '');
  for (;;) {
    const found = doc.positions.get(pointer);
    if (found) return found;
    if (pointer === '') return {};
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

/** The first place where `actual` lacks what `expected` (the example's value) has, as a path and a description. */
export function firstDifference(expected: unknown, actual: unknown, path: Array<string | number> = []): { path: Array<string | number>; message: string } | undefined {
  if (expected === undefined) return undefined;
  const differ = (message: string) => ({ path, message });
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime() ? undefined : differ(`wrote ${expected.toISOString()}, read back ${describe(actual)}`);
  if (Buffer.isBuffer(expected)) return Buffer.isBuffer(actual) && actual.equals(expected) ? undefined : differ(`wrote ${expected.length} byte(s), read back ${describe(actual)}`);
  if (typeof expected === 'bigint' || typeof expected === 'number') {
    if ((typeof actual === 'bigint' || typeof actual === 'number') && (typeof expected === 'number' && !Number.isInteger(expected) ? actual === expected : BigInt(expected) === BigInt(actual as number))) return undefined;
    return differ(`wrote ${String(expected)}, read back ${describe(actual)}`);
  }
  if (typeof expected === 'string') return typeof actual === 'string' && sameText(expected, actual) ? undefined : differ(`wrote ${JSON.stringify(expected)}, read back ${describe(actual)}`);
  if (expected === null || typeof expected !== 'object') return expected === actual ? undefined : differ(`wrote ${JSON.stringify(expected)}, read back ${describe(actual)}`);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return differ(`wrote ${expected.length} item(s), read back ${describe(actual)}`);
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], actual[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof actual !== 'object' || actual === null) return differ(`wrote an object, read back ${describe(actual)}`);
  for (const [key, value] of Object.entries(expected)) {
    const found = firstDifference(value, (actual as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Equal texts, or equal decimal numbers (a decimal is read back with the schema's scale: "12.5" → "12.50"). */
function sameText(a: string, b: string): boolean {
  if (a === b) return true;
  const decimal = /^-?\d+(\.\d+)?$/;
  if (!decimal.test(a) || !decimal.test(b)) return false;
  const norm = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s).replace(/^(-?)0+(?=\d)/, '$1');
  return norm(a) === norm(b);
}

function describe(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return `${value}`;
  if (Buffer.isBuffer(value)) return `${value.length} byte(s)`;
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Converts `json` to the value for `version` (schema-driven, see json-form.ts). */
export function exampleValue(repo: SchemaRepository, version: SchemaVersion, json: JsonValue): unknown {
  const parsed = schemaFormat(version.schemaType).parse({ schema: version.schema, references: version.referenceTexts }, { strict: false });
  return valueFromJson(version.schemaType, parsed, json, repo.config.codegen.longType);
}

/** Check one example; findings are located in the example file. */
export async function checkExample(serde: RepositorySerde, example: ExampleFile): Promise<ReportFinding[]> {
  const finding = (ruleId: string, message: string, hint: string, path?: string, doc?: JsonDocument): ReportFinding => ({
    ruleId,
    severity: 'error',
    message,
    hint,
    file: example.file,
    ...(path !== undefined ? { ...positionIn(doc, path), location: path } : {}),
  });
  const subject = serde.repo.subjects.find((s) => s.name === example.subject) as Subject;
  if (example.version === undefined) {
    return [finding('EXAMPLE_FILE_NAME', `example file names say the version they were written for: v<N>.<name>.json`, `Rename it, e.g. to v${subject.versions.length}.${example.file.split('/').pop()!.replace(/\.json$/, '')}.json.`)];
  }
  const version = subject.versions[example.version - 1];
  if (!version) return [finding('EXAMPLE_VERSION_UNKNOWN', `the example is for v${example.version}, but ${subject.name} has v1…v${subject.versions.length}`, 'Rename the file after the version it was written for.')];
  let doc: JsonDocument;
  try {
    doc = parseJsonDocument(example.text);
  } catch (error) {
    if (!(error instanceof KontractError)) throw error;
    return [{ ruleId: 'EXAMPLE_INVALID', severity: 'error', message: error.message, hint: error.hint ?? 'Fix the JSON syntax.', file: example.file, ...(error.location?.line !== undefined ? { line: error.location.line, column: error.location.column } : {}) }];
  }
  const topic = RepositorySerde.topicOf(subject.name);
  let value: unknown;
  let bytes: Buffer;
  const codec = await serde.codec(version);
  try {
    value = exampleValue(serde.repo, version, doc.value);
    bytes = codec.encodeValue(topic, value);
  } catch (error) {
    const located = locate(error);
    if (!located) throw error;
    return [finding('EXAMPLE_INVALID', `does not fit ${subject.name} v${version.version}: ${located.message}`, located.hint ?? 'Fix the value so it matches the schema version the file names.', located.path, doc)];
  }
  const findings: ReportFinding[] = [];
  try {
    const decoded = await codec.decode(topic, bytes);
    const difference = firstDifference(value, decoded);
    if (difference) {
      findings.push(finding('EXAMPLE_ROUND_TRIP', `does not survive serialization with ${subject.name} v${version.version}: ${difference.message}`, 'Write the value as the serializer reads it back (e.g. a timestamp within the schema\'s precision).', pointerOf(difference.path), doc));
    }
  } catch (error) {
    const located = locate(error);
    if (!located) throw error;
    findings.push(finding('EXAMPLE_ROUND_TRIP', `cannot be read back with ${subject.name} v${version.version}: ${located.message}`, located.hint ?? 'Report this example to kontract: its serializer cannot read what it wrote.', located.path, doc));
  }
  for (const later of subject.versions.slice(version.version)) {
    try {
      await (await serde.codec(later)).decode(topic, bytes);
    } catch (error) {
      const located = locate(error);
      if (!located) throw error;
      findings.push(finding('EXAMPLE_UNREADABLE', `consumers on ${subject.name} v${later.version} cannot read this v${version.version} message: ${located.message}`, 'Make the later version able to read it (a default for a new field, a compatible type), or retire the example with the version.', located.path, doc));
    }
  }
  return findings;
}

function locate(error: unknown): { message: string; hint?: string; path: string } | undefined {
  if (error instanceof ValueError) return { message: error.message, ...(error.hint ? { hint: error.hint } : {}), path: pointerOf(error.path) };
  if (error instanceof KontractError) return { message: error.message, ...(error.hint ? { hint: error.hint } : {}), path: error.location?.path ?? '#' };
  return undefined;
}

/** Every example as a report case of its own. */
export async function exampleReportCases(repo: SchemaRepository, examples: readonly ExampleFile[]): Promise<ReportCase[]> {
  if (examples.length === 0) return [];
  const serde = await RepositorySerde.open(repo);
  try {
    const cases: ReportCase[] = [];
    for (const example of examples) {
      const findings = await checkExample(serde, example);
      const subject = repo.subjects.find((s) => s.name === example.subject)!;
      const later = example.version === undefined ? 0 : Math.max(0, subject.versions.length - example.version);
      cases.push({
        name: `example ${example.file}`,
        file: example.file,
        status: findings.length > 0 ? 'fail' : 'pass',
        summary: findings.length > 0 ? `${findings.length} problem${findings.length === 1 ? '' : 's'}` : `fits ${example.subject} v${example.version}, round-trips${later > 0 ? `, read by ${later} later version${later === 1 ? '' : 's'}` : ''}`,
        findings,
        details: { subject: example.subject, version: example.version ?? null },
      });
    }
    return cases;
  } finally {
    await serde.close();
  }
}

/** Options of {@link generateCheckedExamples}. */
export interface GenerateOptions {
  count: number;
  seed: number;
}

/**
 * `count` generated examples for `version`, each checked like an example file (fits, round-trips, later versions
 * read it). A generated message that fails (a JSON Schema `pattern` the generator cannot follow) is replaced by
 * another from the same random sequence; after 20 failures in a row the last problem is reported.
 */
export async function generateCheckedExamples(repo: SchemaRepository, version: SchemaVersion, options: GenerateOptions): Promise<JsonValue[]> {
  const parsed = schemaFormat(version.schemaType).parse({ schema: version.schema, references: version.referenceTexts }, { strict: false });
  const random = new SeededRandom(options.seed);
  const context = { topic: version.subject.replace(/-(value|key)$/, ''), version: version.version, random };
  const serde = await RepositorySerde.open(repo);
  try {
    const examples: JsonValue[] = [];
    while (examples.length < options.count) {
      let last: ReportFinding | undefined;
      for (let attempt = 0; attempt < 20; attempt++) {
        const value = generateExample(version.schemaType, parsed, context, version);
        const findings = await checkExample(serde, { file: `${version.subject}/examples/v${version.version}.generated.json`, subject: version.subject, version: version.version, text: JSON.stringify(value) });
        if (findings.length === 0) {
          examples.push(value);
          last = undefined;
          break;
        }
        last = findings[0];
      }
      if (last) {
        throw new KontractError('SCHEMA_INVALID', `cannot generate a valid example for ${version.subject} v${version.version}: ${last.message}${last.location ? ` (at ${last.location})` : ''}`, {
          location: { file: version.file },
          hint: 'The generator does not follow JSON Schema patterns; write this example by hand.',
        });
      }
    }
    return examples;
  } finally {
    await serde.close();
  }
}
