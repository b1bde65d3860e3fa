import { describe, expect, it } from 'vitest';
import { KontractError } from '../../src/errors.js';
import {
  canonicalJsonSchema,
  jsonSchemaFormat,
  parseJsonSchema,
  type ArrayNode,
  type CombinedNode,
  type JsonSchemaNode,
  type ObjectNode,
  type ReferenceNode,
} from '../../src/schema/jsonschema.js';

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';
const DRAFT_06 = 'http://json-schema.org/draft-06/schema#';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
const DRAFT_2019 = 'https://json-schema.org/draft/2019-09/schema';
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

function parse(schema: unknown, references: Record<string, unknown> = {}) {
  return parseJsonSchema({
    schema: typeof schema === 'string' ? schema : JSON.stringify(schema),
    references: Object.fromEntries(Object.entries(references).map(([name, text]) => [name, typeof text === 'string' ? text : JSON.stringify(text)])),
  });
}

function rootOf(schema: unknown, references: Record<string, unknown> = {}): JsonSchemaNode {
  return parse(schema, references).root;
}

function parseError(schema: string, references: Record<string, string> = {}): KontractError {
  try {
    parseJsonSchema({ schema, references });
  } catch (error) {
    if (error instanceof KontractError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

function expectKind<K extends JsonSchemaNode['kind']>(node: JsonSchemaNode | undefined, kind: K): Extract<JsonSchemaNode, { kind: K }> {
  expect(node?.kind).toBe(kind);
  return node as Extract<JsonSchemaNode, { kind: K }>;
}

describe('parseJsonSchema: drafts', () => {
  it.each([
    [{ $schema: DRAFT_04, type: 'string' }, 'draft-04'],
    [{ $schema: DRAFT_06, type: 'string' }, 'draft-06'],
    [{ $schema: DRAFT_07, type: 'string' }, 'draft-07'],
    [{ $schema: 'https://json-schema.org/draft-07/schema', type: 'string' }, 'draft-07'],
    [{ $schema: DRAFT_2019, type: 'string' }, '2019-09'],
    [{ $schema: `${DRAFT_2020}#`, type: 'string' }, '2020-12'],
    [{ type: 'string' }, 'draft-07'],
    [{ $schema: 'https://example.com/my-meta', type: 'string' }, 'draft-07'],
    [true, 'draft-07'],
  ])('reads %j as %s', (schema, draft) => {
    expect(parse(schema).draft).toBe(draft);
  });

  it('keeps the raw documents for codegen and serialization', () => {
    const parsed = parse({ $ref: 'a.json' }, { 'a.json': { type: 'string' } });
    expect(parsed.raw).toEqual({ $ref: 'a.json' });
    expect(parsed.references.get('a.json')).toEqual({ type: 'string' });
  });
});

describe('parseJsonSchema: errors', () => {
  it('reports JSON syntax errors with line and column', () => {
    const error = parseError('{\n  "type": "string",\n}');
    expect(error.code).toBe('SCHEMA_SYNTAX');
    expect(error.location).toMatchObject({ line: 3, column: 1 });
  });

  it.each([
    ['draft-07', '{\n  "properties": {\n    "a": {"type": "strin"}\n  }\n}', '#/properties/a/type', 3, 19],
    ['draft-04', `{"$schema": "${DRAFT_04}",\n "minimum": 1, "exclusiveMinimum": 3}`, '#/exclusiveMinimum', 2, 36],
    ['draft-06', `{"$schema": "${DRAFT_06}",\n "properties": {"a": {"minLength": -1}}}`, '#/properties/a/minLength', 2, 36],
    ['2019-09', `{"$schema": "${DRAFT_2019}",\n "items": [3]}`, '#/items', 2, 11],
    ['2020-12', `{"$schema": "${DRAFT_2020}",\n "prefixItems": 3}`, '#/prefixItems', 2, 17],
    ['draft-07 root', '"string"', '#/', 1, 1],
  ])('rejects a document that is not a valid %s schema', (_draft, text, path, line, column) => {
    const error = parseError(text);
    expect(error.code).toBe('SCHEMA_INVALID');
    expect(error.location).toEqual({ path, line, column });
    expect(error.message).toContain(path);
    expect(error.hint).toBeTruthy();
  });

  it('rejects an invalid regular expression where it is written', () => {
    const error = parseError('{"type": "string",\n "pattern": "(unclosed"}');
    expect(error.code).toBe('SCHEMA_INVALID');
    expect(error.location).toEqual({ path: '#/pattern', line: 2, column: 13 });
    const inPatternProperties = parseError('{"patternProperties": {"[": {}}}');
    expect(inPatternProperties.location?.path).toBe('#/patternProperties/[');
  });

  it('names an unresolvable local $ref', () => {
    const error = parseError('{\n  "properties": {"a": {"$ref": "#/definitions/missing"}}\n}');
    expect(error.code).toBe('REFERENCE_UNRESOLVED');
    expect(error.message).toContain('#/definitions/missing');
    expect(error.location).toEqual({ path: '#/properties/a/$ref', line: 2, column: 32 });
    expect(error.hint).toContain('existing location');
  });

  it('tells to add a schema reference for an unresolvable external $ref', () => {
    const error = parseError('{"$ref": "customer.json#/definitions/Id"}');
    expect(error.code).toBe('REFERENCE_UNRESOLVED');
    expect(error.hint).toContain('schema reference named "customer.json"');
    expect(error.context).toMatchObject({ ref: 'customer.json#/definitions/Id' });
  });

  it('locates errors inside referenced schemas by reference name', () => {
    const syntax = parseError('{"$ref": "a.json"}', { 'a.json': '{"type": }' });
    expect(syntax.code).toBe('SCHEMA_SYNTAX');
    expect(syntax.message).toContain('"a.json"');
    expect(syntax.context).toEqual({ reference: 'a.json' });
    const invalid = parseError('{"$ref": "a.json"}', { 'a.json': '{"type": 3}' });
    expect(invalid.code).toBe('SCHEMA_INVALID');
    expect(invalid.context).toEqual({ reference: 'a.json' });
    const unresolved = parseError('{"$ref": "a.json"}', { 'a.json': '{\n"$ref": "#/nowhere"}' });
    expect(unresolved.code).toBe('REFERENCE_UNRESOLVED');
    expect(unresolved.location).toEqual({ path: '#/$ref', line: 2, column: 9 });
    expect(unresolved.context).toMatchObject({ reference: 'a.json' });
  });

  it('rejects a $ref to a value that is not a schema', () => {
    expect(parseError('{"$ref": "#/definitions/a/type", "definitions": {"a": {"type": "string"}}}').code).toBe('SCHEMA_INVALID');
  });
});

describe('parseJsonSchema: $ref resolution', () => {
  it('shares one node per target, so recursive schemas close on themselves', () => {
    const root = expectKind(rootOf({ type: 'object', properties: { next: { $ref: '#' }, other: { $ref: '#' } } }), 'object');
    const next = expectKind(root.properties.get('next'), 'reference');
    const other = expectKind(root.properties.get('other'), 'reference');
    expect(next.target).toBe(root);
    expect(other.target).toBe(root);
  });

  it('follows references across referenced schemas, which may reference each other', () => {
    const root = expectKind(rootOf({ $ref: 'a.json#/definitions/x' }, { 'a.json': { definitions: { x: { $ref: 'b.json' } } }, 'b.json': { type: 'string', maxLength: 3 } }), 'reference');
    const inner = expectKind(root.target, 'reference');
    expect(expectKind(inner.target, 'string').maxLength).toBe(3);
  });

  it('resolves relative references against $id, also when the reference is registered by its full URL', () => {
    const schema = { $id: 'https://example.com/schemas/order.json', properties: { customer: { $ref: 'customer.json' } } };
    for (const name of ['customer.json', 'https://example.com/schemas/customer.json']) {
      const root = expectKind(rootOf(schema, { [name]: { type: 'object' } }), 'object');
      expectKind(expectKind(root.properties.get('customer'), 'reference').target, 'object');
    }
  });

  it('resolves embedded $id resources, anchors and $defs ↔ definitions', () => {
    const embedded = expectKind(
      rootOf({ properties: { a: { $ref: 'http://example.com/item.json' } }, definitions: { item: { $id: 'http://example.com/item.json', type: 'integer' } } }),
      'object',
    );
    expect(expectKind(expectKind(embedded.properties.get('a'), 'reference').target, 'number').requiresInteger).toBe(true);
    const anchored = expectKind(rootOf({ $schema: DRAFT_2020, $ref: '#name', $defs: { a: { $anchor: 'name', type: 'boolean' } } }), 'reference');
    expectKind(anchored.target, 'boolean');
    const draft7Anchor = expectKind(rootOf({ $ref: '#name', definitions: { a: { $id: '#name', type: 'null' } } }), 'reference');
    expectKind(draft7Anchor.target, 'null');
    const viaDefs = expectKind(rootOf({ $ref: '#/$defs/a', definitions: { a: { type: 'string' } } }), 'reference');
    expectKind(viaDefs.target, 'string');
  });
});

describe('parseJsonSchema: the Everit model (drafts 4–7)', () => {
  it('makes several facets a synthetic allOf, in Everit extractor order', () => {
    const root = expectKind(rootOf({ type: 'string', enum: ['a'], minimum: 1 }), 'combined');
    expect(root).toMatchObject({ criterion: 'allOf', synthetic: true });
    expect(root.subschemas.map((node) => node.kind)).toEqual(['enum', 'string', 'number']);
  });

  it('makes a type array an anyOf whose members absorb their keywords', () => {
    const root = expectKind(rootOf({ type: ['string', 'null'], maxLength: 3 }), 'combined');
    expect(root.criterion).toBe('anyOf');
    expect(expectKind(root.subschemas[0], 'string').maxLength).toBe(3);
    expectKind(root.subschemas[1], 'null');
  });

  it('sniffs keyword families without a type', () => {
    expect(expectKind(rootOf({ minimum: 0 }), 'number').requiresNumber).toBe(false);
    expect(expectKind(rootOf({ format: 'date-time' }), 'string').format).toBe('date-time');
    expectKind(rootOf({ required: ['a'] }), 'object');
    expectKind(rootOf({ if: { type: 'string' }, then: { minLength: 1 } }), 'conditional');
    expectKind(rootOf({ description: 'anything' }), 'empty');
  });

  it('keeps only the reference for a $ref object, with other keywords as leftovers', () => {
    const root = expectKind(rootOf({ $ref: '#/definitions/a', title: 'A', maxLength: 3, definitions: { a: { type: 'string' } } }), 'reference');
    expect(root.title).toBe('A');
    expect([...root.unprocessed.keys()].sort()).toEqual(['definitions', 'maxLength']);
  });

  it('loads content models: additionalProperties, patternProperties, dependencies, tuples', () => {
    const object = expectKind(
      rootOf({ properties: { a: {} }, additionalProperties: {}, patternProperties: { '^x-': { type: 'string' } }, dependencies: { a: ['b'], c: { required: ['d'] } } }),
      'object',
    );
    expect(object.additionalPropertiesSchema?.kind).toBe('empty');
    expect(object.patternProperties[0]?.regex.test('has x-y')).toBe(false);
    expect(object.patternProperties[0]?.regex.test('x-y')).toBe(true);
    expect(object.propertyDependencies.get('a')).toEqual(['b']);
    expectKind(object.schemaDependencies.get('c'), 'object');
    const tuple = expectKind(rootOf({ items: [{ type: 'string' }, true], additionalItems: false }), 'array');
    expect(tuple.tupleItems?.map((node) => node.kind)).toEqual(['string', 'true']);
    expect(tuple.permitsAdditionalItems).toBe(false);
    // An all-items schema makes `additionalItems: false` moot: Everit forces "permits".
    expect(expectKind(rootOf({ items: { type: 'string' }, additionalItems: false }), 'array').permitsAdditionalItems).toBe(true);
  });

  it('keeps default null, $id and the literal text of numbers', () => {
    const root = expectKind(parseJsonSchema({ schema: '{"$id": "x", "type": "number", "default": null, "multipleOf": 0.10}' }).root, 'number');
    expect(root.default?.value).toBeNull();
    expect(root.id).toBe('x');
    expect(root.multipleOf).toBe('0.10');
    expect(expectKind(rootOf({ $schema: DRAFT_04, id: 'y' }), 'empty').id).toBe('y');
  });

  it('reads minContains/maxContains from leftover keywords', () => {
    expect(expectKind(rootOf({ type: 'array', minContains: 2.7, maxContains: 'x' }), 'array')).toMatchObject({ minContains: 2 });
  });
});

describe('parseJsonSchema: the 2019-09/2020-12 translation', () => {
  const modern = (schema: object) => rootOf({ $schema: DRAFT_2020, ...schema });

  it('merges keywords of one family and wraps different kinds in a generated allOf', () => {
    const string = expectKind(modern({ minLength: 1, type: 'string', maxLength: 3 }), 'string');
    expect(string).toMatchObject({ minLength: 1, maxLength: 3, requiresString: true });
    const mixed = expectKind(modern({ type: 'string', enum: ['a'] }), 'combined');
    expect(mixed).toMatchObject({ criterion: 'allOf', synthetic: true });
    expect(mixed.subschemas.map((node) => node.kind)).toEqual(['string', 'enum']);
    const typeArray = expectKind(modern({ type: ['integer', 'null'], minimum: 0 }), 'combined');
    expect(expectKind(typeArray.subschemas[0], 'number')).toMatchObject({ requiresInteger: true, minimum: 0 });
  });

  it('treats $ref as an ordinary keyword and drops $id and default null', () => {
    const root = expectKind(modern({ $id: 'https://x/y', $ref: '#/$defs/a', default: null, $defs: { a: {} } }), 'reference');
    expect(root.id).toBeUndefined();
    expect(root.default).toBeUndefined();
    expect(expectKind(modern({ $ref: '#/$defs/a', type: 'object', $defs: { a: {} } }), 'combined').subschemas.map((n) => n.kind)).toEqual(['reference', 'object']);
  });

  it('makes no object for empty properties, but one for additionalProperties: true', () => {
    expectKind(modern({ properties: {} }), 'empty');
    const object = expectKind(modern({ additionalProperties: true }), 'object');
    expect(object.permitsAdditionalProperties).toBe(true);
    expect(object.additionalPropertiesSchema).toBeUndefined();
  });

  it('maps items/prefixItems/contains to the Everit array model', () => {
    const itemsTrue = expectKind(modern({ items: true }), 'array');
    expect(itemsTrue.allItems).toBeUndefined();
    expect(itemsTrue.permitsAdditionalItems).toBe(true);
    const itemsFalse = expectKind(modern({ items: false }), 'array');
    expect(itemsFalse.allItems).toBeUndefined();
    expect(itemsFalse.permitsAdditionalItems).toBe(false);
    const tuple = expectKind(modern({ prefixItems: [{ type: 'string' }], items: { type: 'number' } }), 'array');
    expect(tuple.tupleItems).toHaveLength(1);
    expectKind(tuple.additionalItemsSchema, 'number');
    expect(expectKind(modern({ contains: {} }), 'array')).toMatchObject({ minContains: 1 });
    const tuple2019 = expectKind(rootOf({ $schema: DRAFT_2019, items: [{ type: 'string' }], additionalItems: false }), 'array');
    expect(tuple2019).toMatchObject({ permitsAdditionalItems: false });
    expect(tuple2019.tupleItems).toHaveLength(1);
  });

  it('puts dependentRequired/dependentSchemas and unevaluated* on the object/array node', () => {
    const object = expectKind(modern({ dependentRequired: { a: ['b'] }, dependentSchemas: { c: {} }, unevaluatedProperties: false }), 'object') as ObjectNode;
    expect(object.propertyDependencies.get('a')).toEqual(['b']);
    expect(object.schemaDependencies.has('c')).toBe(true);
    expectKind(object.unevaluatedProperties, 'false');
    expectKind((expectKind(modern({ unevaluatedItems: {} }), 'array') as ArrayNode).unevaluatedItems, 'empty');
  });

  it('replaces the leftover bag with unknown keywords, losing unevaluated* on a lone node (Confluent quirk)', () => {
    const object = expectKind(modern({ unevaluatedProperties: false, $comment: 'x' }), 'object');
    expect(object.unevaluatedProperties).toBeUndefined();
    expect([...object.unprocessed.keys()]).toEqual(['$comment']);
    const combined = expectKind(modern({ unevaluatedProperties: false, enum: [{}], $defs: { a: {} } }), 'combined') as CombinedNode;
    expect([...combined.unprocessed.keys()]).toEqual(['$defs']);
    expectKind(expectKind(combined.subschemas[0], 'object').unevaluatedProperties, 'false');
  });
});

describe('jsonSchemaFormat', () => {
  it('lists external $ref URLs without fragment, once, skipping data and local references', () => {
    const text = JSON.stringify({
      $id: 'https://example.com/root.json',
      properties: {
        a: { $ref: 'a.json#/definitions/x' },
        b: { $ref: '#/definitions/b' },
        c: { $ref: 'b.json' },
        d: { $ref: 'a.json' },
        e: { $ref: 'https://example.com/root.json#/definitions/b' },
        f: { $ref: 'https://example.com/inner.json' },
      },
      definitions: { b: {}, inner: { $id: 'inner.json' } },
      enum: [{ $ref: 'data.json' }],
    });
    expect(jsonSchemaFormat.referencedNames(text)).toEqual(['a.json', 'b.json']);
  });

  it('normalizes to sorted keys without whitespace, keeping number literals', () => {
    expect(canonicalJsonSchema({ schema: '{ "type": "object",\n "properties": {"b": {"enum": [1.0, 2]}, "a": {}} }' })).toBe('{"properties":{"a":{},"b":{"enum":[1.0,2]}},"type":"object"}');
    expect(jsonSchemaFormat.normalize({ schema: '{"b":1,"a":"\\u00e9"}' })).toBe('{"a":"é","b":1}');
  });

  it('names the top-level properties and defines no names', () => {
    const parsed = parse({ properties: { id: {}, name: {} } });
    expect(jsonSchemaFormat.topLevelFieldNames(parsed)).toEqual(['id', 'name']);
    expect(jsonSchemaFormat.topLevelFieldNames(parse(true))).toEqual([]);
    expect(jsonSchemaFormat.definedNames(parsed)).toEqual([]);
    expect(jsonSchemaFormat).toMatchObject({ type: 'JSON', fileExtensions: ['.json'] });
  });

  it('exposes reference nodes with their written $ref', () => {
    const root = rootOf({ $ref: '#/definitions/a', definitions: { a: {} } }) as ReferenceNode;
    expect(root.ref).toBe('#/definitions/a');
    expect(root.location).toEqual({ document: '', pointer: '' });
    expect(root.target.location).toEqual({ document: '', pointer: '/definitions/a' });
  });
});
