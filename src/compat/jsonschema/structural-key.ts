/**
 * Structural identity of nodes, for de-duplicating `allOf`/`anyOf`/`oneOf` members the way Confluent does
 * (a `LinkedHashSet` of schemas with structural `equals`). References are keyed by their `$ref` and where it
 * resolves, not by their target's content, which keeps recursive schemas finite.
 */
import type { JsonSchemaNode } from '../../schema/jsonschema.js';

const keys = new WeakMap<JsonSchemaNode, string>();

export function structuralKey(node: JsonSchemaNode): string {
  let key = keys.get(node);
  if (key === undefined) {
    key = JSON.stringify(describe(node));
    keys.set(node, key);
  }
  return key;
}

type Described = string | number | boolean | null | undefined | Described[] | { [key: string]: Described };

/** Map entries by key: Everit keeps these in hash maps, whose equality ignores order. */
function sortedEntries<V>(map: ReadonlyMap<string, V>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function byFirst(a: Described, b: Described): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function child(node: JsonSchemaNode | undefined): Described {
  return node === undefined ? null : structuralKey(node);
}

function describe(node: JsonSchemaNode): Described {
  const common: Described = {
    kind: node.kind,
    id: node.id,
    title: node.title,
    description: node.description,
    default: node.default?.key,
    unprocessed: sortedEntries(node.unprocessed).map(([name, literal]) => [name, literal.key]),
  };
  return [common, content(node)];
}

function content(node: JsonSchemaNode): Described {
  switch (node.kind) {
    case 'string':
      return [node.requiresString, node.minLength, node.maxLength, node.pattern, node.format];
    case 'number':
      return [node.requiresNumber, node.requiresInteger, node.minimum, node.maximum, node.exclusiveMinimum, node.exclusiveMaximum, node.exclusiveMinimumFlag, node.exclusiveMaximumFlag, node.multipleOf];
    case 'object':
      return [
        node.requiresObject,
        sortedEntries(node.properties).map(([name, schema]) => [name, child(schema)]),
        [...node.required].sort(),
        node.permitsAdditionalProperties,
        child(node.additionalPropertiesSchema),
        node.patternProperties.map((entry): Described => [entry.pattern, child(entry.schema)]).sort(byFirst),
        sortedEntries(node.propertyDependencies).map(([name, names]) => [name, [...names].sort()]),
        sortedEntries(node.schemaDependencies).map(([name, schema]) => [name, child(schema)]),
        node.minProperties,
        node.maxProperties,
        child(node.propertyNames),
        child(node.unevaluatedProperties),
      ];
    case 'array':
      return [
        node.requiresArray,
        child(node.allItems),
        node.tupleItems?.map(child) ?? null,
        node.permitsAdditionalItems,
        child(node.additionalItemsSchema),
        child(node.contains),
        node.minItems,
        node.maxItems,
        node.uniqueItems,
        node.minContains,
        node.maxContains,
        child(node.unevaluatedItems),
      ];
    case 'enum':
      return [...new Set(node.values.map((literal) => literal.key))].sort();
    case 'const':
      return node.value.key;
    case 'combined':
      return [node.criterion, node.subschemas.map(child)];
    case 'not':
      return child(node.schema);
    case 'reference':
      return [node.ref, node.target.location.document, node.target.location.pointer];
    case 'conditional':
      return [child(node.if), child(node.then), child(node.else)];
    default:
      return null;
  }
}
