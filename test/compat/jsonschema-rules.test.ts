import { describe, expect, it } from 'vitest';
import { compatibleChanges, diffJsonSchemaNodes, jsonSchemaCompatibility, jsonSchemaRules } from '../../src/compat/jsonschema/index.js';
import type { JsonCompatibilityPolicy } from '../../src/compat/types.js';
import { KontractError } from '../../src/errors.js';
import { parseJsonSchema } from '../../src/schema/jsonschema.js';

const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';
const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

interface Fixture {
  original: unknown;
  update: unknown;
  references?: { original?: Record<string, unknown>; update?: Record<string, unknown> };
}

function parse(schema: unknown, references: Record<string, unknown> = {}) {
  return parseJsonSchema({
    schema: JSON.stringify(schema),
    references: Object.fromEntries(Object.entries(references).map(([name, text]) => [name, JSON.stringify(text)])),
  });
}

/** Confluent-style change list `TYPE #/path` of `diff(original, update)`. */
function changes({ original, update, references = {} }: Fixture, policy: JsonCompatibilityPolicy = 'STRICT'): string[] {
  const writer = parse(original, references.original);
  const reader = parse(update, references.update);
  return jsonSchemaCompatibility.diff(reader, writer, { jsonPolicy: policy }).map((d) => `${d.ruleId} ${d.location}`);
}

function compatible(fixture: Fixture, policy: JsonCompatibilityPolicy = 'STRICT'): boolean {
  const allowed = compatibleChanges(policy);
  return changes(fixture, policy).every((change) => allowed.has(change.split(' ')[0] as string));
}

const str = { type: 'string' };
const num = { type: 'number' };
const arr = (extra: object) => ({ type: 'array', ...extra });
const modern = (schema: object) => ({ $schema: DRAFT_2020, ...schema });

