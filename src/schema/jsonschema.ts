/**
 * JSON Schema support: parsing (drafts 04/06/07, 2019-09, 2020-12) into the node model Confluent's
 * compatibility diff works on, reference resolution and canonical text. See `./jsonschema/`.
 */
export { canonicalJsonSchema, jsonSchemaFormat, jsonSchemaReferencedNames, parseJsonSchema } from './jsonschema/format.js';
export { declaredDraft, draftOf } from './jsonschema/draft.js';
export { isEmptyNode } from './jsonschema/model.js';
export type {
  ArrayNode,
  BooleanNode,
  CombinedCriterion,
  CombinedNode,
  ConditionalNode,
  ConstNode,
  EmptyNode,
  EnumNode,
  FalseNode,
  JsonLiteral,
  JsonSchemaDraft,
  JsonSchemaNode,
  JsonSchemaNodeKind,
  NodeCommon,
  NodeLocation,
  NotNode,
  NullNode,
  NumberNode,
  ObjectNode,
  ParsedJsonSchema,
  PatternProperty,
  ReferenceNode,
  StringNode,
  TrueNode,
} from './jsonschema/model.js';
