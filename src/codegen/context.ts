/**
 * What the driver (`generate.ts`) hands each format's type generator, and what a generator reports back.
 * One generator per format (`avro.ts`, `protobuf.ts`, `jsonschema.ts`) with the same shape: it declares the
 * version's types in the given file and says which names it exported.
 */
import type { CodegenConfig, SchemaVersion } from '../project/types.js';
import type { TsFile } from './printer.js';

/** A schema type declared by a version file, under the names consumers and producers use. */
export interface DeclaredType {
  /** The type consumers read. */
  type: string;
  /** The type producers may write (an alias of {@link type} when nothing differs). */
  input: string;
  /** Whether {@link input} differs from {@link type} (a field with a default somewhere inside). */
  inputDiffers: boolean;
}

/** What one version file exports: its root type, and every named schema type other versions can import. */
export interface VersionTypes {
  /** The type of a whole value of this version. */
  root: DeclaredType;
  /** Avro full name of the root record / Protobuf full name of the message / JSON Schema `title`. */
  recordName?: string;
  /** Named schema types declared in this file, by schema full name (Avro, Protobuf); empty for JSON Schema. */
  named: ReadonlyMap<string, DeclaredType>;
}

/** A version file that has been generated, as seen by the files that import from it. */
export interface GeneratedVersion extends VersionTypes {
  version: SchemaVersion;
  /** Path relative to `codegen.outDir`. */
  path: string;
}

export interface TypeGeneratorContext {
  version: SchemaVersion;
  /** The file being printed. The name `schema` is already declared in it. */
  file: TsFile;
  codegen: CodegenConfig;
  /** The name to give the root type when the schema does not name it: the subject's type name. */
  fallbackRootName: string;
  /**
   * The generated version that defines reference `name` (as the schema writes it), searching this version's
   * references and theirs; `undefined` when no reference has that name.
   */
  referencedVersion(name: string): GeneratedVersion | undefined;
  /** The import specifier of a generated version file, from the file being printed. */
  importPath(target: GeneratedVersion): string;
}

/** A format's type generator. Async because JSON Schema goes through json-schema-to-typescript. */
export type TypeGenerator = (context: TypeGeneratorContext) => VersionTypes | Promise<VersionTypes>;