// One tiny original/update pair per rule the Confluent vectors do not exercise, with the exact finding.
const perRule: Array<[string, Fixture, string[]]> = [
  ['DESCRIPTION_CHANGED', { original: { description: 'a' }, update: { description: 'b' } }, ['DESCRIPTION_CHANGED #/']],
  ['DEFAULT_CHANGED', { original: { ...str, default: 'a' }, update: { ...str, default: 'b' } }, ['DEFAULT_CHANGED #/']],
  ['MAX_LENGTH_ADDED', { original: str, update: { ...str, maxLength: 5 } }, ['MAX_LENGTH_ADDED #/maxLength']],
  ['MIN_LENGTH_ADDED', { original: str, update: { ...str, minLength: 1 } }, ['MIN_LENGTH_ADDED #/minLength']],
  ['MIN_LENGTH_REMOVED', { original: { ...str, minLength: 1 }, update: str }, ['MIN_LENGTH_REMOVED #/minLength']],
  ['PATTERN_ADDED', { original: str, update: { ...str, pattern: '^a' } }, ['PATTERN_ADDED #/pattern']],
  ['MAXIMUM_ADDED', { original: num, update: { ...num, maximum: 5 } }, ['MAXIMUM_ADDED #/maximum']],
  ['MAXIMUM_INCREASED', { original: { ...num, maximum: 5 }, update: { ...num, maximum: 6 } }, ['MAXIMUM_INCREASED #/maximum']],
  ['MINIMUM_ADDED', { original: num, update: { ...num, minimum: 0 } }, ['MINIMUM_ADDED #/minimum']],
  ['MINIMUM_REMOVED', { original: { ...num, minimum: 0 }, update: num }, ['MINIMUM_REMOVED #/minimum']],
  ['EXCLUSIVE_MAXIMUM_ADDED', { original: num, update: { ...num, exclusiveMaximum: 5 } }, ['EXCLUSIVE_MAXIMUM_ADDED #/exclusiveMaximum']],
  ['EXCLUSIVE_MAXIMUM_REMOVED', { original: { ...num, exclusiveMaximum: 5 }, update: num }, ['EXCLUSIVE_MAXIMUM_REMOVED #/exclusiveMaximum']],
  ['EXCLUSIVE_MAXIMUM_INCREASED', { original: { ...num, exclusiveMaximum: 5 }, update: { ...num, exclusiveMaximum: 7 } }, ['EXCLUSIVE_MAXIMUM_INCREASED #/exclusiveMaximum']],
  [
    'EXCLUSIVE_MAXIMUM_DECREASED',
    { original: { ...num, exclusiveMaximum: 10 }, update: { ...num, exclusiveMaximum: 5, maximum: 8 } },
    ['MAXIMUM_ADDED #/maximum', 'EXCLUSIVE_MAXIMUM_DECREASED #/exclusiveMaximum'],
  ],
  ['EXCLUSIVE_MINIMUM_ADDED', { original: num, update: { ...num, exclusiveMinimum: 0 } }, ['EXCLUSIVE_MINIMUM_ADDED #/exclusiveMinimum']],
  ['EXCLUSIVE_MINIMUM_REMOVED', { original: { ...num, exclusiveMinimum: 0 }, update: num }, ['EXCLUSIVE_MINIMUM_REMOVED #/exclusiveMinimum']],
  ['EXCLUSIVE_MINIMUM_INCREASED', { original: { ...num, exclusiveMinimum: 0 }, update: { ...num, exclusiveMinimum: 1 } }, ['EXCLUSIVE_MINIMUM_INCREASED #/exclusiveMinimum']],
  ['EXCLUSIVE_MINIMUM_DECREASED', { original: { ...num, exclusiveMinimum: 1 }, update: { ...num, exclusiveMinimum: 0 } }, ['EXCLUSIVE_MINIMUM_DECREASED #/exclusiveMinimum']],
  ['MULTIPLE_OF_ADDED', { original: num, update: { ...num, multipleOf: 2 } }, ['MULTIPLE_OF_ADDED #/multipleOf']],
  ['MULTIPLE_OF_EXPANDED', { original: { ...num, multipleOf: 2 }, update: { ...num, multipleOf: 4 } }, ['MULTIPLE_OF_EXPANDED #/multipleOf']],
  [
    'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED',
    { original: { properties: { a: str } }, update: { properties: { a: { ...str, default: 'x' } }, required: ['a'] } },
    ['REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/a', 'DEFAULT_CHANGED #/properties/a'],
  ],
  ['MAX_PROPERTIES_ADDED', { original: { properties: {} }, update: { properties: {}, maxProperties: 3 } }, ['MAX_PROPERTIES_ADDED #/maxProperties']],
  ['MIN_PROPERTIES_ADDED', { original: { properties: {} }, update: { properties: {}, minProperties: 1 } }, ['MIN_PROPERTIES_ADDED #/minProperties']],
  [
    'ADDITIONAL_PROPERTIES_EXTENDED',
    { original: { properties: {}, additionalProperties: str }, update: { properties: {} } },
    ['ADDITIONAL_PROPERTIES_EXTENDED #/additionalProperties'],
  ],
  ['DEPENDENCY_ARRAY_EXTENDED', { original: { dependencies: { a: ['b'] } }, update: { dependencies: { a: ['b', 'c'] } } }, ['DEPENDENCY_ARRAY_EXTENDED #/dependencies/a']],
  ['DEPENDENCY_ARRAY_NARROWED', { original: { dependencies: { a: ['b', 'c'] } }, update: { dependencies: { a: ['b'] } } }, ['DEPENDENCY_ARRAY_NARROWED #/dependencies/a']],
  ['DEPENDENCY_ARRAY_CHANGED', { original: { dependencies: { a: ['b'] } }, update: { dependencies: { a: ['c'] } } }, ['DEPENDENCY_ARRAY_CHANGED #/dependencies/a']],
  [
    'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
    { original: { properties: {} }, update: { properties: { a: str }, required: ['a'] } },
    ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'],
  ],
  [
    'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
    { original: { properties: {} }, update: { properties: { a: { ...str, default: 'x' } }, required: ['a'] } },
    ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'],
  ],
  [
    'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
    { original: { properties: {} }, update: { properties: { a: { description: 'anything' } } } },
    ['PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a'],
  ],
  [
    'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
    { original: { properties: {}, additionalProperties: false }, update: { properties: { a: { ...str, default: 'x' } }, required: ['a'], additionalProperties: false } },
    ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/a'],
  ],
  [
    'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    { original: { properties: { a: str }, additionalProperties: false }, update: { properties: {}, additionalProperties: false } },
    ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a'],
  ],
  [
    'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    { original: { properties: { a: str }, additionalProperties: false }, update: { properties: {}, additionalProperties: num } },
    ['TYPE_CHANGED #/properties/a', 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a', 'ADDITIONAL_PROPERTIES_ADDED #/additionalProperties'],
  ],
  [
    'UNEVALUATED_PROPERTIES_ADDED',
    { original: modern({ properties: { a: str }, unevaluatedProperties: false }), update: modern({ properties: { a: str } }) },
    ['UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties'],
  ],
  [
    'UNEVALUATED_PROPERTIES_REMOVED',
    { original: modern({ properties: { a: str } }), update: modern({ properties: { a: str }, unevaluatedProperties: false }) },
    ['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties'],
  ],
  [
    'UNEVALUATED_PROPERTIES_EXTENDED',
    { original: modern({ properties: { a: str }, unevaluatedProperties: str }), update: modern({ properties: { a: str } }) },
    ['UNEVALUATED_PROPERTIES_EXTENDED #/unevaluatedProperties'],
  ],
  [
    'UNEVALUATED_PROPERTIES_NARROWED',
    { original: modern({ properties: { a: str } }), update: modern({ properties: { a: str }, unevaluatedProperties: true }) },
    ['UNEVALUATED_PROPERTIES_NARROWED #/unevaluatedProperties'],
  ],
  ['MAX_ITEMS_ADDED', { original: arr({}), update: arr({ maxItems: 3 }) }, ['MAX_ITEMS_ADDED #/maxItems']],
  ['MAX_ITEMS_REMOVED', { original: arr({ maxItems: 3 }), update: arr({}) }, ['MAX_ITEMS_REMOVED #/maxItems']],
  ['MAX_ITEMS_INCREASED', { original: arr({ maxItems: 3 }), update: arr({ maxItems: 4 }) }, ['MAX_ITEMS_INCREASED #/maxItems']],
  ['MIN_ITEMS_ADDED', { original: arr({}), update: arr({ minItems: 1 }) }, ['MIN_ITEMS_ADDED #/minItems']],
  ['MAX_CONTAINS_ADDED', { original: modern(arr({ contains: num })), update: modern(arr({ contains: num, maxContains: 2 })) }, ['MAX_CONTAINS_ADDED #/maxContains']],
  ['MAX_CONTAINS_REMOVED', { original: modern(arr({ contains: num, maxContains: 2 })), update: modern(arr({ contains: num })) }, ['MAX_CONTAINS_REMOVED #/maxContains']],
  ['MAX_CONTAINS_INCREASED', { original: modern(arr({ contains: num, maxContains: 2 })), update: modern(arr({ contains: num, maxContains: 3 })) }, ['MAX_CONTAINS_INCREASED #/maxContains']],
  ['MAX_CONTAINS_DECREASED', { original: modern(arr({ contains: num, maxContains: 3 })), update: modern(arr({ contains: num, maxContains: 2 })) }, ['MAX_CONTAINS_DECREASED #/maxContains']],
  ['MIN_CONTAINS_ADDED', { original: modern(arr({})), update: modern(arr({ contains: num })) }, ['MIN_CONTAINS_ADDED #/minContains']],
  ['MIN_CONTAINS_REMOVED', { original: modern(arr({ contains: num })), update: modern(arr({})) }, ['MIN_CONTAINS_REMOVED #/minContains']],
  ['MIN_CONTAINS_DECREASED', { original: modern(arr({ contains: num, minContains: 2 })), update: modern(arr({ contains: num })) }, ['MIN_CONTAINS_DECREASED #/minContains']],
  ['UNIQUE_ITEMS_ADDED', { original: arr({}), update: arr({ uniqueItems: true }) }, ['UNIQUE_ITEMS_ADDED #/uniqueItems']],
  ['ADDITIONAL_ITEMS_NARROWED', { original: arr({ items: [str] }), update: arr({ items: [str], additionalItems: str }) }, ['ADDITIONAL_ITEMS_NARROWED #/additionalItems']],
  [
    'UNEVALUATED_ITEMS_ADDED',
    { original: modern(arr({ prefixItems: [str], unevaluatedItems: false })), update: modern(arr({ prefixItems: [str] })) },
    ['UNEVALUATED_ITEMS_ADDED #/unevaluatedItems'],
  ],
  [
    'UNEVALUATED_ITEMS_REMOVED',
    { original: modern(arr({ prefixItems: [str] })), update: modern(arr({ prefixItems: [str], unevaluatedItems: false })) },
    ['UNEVALUATED_ITEMS_REMOVED #/unevaluatedItems'],
  ],
  [
    'UNEVALUATED_ITEMS_EXTENDED',
    { original: modern(arr({ prefixItems: [str], unevaluatedItems: str })), update: modern(arr({ prefixItems: [str], unevaluatedItems: {} })) },
    ['UNEVALUATED_ITEMS_EXTENDED #/unevaluatedItems'],
  ],
  [
    'UNEVALUATED_ITEMS_NARROWED',
    { original: modern(arr({ prefixItems: [str], unevaluatedItems: true })), update: modern(arr({ prefixItems: [str], unevaluatedItems: str })) },
    ['UNEVALUATED_ITEMS_NARROWED #/unevaluatedItems'],
  ],
  ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL', { original: arr({ items: [str] }), update: arr({ items: [str, num] }) }, ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1']],
  [
    'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    { original: arr({ items: [str, num], additionalItems: false }), update: arr({ items: [str], additionalItems: false }) },
    ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1'],
  ],
  ['ENUM_ARRAY_NARROWED', { original: { enum: ['a', 'b'] }, update: { enum: ['a'] } }, ['ENUM_ARRAY_NARROWED #/enum']],
  ['PRODUCT_TYPE_EXTENDED', { original: { allOf: [str] }, update: { allOf: [str, { maxLength: 3 }] } }, ['PRODUCT_TYPE_EXTENDED #/']],
  ['NOT_TYPE_EXTENDED', { original: { not: { type: 'integer' } }, update: { not: num } }, ['NOT_TYPE_EXTENDED #/not']],
];

