/**
 * Drafts 04/06/07 → node tree, following Everit's `SchemaLoader` (the library Confluent compares with):
 * a `$ref` object is only a reference (its other validation keywords are ignored); otherwise every facet
 * the object has — `enum`, `allOf`/`anyOf`/`oneOf`, `not`, `const`, `type`, keyword families without a
 * matching `type`, `if`/`then`/`else` — becomes a node, and several facets form a synthetic `allOf`.
 */
import type { JsonValue } from '../json-text.js';
import { idKeyword } from './draft.js';
import { javaHashSetOrder } from './java-hash-order.js';
import type {
  ArrayNode,
  BooleanNode,
  CombinedNode,
  ConditionalNode,
  ConstNode,
  EmptyNode,
  EnumNode,
  FalseNode,
  JsonSchemaDraft,
  JsonSchemaNode,
  NotNode,
  NullNode,
  NumberNode,
  ObjectNode,
  StringNode,
  TrueNode,
} from './model.js';
import { addUnprocessed, isJsonObject, nodeOf, type JsonObject, type SchemaSite, type SchemaTreeBuilder, type SiteLoader } from './tree-builder.js';

const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const CONDITIONAL_KEYWORDS = ['if', 'then', 'else'];
const COMBINED_KEYWORDS = ['allOf', 'anyOf', 'oneOf'] as const;

const ARRAY_KEYWORDS_04 = ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'];
const ARRAY_KEYWORDS = [...ARRAY_KEYWORDS_04, 'contains'];
const OBJECT_KEYWORDS_04 = ['properties', 'required', 'minProperties', 'maxProperties', 'dependencies', 'patternProperties', 'additionalProperties'];
const OBJECT_KEYWORDS = [...OBJECT_KEYWORDS_04, 'propertyNames'];

function arrayKeywords(draft: JsonSchemaDraft): readonly string[] {
  return draft === 'draft-04' ? ARRAY_KEYWORDS_04 : ARRAY_KEYWORDS;
}

function objectKeywords(draft: JsonSchemaDraft): readonly string[] {
  return draft === 'draft-04' ? OBJECT_KEYWORDS_04 : OBJECT_KEYWORDS;
}

type Family = 'array' | 'object' | 'number' | 'string';

/** The keyword families in the order Everit sniffs them (built once per draft, not per schema object). */
const FAMILIES_04: ReadonlyArray<readonly [Family, readonly string[]]> = [
  ['array', ARRAY_KEYWORDS_04],
  ['object', OBJECT_KEYWORDS_04],
  ['number', NUMBER_KEYWORDS],
  ['string', STRING_KEYWORDS],
];
const FAMILIES: ReadonlyArray<readonly [Family, readonly string[]]> = [
  ['array', ARRAY_KEYWORDS],
  ['object', OBJECT_KEYWORDS],
  ['number', NUMBER_KEYWORDS],
  ['string', STRING_KEYWORDS],
];

export const loadEveritSite: SiteLoader = (builder, site, json) => {
  if (json === true) return nodeOf<TrueNode>(builder.common(site), { kind: 'true' });
  if (json === false) return nodeOf<FalseNode>(builder.common(site), { kind: 'false' });
  if (!isJsonObject(json)) throw builder.invalid(site.location, 'a schema must be a JSON object or a boolean', 'Replace the value with a schema object such as {"type": "string"}.');
  return loadSchemaObject(builder, site, json);
};

function loadSchemaObject(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject): JsonSchemaNode {
  const consumed = new Set<string>();
  let node: JsonSchemaNode;
  const ref = json['$ref'];
  if (typeof ref === 'string') {
    consumed.add('$ref');
    node = builder.reference(site, ref);
  } else {
    const facets = extractFacets(builder, site, json, consumed);
    if (facets.length === 1) node = facets[0] as JsonSchemaNode;
    else if (facets.length === 0) node = nodeOf<EmptyNode>(builder.common(site), { kind: 'empty' });
    else node = nodeOf<CombinedNode>(builder.common(site), { kind: 'combined', criterion: 'allOf', subschemas: facets, synthetic: true });
  }
  applyCommonKeywords(builder, site, json, node, consumed);
  for (const [keyword, value] of Object.entries(json)) {
    if (!consumed.has(keyword)) addUnprocessed(node, keyword, builder.literal(site, value, keyword));
  }
  if (node.kind === 'array') readContainsBounds(node);
  return node;
}

