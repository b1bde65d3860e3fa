/**
 * Confluent's content models. An object or tuple is *open* when anything may follow its declared
 * properties/items, *partially open* for a name (position) when a schema constrains what may follow, and
 * *closed* otherwise. `unevaluated*` count as open only when absent or `{}`/`true`.
 */
import { isEmptyNode, type ArrayNode, type JsonSchemaNode, type ObjectNode } from '../../schema/jsonschema.js';

function isOpenUnevaluated(schema: JsonSchemaNode | undefined): boolean {
  return schema === undefined || isEmptyNode(schema);
}

/** An `unevaluated*` schema that constrains (not absent, not `{}`/`true`, not `false`). */
function constrainingUnevaluated(schema: JsonSchemaNode | undefined): JsonSchemaNode | undefined {
  return schema !== undefined && !isEmptyNode(schema) && schema.kind !== 'false' ? schema : undefined;
}

/** No `additionalProperties` schema or `false`, no `patternProperties`, `unevaluatedProperties` absent or empty. */
export function isOpenObject(node: ObjectNode): boolean {
  return node.permitsAdditionalProperties && node.additionalPropertiesSchema === undefined && node.patternProperties.length === 0 && isOpenUnevaluated(node.unevaluatedProperties);
}

/**
 * The schema a property `name` not declared in `properties` must satisfy: the first `patternProperties` entry
 * whose regex finds a match anywhere in the name, else the `additionalProperties` schema, else a constraining
 * `unevaluatedProperties` (when additional properties are allowed). `undefined` when none applies.
 */
export function objectSchemaForUndeclared(node: ObjectNode, name: string): JsonSchemaNode | undefined {
  for (const entry of node.patternProperties) if (entry.regex.test(name)) return entry.schema;
  if (node.additionalPropertiesSchema) return node.additionalPropertiesSchema;
  return node.permitsAdditionalProperties ? constrainingUnevaluated(node.unevaluatedProperties) : undefined;
}

/** Additional items allowed without a schema and `unevaluatedItems` absent or empty. */
export function isOpenArray(node: ArrayNode): boolean {
  return node.permitsAdditionalItems && node.additionalItemsSchema === undefined && isOpenUnevaluated(node.unevaluatedItems);
}

/** The schema items past the tuple must satisfy: the additional-items schema, else a constraining `unevaluatedItems`. */
export function arraySchemaForAdditional(node: ArrayNode): JsonSchemaNode | undefined {
  if (node.additionalItemsSchema) return node.additionalItemsSchema;
  return node.permitsAdditionalItems ? constrainingUnevaluated(node.unevaluatedItems) : undefined;
}