describe('JSON Schema rules not covered by the Confluent vectors', () => {
  it.each(perRule)('%s', (ruleId, fixture, expected) => {
    expect(changes(fixture)).toEqual(expected);
    const rule = jsonSchemaRules.find((r) => r.id === ruleId);
    expect(rule).toBeDefined();
    expect(compatible(fixture)).toBe(!rule?.breaking);
  });

  it('declares every rule once, with purpose and hint; LENIENT relaxes only property rules', () => {
    const ids = jsonSchemaRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(132);
    for (const rule of jsonSchemaRules) {
      expect(rule.schemaType).toBe('JSON');
      expect(rule.purpose.length).toBeGreaterThan(10);
      expect(rule.hint.length).toBeGreaterThan(10);
    }
    const relaxed = jsonSchemaRules.filter((r) => r.breakingLenient === false).map((r) => r.id);
    expect(relaxed.sort()).toEqual(
      [
        'ADDITIONAL_PROPERTIES_NARROWED',
        'ADDITIONAL_PROPERTIES_REMOVED',
        'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
        'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
        'UNEVALUATED_PROPERTIES_NARROWED',
        'UNEVALUATED_PROPERTIES_REMOVED',
      ].sort(),
    );
  });

  it('gives every difference a one-line message naming what changed', () => {
    const writer = parse({ properties: { a: { type: 'string', maxLength: 5 } } });
    const reader = parse({ properties: { a: { type: 'string', maxLength: 3 } } });
    expect(jsonSchemaCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' })).toEqual([
      { ruleId: 'MAX_LENGTH_DECREASED', location: '#/properties/a/maxLength', message: 'maxLength decreased from 5 to 3' },
    ]);
  });
});