const FAMILY_KEYWORDS: ReadonlySet<string> = new Set([...ARRAY_KEYWORDS, ...OBJECT_KEYWORDS, ...NUMBER_KEYWORDS, ...STRING_KEYWORDS]);

/**
 * Whether the object has a keyword of some family that no facet took yet. Looks through the object's few keys
 * instead of testing two dozen keywords against it; `for…in` sees what `in` sees here (the prototype of parsed
 * JSON has no such enumerable names, and no keyword is an Object.prototype method).
 */
function hasUnconsumedFamilyKeyword(json: JsonObject, consumed: ReadonlySet<string>): boolean {
  for (const key in json) if (FAMILY_KEYWORDS.has(key) && !consumed.has(key)) return true;
  return false;
}

/** Everit's extractors, in its order: enum, combined keywords (hash-set order), not, const, type, sniffed families, conditional. */
function extractFacets(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, consumed: Set<string>): JsonSchemaNode[] {
  const facets: JsonSchemaNode[] = [];
  const enumValues = json['enum'];
  if (Array.isArray(enumValues)) {
    consumed.add('enum');
    facets.push(nodeOf<EnumNode>(builder.common(site), { kind: 'enum', values: enumValues.map((value, index) => builder.literal(site, value, 'enum', index)) }));
  }
  const criteria = javaHashSetOrder(COMBINED_KEYWORDS.filter((keyword) => Array.isArray(json[keyword]))) as Array<(typeof COMBINED_KEYWORDS)[number]>;
  for (const criterion of criteria) {
    consumed.add(criterion);
    const members = json[criterion] as JsonValue[];
    facets.push(nodeOf<CombinedNode>(builder.common(site), { kind: 'combined', criterion, synthetic: false, subschemas: members.map((_, index) => builder.child(site, criterion, index)) }));
  }
  if ('not' in json) {
    consumed.add('not');
    facets.push(nodeOf<NotNode>(builder.common(site), { kind: 'not', schema: builder.child(site, 'not') }));
  }
  if (builder.draft !== 'draft-04' && 'const' in json) {
    consumed.add('const');
    facets.push(nodeOf<ConstNode>(builder.common(site), { kind: 'const', value: builder.literal(site, json['const'] as JsonValue, 'const') }));
  }
  const type = json['type'];
  if (type !== undefined) {
    consumed.add('type');
    facets.push(typedFacet(builder, site, json, type, consumed));
  }
  if (hasUnconsumedFamilyKeyword(json, consumed)) {
    for (const [family, keywords] of builder.draft === 'draft-04' ? FAMILIES_04 : FAMILIES) {
      if (keywords.some((keyword) => keyword in json && !consumed.has(keyword))) facets.push(familyNode(builder, site, json, family, false, consumed));
    }
  }
  if (builder.draft === 'draft-07' && CONDITIONAL_KEYWORDS.some((keyword) => keyword in json)) {
    for (const keyword of CONDITIONAL_KEYWORDS) consumed.add(keyword);
    facets.push(
      nodeOf<ConditionalNode>(builder.common(site), {
        kind: 'conditional',
        ...('if' in json ? { if: builder.child(site, 'if') } : {}),
        ...('then' in json ? { then: builder.child(site, 'then') } : {}),
        ...('else' in json ? { else: builder.child(site, 'else') } : {}),
      }),
    );
  }
  return facets;
}

/** `type` as a name → that node; as an array → `anyOf` with one node per name, each absorbing its keywords. */
function typedFacet(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, type: JsonValue, consumed: Set<string>): JsonSchemaNode {
  if (Array.isArray(type)) {
    const subschemas = type.map((name) => explicitType(builder, site, json, name, consumed));
    return nodeOf<CombinedNode>(builder.common(site), { kind: 'combined', criterion: 'anyOf', subschemas, synthetic: false });
  }
  return explicitType(builder, site, json, type, consumed);
}

