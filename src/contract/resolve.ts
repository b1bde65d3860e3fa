/**
 * Resolving contracts against a schema repository: every topic must exist, every version must exist, every
 * reader schema file must parse with its references. Pure: files are read through the function passed in.
 */
import path from 'node:path';
import { KontractError, KontractErrorList } from '../errors.js';
import type { SchemaRepository, SchemaVersion, Subject, TopicBinding } from '../project/types.js';
import { avroDefinedNames } from '../schema/avro.js';
import { schemaFormat, schemaTypeOfFile } from '../schema/formats.js';
import { closestName } from '../serde/value-error.js';
import type { ConsumedTopic, ContractLocation, ContractSet, ResolvedConsumer, ResolvedSchema, ServiceContract } from './types.js';

/** Reads a file relative to the project root; `undefined` when it does not exist. */
export type FileReader = (relativePath: string) => string | undefined;

/** A repository version as the engine's input. */
export function versionSchema(version: SchemaVersion, origin: string = version.file): ResolvedSchema {
  return {
    schemaType: version.schemaType,
    schema: version.schema,
    referenceTexts: version.referenceTexts,
    file: version.file,
    subject: version.subject,
    version: version.version,
    origin,
  };
}

/** The topic binding of `topic` with its value subject, or a located error naming the known topics. */
export function valueSubjectOf(repo: SchemaRepository, topic: string, at: ContractLocation): Subject {
  const binding: TopicBinding | undefined = repo.topics.find((t) => t.topic === topic);
  if (!binding?.value) {
    const known = repo.topics.filter((t) => t.value).map((t) => t.topic);
    const suggestion = closestName(topic, known);
    throw new KontractError('SUBJECT_NOT_FOUND', `unknown topic "${topic}": the repository has no value schema for it`, {
      location: at,
      hint: suggestion ? `Did you mean "${suggestion}"?` : `Known topics: ${known.join(', ') || 'none'}.`,
    });
  }
  return binding.value;
}

/**
 * Resolve every contract against `repo`: the readers of consumed topics, and that produced topics exist.
 * Every problem is reported, together, as a {@link KontractErrorList}.
 */
export function resolveContracts(repo: SchemaRepository, contracts: readonly ServiceContract[], readFile: FileReader, contractsDir: string): ContractSet {
  const errors: KontractError[] = [];
  const consumers: ResolvedConsumer[] = [];
  for (const contract of contracts) {
    for (const produced of contract.produces) {
      try {
        valueSubjectOf(repo, produced.topic, produced.at);
      } catch (error) {
        if (!(error instanceof KontractError)) throw error;
        errors.push(error);
      }
    }
    for (const consumed of contract.consumes) {
      try {
        consumers.push({ service: contract.service, contractFile: contract.file, consumed, reader: resolveReader(repo, consumed, readFile, contractsDir) });
      } catch (error) {
        if (!(error instanceof KontractError)) throw error;
        errors.push(error);
      }
    }
  }
  if (errors.length > 0) throw new KontractErrorList(errors);
  return { contracts: [...contracts], consumers };
}

