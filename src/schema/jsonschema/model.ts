/**
 * The JSON Schema model the compatibility diff walks: the node tree of the Everit library that Confluent
 * Schema Registry compares (its json-sKema 2019-09/2020-12 output is translated into the same tree).
 * A schema object does not map one-to-one onto a node: `{"type": "string", "enum": ["a"]}` becomes a
 * synthetic `allOf` of a string node and an enum node, `{"type": ["string", "null"]}` an `anyOf`.
 * Nodes are plain data built once by the loader; every `$ref` target is one shared node, so node
 * identity is meaningful (the diff memoises by it).
 */
import type { JsonValue } from '../json-text.js';

/** The drafts kontract recognises from `$schema` (anything else is read as draft-07, as Everit does). */
export type JsonSchemaDraft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

/**
 * A JSON value from a schema document together with its Java-equality key. Confluent compares `enum`,
 * `const` and `default` values as Java objects: `1` (Integer) differs from `1.0` (BigDecimal) and from
 * `1.00`; object members compare without regard to order. Two literals are equal iff their keys are.
 */
export interface JsonLiteral {
  readonly value: JsonValue;
  readonly key: string;
  /** Compact JSON text with numbers as written (`1.0` stays `1.0`), for messages. */
  readonly text: string;
}

/** Where a node was loaded from: `document` is `''` for the schema itself, else the reference name. */
export interface NodeLocation {
  readonly document: string;
  /** JSON pointer into that document (`''` for its root). */
  readonly pointer: string;
}

/** What every node carries besides its kind-specific content. */
export interface NodeCommon {
  /** Identity for memoisation; unique within the process. */
  readonly uid: number;
  readonly location: NodeLocation;
  /** `$id` (draft-04: `id`); never set by the 2019-09/2020-12 translation. */
  id?: string;
  title?: string;
  description?: string;
  /** Absent when the schema declares no default (and, in 2019-09/2020-12, for `"default": null`). */
  default?: JsonLiteral;
  /** Keywords the loader did not consume (`connect.type`, `definitions`, `$comment`, …), by name. */
  unprocessed: Map<string, JsonLiteral>;
}

export interface StringNode extends NodeCommon {
  kind: 'string';
  requiresString: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

export interface NumberNode extends NodeCommon {
  kind: 'number';
  requiresNumber: boolean;
  requiresInteger: boolean;
  minimum?: number;
  maximum?: number;
  /** Draft-06+ numeric exclusive limits. */
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** Draft-04 boolean flags; kept for completeness, never compared (as in Confluent). */
  exclusiveMinimumFlag?: boolean;
  exclusiveMaximumFlag?: boolean;
  /** The literal text of `multipleOf`, compared with exact decimal arithmetic. */
  multipleOf?: string;
}

export interface BooleanNode extends NodeCommon {
  kind: 'boolean';
}

export interface NullNode extends NodeCommon {
  kind: 'null';
}

export interface PatternProperty {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly schema: JsonSchemaNode;
}

export interface ObjectNode extends NodeCommon {
  kind: 'object';
  requiresObject: boolean;
  /** In document order. */
  properties: Map<string, JsonSchemaNode>;
  required: string[];
  /** False for `additionalProperties: false`. */
  permitsAdditionalProperties: boolean;
  /** Set for an object-valued `additionalProperties` (even `{}`); `true`/absent leave it unset. */
  additionalPropertiesSchema?: JsonSchemaNode;
  patternProperties: PatternProperty[];
  /** `dependencies` (2019-09+: `dependentRequired`) entries whose value is an array of names. */
  propertyDependencies: Map<string, string[]>;
  /** `dependencies` (2019-09+: `dependentSchemas`) entries whose value is a schema. */
  schemaDependencies: Map<string, JsonSchemaNode>;
  minProperties?: number;
  maxProperties?: number;
  propertyNames?: JsonSchemaNode;
  /** 2019-09/2020-12 only (see the bag-replacement quirk in the loader). */
  unevaluatedProperties?: JsonSchemaNode;
}

export interface ArrayNode extends NodeCommon {
  kind: 'array';
  requiresArray: boolean;
  /** `items` as one schema (2020-12: `items` without `prefixItems`). */
  allItems?: JsonSchemaNode;
  /** `items` as an array (2020-12: `prefixItems`). */
  tupleItems?: JsonSchemaNode[];
  permitsAdditionalItems: boolean;
  additionalItemsSchema?: JsonSchemaNode;
  contains?: JsonSchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  /** Read from the unprocessed keywords in drafts ≤ 7; from `contains` (default 1) in 2019-09/2020-12. */
  minContains?: number;
  maxContains?: number;
  /** 2019-09/2020-12 only. */
  unevaluatedItems?: JsonSchemaNode;
}

export interface EnumNode extends NodeCommon {
  kind: 'enum';
  values: JsonLiteral[];
}

export interface ConstNode extends NodeCommon {
  kind: 'const';
  value: JsonLiteral;
}

export type CombinedCriterion = 'allOf' | 'anyOf' | 'oneOf';

export interface CombinedNode extends NodeCommon {
  kind: 'combined';
  criterion: CombinedCriterion;
  subschemas: JsonSchemaNode[];
  /** True when the loader made it (several facets in one object, a type array), not an `allOf`/`anyOf`/`oneOf` keyword. */
  synthetic: boolean;
}

export interface NotNode extends NodeCommon {
  kind: 'not';
  schema: JsonSchemaNode;
}

export interface ReferenceNode extends NodeCommon {
  kind: 'reference';
  /** The `$ref` as written. */
  ref: string;
  /** The shared node the reference resolves to. */
  target: JsonSchemaNode;
}

export interface ConditionalNode extends NodeCommon {
  kind: 'conditional';
  if?: JsonSchemaNode;
  then?: JsonSchemaNode;
  else?: JsonSchemaNode;
}

/** `{}` or an object with annotations only. */
export interface EmptyNode extends NodeCommon {
  kind: 'empty';
}

/** The boolean schema `true`; counts as empty wherever Everit tests for an empty schema. */
export interface TrueNode extends NodeCommon {
  kind: 'true';
}

export interface FalseNode extends NodeCommon {
  kind: 'false';
}

export type JsonSchemaNode =
  | StringNode
  | NumberNode
  | BooleanNode
  | NullNode
  | ObjectNode
  | ArrayNode
  | EnumNode
  | ConstNode
  | CombinedNode
  | NotNode
  | ReferenceNode
  | ConditionalNode
  | EmptyNode
  | TrueNode
  | FalseNode;

export type JsonSchemaNodeKind = JsonSchemaNode['kind'];

/** A parsed JSON Schema: the node tree for the diff plus the raw documents for codegen and serialization. */
export interface ParsedJsonSchema {
  readonly draft: JsonSchemaDraft;
  readonly root: JsonSchemaNode;
  /** The schema document as written. */
  readonly raw: JsonValue;
  /** Referenced documents by reference name (the `$ref` URL without fragment). */
  readonly references: ReadonlyMap<string, JsonValue>;
  /**
   * Whether the tree holds a reference node (`$ref`, `$dynamicRef`, `$recursiveRef`). Without one, every node has
   * exactly one parent: no node is shared and none recurs, which lets the diff skip its memo.
   */
  readonly hasReferences: boolean;
}

/** `{}`/`true`: a node that accepts everything (Everit's `EmptySchema`, of which `TrueSchema` is a subclass). */
export function isEmptyNode(node: JsonSchemaNode): node is EmptyNode | TrueNode {
  return node.kind === 'empty' || node.kind === 'true';
}