function explicitType(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, name: JsonValue, consumed: Set<string>): JsonSchemaNode {
  switch (name) {
    case 'string':
      return familyNode(builder, site, json, 'string', true, consumed);
    case 'integer': {
      const node = familyNode(builder, site, json, 'number', true, consumed) as NumberNode;
      node.requiresInteger = true;
      return node;
    }
    case 'number':
      return familyNode(builder, site, json, 'number', true, consumed);
    case 'array':
      return familyNode(builder, site, json, 'array', true, consumed);
    case 'object':
      return familyNode(builder, site, json, 'object', true, consumed);
    case 'boolean':
      return nodeOf<BooleanNode>(builder.common(site), { kind: 'boolean' });
    case 'null':
      return nodeOf<NullNode>(builder.common(site), { kind: 'null' });
    default:
      throw builder.invalid({ document: site.location.document, pointer: `${site.location.pointer}/type` }, `unknown type ${JSON.stringify(name)}`, 'Use one of string, integer, number, boolean, null, array, object.');
  }
}

/** A node of one keyword family, absorbing that family's keywords from the object. */
export function familyNode(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, family: Family, requires: boolean, consumed: Set<string>): JsonSchemaNode {
  switch (family) {
    case 'string':
      return stringNode(builder, site, json, requires, consumed);
    case 'number':
      return numberNode(builder, site, json, requires, consumed);
    case 'array':
      return arrayNode(builder, site, json, requires, consumed);
    case 'object':
      return objectNode(builder, site, json, requires, consumed);
  }
}

function stringNode(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, requires: boolean, consumed: Set<string>): StringNode {
  for (const keyword of STRING_KEYWORDS) if (keyword in json) consumed.add(keyword);
  const node = nodeOf<StringNode>(builder.common(site), { kind: 'string', requiresString: requires });
  const { minLength, maxLength, pattern, format } = json;
  if (typeof minLength === 'number') node.minLength = minLength;
  if (typeof maxLength === 'number') node.maxLength = maxLength;
  if (typeof pattern === 'string') {
    builder.regex(site, pattern, 'pattern');
    node.pattern = pattern;
  }
  if (typeof format === 'string') node.format = format;
  return node;
}

function numberNode(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, requires: boolean, consumed: Set<string>): NumberNode {
  for (const keyword of NUMBER_KEYWORDS) if (keyword in json) consumed.add(keyword);
  const node = nodeOf<NumberNode>(builder.common(site), { kind: 'number', requiresNumber: requires, requiresInteger: false });
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = json;
  if (typeof minimum === 'number') node.minimum = minimum;
  if (typeof maximum === 'number') node.maximum = maximum;
  if (typeof exclusiveMinimum === 'number') node.exclusiveMinimum = exclusiveMinimum;
  if (typeof exclusiveMaximum === 'number') node.exclusiveMaximum = exclusiveMaximum;
  if (typeof exclusiveMinimum === 'boolean') node.exclusiveMinimumFlag = exclusiveMinimum;
  if (typeof exclusiveMaximum === 'boolean') node.exclusiveMaximumFlag = exclusiveMaximum;
  if (typeof multipleOf === 'number') node.multipleOf = builder.numberText(site, multipleOf, 'multipleOf');
  return node;
}

