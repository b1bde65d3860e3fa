/**
 * The parsed Avro model shared by compat, codegen, lint and examples. Produced by
 * `avroFormat.parse` (src/schema/avro.ts). Named types are single objects: every reference
 * to a named type (including from references' schemas) is the same node, so identity
 * comparisons (`a === b`) work and recursive types are cyclic object graphs.
 */

export type AvroPrimitiveName = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

interface AvroNodeBase {
  /** JSON path of the node's definition inside its schema text, e.g. `#/fields/2/type/1`. */
  path: string;
  /** `logicalType` as written (not validated against the underlying type here). */
  logicalType?: string;
  /**
   * Set when {@link logicalType} is unknown or not valid for this type (wrong underlying type, decimal
   * without a valid precision/scale, …): why. The Avro spec says such a logical type is ignored, so
   * consumers treat the node as its underlying type.
   */
  logicalTypeError?: string;
  /** Every attribute kontract does not model (custom props such as `connect.name`, `precision` on bytes, …). */
  props: Record<string, unknown>;
}

export interface AvroPrimitive extends AvroNodeBase {
  kind: 'primitive';
  type: AvroPrimitiveName;
}

interface AvroNamedBase extends AvroNodeBase {
  /** Full name (`namespace.Name`); `''` for an anonymous record accepted in non-strict parsing. */
  name: string;
  /** The short (unqualified) name. */
  shortName: string;
  namespace?: string;
  /** Aliases, fully qualified with this type's namespace as the Avro spec says. */
  aliases: string[];
  doc?: string;
  /** The name of the schema reference this type was defined in (Avro full name used as reference name), if not the main schema. */
  definedIn?: string;
}

export interface AvroField {
  name: string;
  type: AvroType;
  doc?: string;
  /** True when the field declares `default` (including `"default": null`). */
  hasDefault: boolean;
  /** The default as written in JSON (only meaningful when {@link hasDefault}). */
  default?: unknown;
  /** Field aliases as written (field aliases are not namespaced). */
  aliases: string[];
  order?: 'ascending' | 'descending' | 'ignore';
  /** JSON path of the field object, e.g. `#/fields/2`. */
  path: string;
  props: Record<string, unknown>;
}

export interface AvroRecord extends AvroNamedBase {
  kind: 'record';
  /** `error` records are records for every purpose kontract has. */
  recordType: 'record' | 'error';
  fields: AvroField[];
}

export interface AvroEnum extends AvroNamedBase {
  kind: 'enum';
  symbols: string[];
  /** The enum-level `default` symbol (Avro 1.9+), if declared. */
  default?: string;
}

export interface AvroFixed extends AvroNamedBase {
  kind: 'fixed';
  size: number;
}

export interface AvroArray extends AvroNodeBase {
  kind: 'array';
  items: AvroType;
}

export interface AvroMap extends AvroNodeBase {
  kind: 'map';
  values: AvroType;
}

export interface AvroUnion extends AvroNodeBase {
  kind: 'union';
  branches: AvroType[];
}

export type AvroNamedType = AvroRecord | AvroEnum | AvroFixed;
export type AvroType = AvroPrimitive | AvroNamedType | AvroArray | AvroMap | AvroUnion;

export interface ParsedAvroSchema {
  root: AvroType;
  /** Every named type known while parsing, by full name: those of the references and of the main text. */
  namedTypes: Map<string, AvroNamedType>;
  /** Full names of the named types defined in the main text (not in references), in definition order. */
  definedNames: string[];
  /** The schema text as given. */
  text: string;
}