/** The reader schema of one consumed topic. */
export function resolveReader(repo: SchemaRepository, consumed: ConsumedTopic, readFile: FileReader, contractsDir: string): ResolvedSchema {
  const subject = valueSubjectOf(repo, consumed.topic, consumed.at);
  if (consumed.version !== undefined) {
    const version = subject.versions[consumed.version - 1];
    if (!version) {
      throw new KontractError('SUBJECT_NOT_FOUND', `${subject.name} has no version ${consumed.version} (it has v1…v${subject.versions.length})`, {
        location: consumed.readerAt,
        hint: 'Name the version the service decodes with, usually the one its generated types come from.',
      });
    }
    return versionSchema(version);
  }
  const file = path.posix.normalize(path.posix.join(contractsDir, consumed.schemaFile!));
  const where = consumed.readerAt;
  const text = readFile(file);
  if (text === undefined) {
    throw new KontractError('IO', `reader schema file ${file} does not exist`, {
      location: where,
      hint: `"schema" is relative to the contracts folder (${contractsDir}/); e.g. "<service>/${consumed.topic}${schemaFormat(subject.schemaType).fileExtensions[0]}".`,
    });
  }
  const schemaType = schemaTypeOfFile(file);
  if (schemaType !== subject.schemaType) {
    throw new KontractError('SCHEMA_TYPE_MISMATCH', `reader schema ${file} is ${schemaType ?? 'not a schema file'}, but ${subject.name} is ${subject.schemaType}`, {
      location: where,
      hint: `A reader schema has the writer's format; use a ${schemaFormat(subject.schemaType).fileExtensions.join(' or ')} file.`,
    });
  }
  const { referenceTexts, unresolved } = readerReferences(repo, schemaType, text, file);
  try {
    schemaFormat(schemaType).parse({ schema: text, references: referenceTexts }, { file, strict: false });
  } catch (error) {
    // The parser places an unresolved name at its line and column; the hint says how references are written here.
    if (error instanceof KontractError) throw unresolved.length > 0 && error.code === 'REFERENCE_UNRESOLVED' ? unresolvedError(schemaType, unresolved[0]!, file, error) : error.withLocation({ file });
    throw error;
  }
  if (unresolved.length > 0) throw unresolvedError(schemaType, unresolved[0]!, file);
  return { schemaType, schema: text, referenceTexts, file, origin: file };
}

/**
 * References of a reader schema file, resolved in the repository the way its schema files resolve them: Avro
 * names by the subject defining them (latest version), Protobuf imports as `<subject>/v<N>.proto`, JSON Schema
 * `$ref`s as `<subject>/v<N>.json` relative to the schemas folder (or `../<subject>/v<N>.json`).
 */
function readerReferences(repo: SchemaRepository, schemaType: Subject['schemaType'], text: string, file: string): { referenceTexts: Record<string, string>; unresolved: string[] } {
  let names: string[];
  try {
    names = schemaFormat(schemaType).referencedNames(text);
  } catch (error) {
    if (error instanceof KontractError) throw error.withLocation({ file });
    throw error;
  }
  const referenceTexts: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const name of names) {
    const target = schemaType === 'AVRO' ? avroDefinition(repo, name) : fileReference(repo, name);
    if (!target) {
      unresolved.push(name);
      continue;
    }
    Object.assign(referenceTexts, target.referenceTexts);
    referenceTexts[name] = target.schema;
  }
  return { referenceTexts, unresolved };
}

function unresolvedError(schemaType: Subject['schemaType'], name: string, file: string, parseError?: KontractError): KontractError {
  return new KontractError('REFERENCE_UNRESOLVED', `${file} refers to "${name}", which no subject of the repository ${schemaType === 'AVRO' ? 'defines' : 'holds'}`, {
    location: { ...parseError?.location, file },
    hint:
      schemaType === 'AVRO'
        ? 'Define the type in the reader schema, or use a type defined by a subject of the schemas folder.'
        : `Write references as in the schemas folder: "<subject>/v<N>${schemaType === 'PROTOBUF' ? '.proto' : '.json'}".`,
  });
}

function avroDefinition(repo: SchemaRepository, name: string): SchemaVersion | undefined {
  for (const subject of repo.subjects) {
    if (subject.schemaType !== 'AVRO') continue;
    const latest = subject.versions[subject.versions.length - 1]!;
    if (avroDefinedNames(latest.schema).includes(name)) return latest;
  }
  return undefined;
}

function fileReference(repo: SchemaRepository, name: string): SchemaVersion | undefined {
  const m = /(?:^|\/)([^/]+)\/v([1-9][0-9]*)\.(proto|json)$/.exec(name);
  if (!m) return undefined;
  return repo.subjects.find((s) => s.name === m[1])?.versions[Number(m[2]) - 1];
}
