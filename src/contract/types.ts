/**
 * The consumer-contract model: `contracts/<service>.json` files say which topics a service produces and which
 * it consumes, and with which reader schema it decodes each consumed topic. `kontract verify` and
 * `kontract can-i-deploy` check readers against writers with the compatibility engine.
 */
import type { SchemaType } from '../schema/types.js';

/** Where something was written in a contract file, for errors and report findings. */
export interface ContractLocation {
  /** Contract file, relative to the project root. */
  file: string;
  /** JSON path inside it, e.g. `#/consumes/1/version`. */
  path: string;
  line?: number;
  column?: number;
}

/** A topic the service writes. */
export interface ProducedTopic {
  topic: string;
  at: ContractLocation;
}

/** A topic the service reads, with the reader schema it decodes with: a subject version or its own schema file. */
export interface ConsumedTopic {
  topic: string;
  /** Version of the topic's value subject the service reads with (exclusive with {@link schemaFile}). */
  version?: number;
  /** The service's own reader schema, relative to the project root (exclusive with {@link version}). */
  schemaFile?: string;
  description?: string;
  at: ContractLocation;
  /** Where the `version` or `schema` value is written. */
  readerAt: ContractLocation;
}

/** One parsed contract file. */
export interface ServiceContract {
  service: string;
  /** Relative to the project root, `/` separators. */
  file: string;
  description?: string;
  produces: ProducedTopic[];
  consumes: ConsumedTopic[];
}

/** A schema ready for the compatibility engine, with where it came from. */
export interface ResolvedSchema {
  schemaType: SchemaType;
  schema: string;
  /** Texts of every (transitive) reference by reference name. */
  referenceTexts: Record<string, string>;
  /** File holding the schema text (repository version file or reader schema file); absent for registry schemas. */
  file?: string;
  /** The subject the schema is a version of, when it is one. */
  subject?: string;
  version?: number;
  /** Human-readable origin: `schemas/x-value/v2.avsc`, `registry http://… x-value v3`, `git main: …`. */
  origin: string;
}

/** A consumed topic with its reader schema resolved against a repository. */
export interface ResolvedConsumer {
  service: string;
  contractFile: string;
  consumed: ConsumedTopic;
  reader: ResolvedSchema;
}

/** Every contract of a project, resolved against its repository. */
export interface ContractSet {
  contracts: ServiceContract[];
  /** Every consumed topic of every contract, with its reader schema. */
  consumers: ResolvedConsumer[];
}