describe('JSON Schema diff quirks kept from Confluent', () => {
  it('compares a lowered exclusiveMaximum with the update maximum', () => {
    expect(changes({ original: { ...num, exclusiveMaximum: 10 }, update: { ...num, exclusiveMaximum: 5, maximum: 20 } })).toEqual(['MAXIMUM_ADDED #/maximum']);
  });

  it('fails the check when exclusiveMaximum decreases in a schema without maximum', () => {
    const run = () => changes({ original: { properties: { n: { ...num, exclusiveMaximum: 10 } } }, update: { properties: { n: { ...num, exclusiveMaximum: 5 } } } });
    expect(run).toThrow(KontractError);
    try {
      run();
    } catch (error) {
      expect((error as KontractError).code).toBe('COMPATIBILITY_CHECK_FAILED');
      expect((error as KontractError).location?.path).toBe('#/properties/n/exclusiveMaximum');
    }
  });

  it('fails the check on const null in the original', () => {
    expect(() => changes({ original: { const: null }, update: { const: null } })).toThrow(expect.objectContaining({ code: 'COMPATIBILITY_CHECK_FAILED' }));
    expect(changes({ original: { const: 1 }, update: { const: null } })).toEqual(['ENUM_ARRAY_CHANGED #/const']);
  });

  it('compares multipleOf with exact decimals', () => {
    expect(changes({ original: { ...num, multipleOf: 0.1 }, update: { ...num, multipleOf: 0.3 } })).toEqual(['MULTIPLE_OF_EXPANDED #/multipleOf']);
    expect(changes({ original: { ...num, multipleOf: 0.3 }, update: { ...num, multipleOf: 0.1 } })).toEqual(['MULTIPLE_OF_REDUCED #/multipleOf']);
    const writer = parseJsonSchema({ schema: '{"type":"number","multipleOf":0.5}' });
    const reader = parseJsonSchema({ schema: '{"type":"number","multipleOf":0.50}' });
    expect(jsonSchemaCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' })).toEqual([]);
  });

  it('tells 1 from 1.0 in enums and compares object values regardless of member order', () => {
    const writer = parseJsonSchema({ schema: '{"enum":[1, {"a":1,"b":[true]}]}' });
    expect(jsonSchemaCompatibility.diff(parseJsonSchema({ schema: '{"enum":[{"b":[true],"a":1}, 1]}' }), writer, { jsonPolicy: 'STRICT' })).toEqual([]);
    const changed = jsonSchemaCompatibility.diff(parseJsonSchema({ schema: '{"enum":[1.0, {"a":1,"b":[true]}]}' }), writer, { jsonPolicy: 'STRICT' });
    expect(changed.map((d) => d.ruleId)).toEqual(['ENUM_ARRAY_CHANGED']);
    expect(changed[0]?.message).toBe('enum values removed: 1; added: 1.0');
  });

  it('never compares draft-04 boolean exclusive limits', () => {
    expect(changes({ original: { $schema: DRAFT_04, ...num, maximum: 5, exclusiveMaximum: true }, update: { $schema: DRAFT_04, ...num, maximum: 5 } })).toEqual([]);
  });

  it('lets Kafka Connect byte fields change kind', () => {
    expect(changes({ original: { type: 'string', 'connect.type': 'bytes' }, update: { type: 'array', 'connect.type': 'bytes' } })).toEqual([]);
    expect(changes({ original: { type: 'string', 'connect.type': 'bytes' }, update: { type: 'array' } })).toEqual(['TYPE_CHANGED #/']);
  });

  it('counts default null as a default before 2019-09 only', () => {
    const original = { properties: { a: str } };
    const update = { properties: { a: { ...str, default: null } }, required: ['a'] };
    expect(changes({ original, update })).toEqual(['REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/a', 'DEFAULT_CHANGED #/properties/a']);
    expect(changes({ original: modern(original), update: modern(update) })).toEqual(['REQUIRED_ATTRIBUTE_ADDED #/required/a']);
  });

  it('ignores $ref siblings before 2019-09 and combines them with the reference after', () => {
    const original = { $ref: '#/definitions/s', definitions: { s: str } };
    const update = { $ref: '#/definitions/s', maxLength: 3, definitions: { s: str } };
    expect(changes({ original, update })).toEqual([]);
    expect(changes({ original: modern({ $ref: '#/$defs/s', $defs: { s: str } }), update: modern({ $ref: '#/$defs/s', maxLength: 3, $defs: { s: str } }) })).toEqual(['TYPE_CHANGED #/']);
  });

  it('does not count a $ref to {} as an empty schema', () => {
    expect(changes({ original: { properties: {} }, update: { properties: { a: { $ref: '#/definitions/any' } }, definitions: { any: {} } } })).toEqual([
      'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/a',
    ]);
  });

  it('loses unevaluatedProperties of a 2020-12 object that also has $defs or an unknown keyword', () => {
    const base = { properties: { a: str } };
    expect(changes({ original: modern({ ...base, $defs: { x: {} }, unevaluatedProperties: false }), update: modern({ ...base, $defs: { x: {} } }) })).toEqual([]);
    expect(changes({ original: modern({ ...base, 'x-note': 1, unevaluatedProperties: false }), update: modern(base) })).toEqual([]);
    expect(changes({ original: modern({ ...base, unevaluatedProperties: false }), update: modern(base) })).toEqual(['UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties']);
  });

  it('reads minContains from the leftover keywords before 2019-09', () => {
    expect(changes({ original: arr({ minContains: 2 }), update: arr({ minContains: 3 }) })).toEqual(['MIN_CONTAINS_INCREASED #/minContains']);
  });

  it('keeps the sub-differences of an uncovered property, so LENIENT does not rescue it', () => {
    const fixture = { original: { properties: { a: str }, additionalProperties: false }, update: { properties: {}, additionalProperties: num } };
    expect(compatible(fixture, 'LENIENT')).toBe(false);
    const closedRemoval = { original: { properties: { a: str }, additionalProperties: false }, update: { properties: {}, additionalProperties: false } };
    expect(compatible(closedRemoval, 'STRICT')).toBe(false);
    expect(compatible(closedRemoval, 'LENIENT')).toBe(true);
  });

  it('matches the policy inside the diff: LENIENT lets a partially open member match', () => {
    // Under STRICT the only member pair differs by an optional property added to an open model.
    const member = (props: object) => ({ properties: props });
    const fixture = { original: { anyOf: [member({ a: str }), num] }, update: { anyOf: [member({ a: str, b: str }), num] } };
    expect(changes(fixture, 'STRICT')).toEqual(['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/']);
    expect(changes(fixture, 'LENIENT')).toEqual(['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/anyOf/0/properties/b']);
  });
});

describe('JSON Schema diff through references and recursion', () => {
  const tree = (valueType: string) => ({
    $ref: '#/definitions/node',
    definitions: {
      node: { type: 'object', properties: { value: { type: valueType }, children: { type: 'array', items: { $ref: '#/definitions/node' } } } },
    },
  });

  it('assumes a cycle compatible unless an incompatibility lies on it', () => {
    expect(changes({ original: tree('string'), update: tree('string') })).toEqual([]);
    // The cycle back to the node is assumed compatible and contributes nothing; no re-run is needed.
    expect(changes({ original: tree('integer'), update: tree('number') })).toEqual(['TYPE_EXTENDED #/properties/value']);
  });

  it('re-runs with the incompatibility proven on a cycle, which then shows where the cycle closes too', () => {
    // Java hash-set order visits "children" before "value".
    expect(changes({ original: tree('string'), update: tree('number') })).toEqual([
      'TYPE_CHANGED #/properties/children/items/properties/value',
      'TYPE_CHANGED #/properties/value',
    ]);
  });

  it('compares referenced schemas like local ones', () => {
    const original = { type: 'object', properties: { customer: { $ref: 'customer.json' } } };
    const fixture = {
      original,
      update: original,
      references: {
        original: { 'customer.json': { type: 'object', properties: { id: str } } },
        update: { 'customer.json': { type: 'object', properties: { id: num } } },
      },
    };
    expect(changes(fixture)).toEqual(['TYPE_CHANGED #/properties/customer/properties/id']);
  });

  it('exposes the node-level diff for callers that parsed already', () => {
    const writer = parse({ type: 'integer' });
    const reader = parse({ type: 'number' });
    expect(diffJsonSchemaNodes(writer.root, reader.root)).toEqual([{ ruleId: 'TYPE_EXTENDED', location: '#/', message: 'integer widened to number' }]);
  });
});