function arrayNode(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, requires: boolean, consumed: Set<string>): ArrayNode {
  for (const keyword of arrayKeywords(builder.draft)) if (keyword in json) consumed.add(keyword);
  const node = nodeOf<ArrayNode>(builder.common(site), { kind: 'array', requiresArray: requires, permitsAdditionalItems: true, uniqueItems: false });
  const { items, additionalItems, minItems, maxItems, uniqueItems } = json;
  if (Array.isArray(items)) node.tupleItems = items.map((_, index) => builder.child(site, 'items', index));
  else if (items !== undefined) node.allItems = builder.child(site, 'items');
  if (typeof additionalItems === 'boolean') node.permitsAdditionalItems = additionalItems;
  else if (isJsonObject(additionalItems)) node.additionalItemsSchema = builder.child(site, 'additionalItems');
  // Everit: an all-items schema makes `additionalItems: false` meaningless, so it is forced to "permits".
  if (node.allItems) node.permitsAdditionalItems = true;
  if (typeof minItems === 'number') node.minItems = minItems;
  if (typeof maxItems === 'number') node.maxItems = maxItems;
  if (typeof uniqueItems === 'boolean') node.uniqueItems = uniqueItems;
  if (builder.draft !== 'draft-04' && json['contains'] !== undefined) node.contains = builder.child(site, 'contains');
  return node;
}

function objectNode(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, requires: boolean, consumed: Set<string>): ObjectNode {
  for (const keyword of objectKeywords(builder.draft)) if (keyword in json) consumed.add(keyword);
  const node = nodeOf<ObjectNode>(builder.common(site), {
    kind: 'object',
    requiresObject: requires,
    properties: new Map(),
    required: [],
    permitsAdditionalProperties: true,
    patternProperties: [],
    propertyDependencies: new Map(),
    schemaDependencies: new Map(),
  });
  const { properties, required, additionalProperties, patternProperties, dependencies, minProperties, maxProperties } = json;
  if (isJsonObject(properties)) for (const name of Object.keys(properties)) node.properties.set(name, builder.child(site, 'properties', name));
  if (Array.isArray(required)) node.required = required.filter((name): name is string => typeof name === 'string');
  if (typeof additionalProperties === 'boolean') node.permitsAdditionalProperties = additionalProperties;
  else if (isJsonObject(additionalProperties)) node.additionalPropertiesSchema = builder.child(site, 'additionalProperties');
  if (isJsonObject(patternProperties)) {
    for (const pattern of Object.keys(patternProperties)) {
      node.patternProperties.push({ pattern, regex: builder.regex(site, pattern, 'patternProperties', pattern), schema: builder.child(site, 'patternProperties', pattern) });
    }
  }
  if (isJsonObject(dependencies)) {
    for (const [name, dependency] of Object.entries(dependencies)) {
      if (Array.isArray(dependency)) node.propertyDependencies.set(name, dependency.filter((d): d is string => typeof d === 'string'));
      else node.schemaDependencies.set(name, builder.child(site, 'dependencies', name));
    }
  }
  if (typeof minProperties === 'number') node.minProperties = minProperties;
  if (typeof maxProperties === 'number') node.maxProperties = maxProperties;
  if (builder.draft !== 'draft-04' && json['propertyNames'] !== undefined) node.propertyNames = builder.child(site, 'propertyNames');
  return node;
}

/** `$id`/`id`, `title`, `description`, `default` (also `null`), and draft-07's ignored `readOnly`/`writeOnly`. */
function applyCommonKeywords(builder: SchemaTreeBuilder, site: SchemaSite, json: JsonObject, node: JsonSchemaNode, consumed: Set<string>): void {
  const id = json[idKeyword(builder.draft)];
  if (typeof id === 'string') {
    node.id = id;
    consumed.add(idKeyword(builder.draft));
  }
  const { title, description } = json;
  if (typeof title === 'string') {
    node.title = title;
    consumed.add('title');
  }
  if (typeof description === 'string') {
    node.description = description;
    consumed.add('description');
  }
  if ('default' in json) {
    node.default = builder.literal(site, json['default'] as JsonValue, 'default');
    consumed.add('default');
  }
  if (builder.draft === 'draft-07') {
    for (const keyword of ['readOnly', 'writeOnly']) if (keyword in json) consumed.add(keyword);
  }
}

/** Before 2019-09, `minContains`/`maxContains` are unknown keywords; Confluent still reads numeric ones from the leftovers. */
function readContainsBounds(node: ArrayNode): void {
  for (const keyword of ['minContains', 'maxContains'] as const) {
    const value = node.unprocessed.get(keyword)?.value;
    if (typeof value === 'number') node[keyword] = Math.trunc(value);
  }
}
