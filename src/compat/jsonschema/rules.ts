/**
 * Every difference type of Confluent's JSON Schema diff (`io.confluent…json.diff.Difference.Type`), declared
 * once. The verdict column is Confluent's classification: `S` compatible under STRICT (and LENIENT), `L`
 * compatible under LENIENT only, `X` incompatible under both, `never` defined by Confluent but never emitted.
 */
import type { CompatibilityRule, JsonCompatibilityPolicy } from '../types.js';

type Verdict = 'S' | 'L' | 'X' | 'never';

const NO_ACTION = 'Nothing to do: readers of the new schema accept all data written with the old one.';

const TABLE = [
  // General
  ['ID_CHANGED', 'S', 'Detects a changed `$id` (informational).', NO_ACTION],
  ['DESCRIPTION_CHANGED', 'S', 'Detects a changed `description` (informational).', NO_ACTION],
  ['TITLE_CHANGED', 'S', 'Detects a changed `title` (informational).', NO_ACTION],
  ['DEFAULT_CHANGED', 'S', 'Detects a changed `default` (informational).', NO_ACTION],
  ['SCHEMA_ADDED', 'X', 'Detects a subschema (e.g. `items`) that did not exist before and now constrains data.', 'Leave the new subschema out, or make it accept everything the old schema accepted (`{}`).'],
  ['SCHEMA_REMOVED', 'S', 'Detects a removed subschema (the new schema accepts more).', NO_ACTION],
  ['TYPE_EXTENDED', 'S', 'Detects `integer` widened to `number`.', NO_ACTION],
  ['TYPE_NARROWED', 'X', 'Detects `number` narrowed to `integer`, which rejects fractional values the old schema allowed.', 'Keep `"type": "number"`.'],
  ['TYPE_CHANGED', 'X', 'Detects a change of the kind of schema (type, enum/const facet, combination), which rejects data the old schema allowed.', 'Keep the old type; to accept another one, widen with `"type": [old, new]` or `anyOf` containing the old schema.'],
  // String
  ['MAX_LENGTH_ADDED', 'X', 'Detects a new `maxLength`, which rejects longer strings the old schema allowed.', 'Do not add `maxLength` to an existing string.'],
  ['MAX_LENGTH_REMOVED', 'S', 'Detects a removed `maxLength`.', NO_ACTION],
  ['MAX_LENGTH_INCREASED', 'S', 'Detects a raised `maxLength`.', NO_ACTION],
  ['MAX_LENGTH_DECREASED', 'X', 'Detects a lowered `maxLength`, which rejects strings the old schema allowed.', 'Keep `maxLength` at least at its previous value.'],
  ['MIN_LENGTH_ADDED', 'X', 'Detects a new `minLength`, which rejects shorter strings the old schema allowed.', 'Do not add `minLength` to an existing string.'],
  ['MIN_LENGTH_REMOVED', 'S', 'Detects a removed `minLength`.', NO_ACTION],
  ['MIN_LENGTH_INCREASED', 'X', 'Detects a raised `minLength`, which rejects strings the old schema allowed.', 'Keep `minLength` at most at its previous value.'],
  ['MIN_LENGTH_DECREASED', 'S', 'Detects a lowered `minLength`.', NO_ACTION],
  ['PATTERN_ADDED', 'X', 'Detects a new `pattern`, which may reject strings the old schema allowed.', 'Do not add `pattern` to an existing string.'],
  ['PATTERN_REMOVED', 'S', 'Detects a removed `pattern`.', NO_ACTION],
  ['PATTERN_CHANGED', 'X', 'Detects a changed `pattern` (compared as text; any change counts).', 'Keep the previous `pattern` text.'],
  // Number
  ['MAXIMUM_ADDED', 'X', 'Detects a new `maximum`, which rejects values the old schema allowed.', 'Do not add `maximum` to an existing number.'],
  ['MAXIMUM_REMOVED', 'S', 'Detects a removed `maximum`.', NO_ACTION],
  ['MAXIMUM_INCREASED', 'S', 'Detects a raised `maximum`.', NO_ACTION],
  ['MAXIMUM_DECREASED', 'X', 'Detects a lowered `maximum`, which rejects values the old schema allowed.', 'Keep `maximum` at least at its previous value.'],
  ['MINIMUM_ADDED', 'X', 'Detects a new `minimum`, which rejects values the old schema allowed.', 'Do not add `minimum` to an existing number.'],
  ['MINIMUM_REMOVED', 'S', 'Detects a removed `minimum`.', NO_ACTION],
  ['MINIMUM_INCREASED', 'X', 'Detects a raised `minimum`, which rejects values the old schema allowed.', 'Keep `minimum` at most at its previous value.'],
  ['MINIMUM_DECREASED', 'S', 'Detects a lowered `minimum`.', NO_ACTION],
  ['EXCLUSIVE_MAXIMUM_ADDED', 'X', 'Detects a new `exclusiveMaximum`, which rejects values the old schema allowed.', 'Do not add `exclusiveMaximum` to an existing number.'],
  ['EXCLUSIVE_MAXIMUM_REMOVED', 'S', 'Detects a removed `exclusiveMaximum`.', NO_ACTION],
  ['EXCLUSIVE_MAXIMUM_INCREASED', 'S', 'Detects a raised `exclusiveMaximum`.', NO_ACTION],
  ['EXCLUSIVE_MAXIMUM_DECREASED', 'X', 'Detects a lowered `exclusiveMaximum` (Confluent compares it with the new `maximum`).', 'Keep `exclusiveMaximum` at least at its previous value.'],
  ['EXCLUSIVE_MINIMUM_ADDED', 'X', 'Detects a new `exclusiveMinimum`, which rejects values the old schema allowed.', 'Do not add `exclusiveMinimum` to an existing number.'],
  ['EXCLUSIVE_MINIMUM_REMOVED', 'S', 'Detects a removed `exclusiveMinimum`.', NO_ACTION],
  ['EXCLUSIVE_MINIMUM_INCREASED', 'X', 'Detects a raised `exclusiveMinimum`, which rejects values the old schema allowed.', 'Keep `exclusiveMinimum` at most at its previous value.'],
  ['EXCLUSIVE_MINIMUM_DECREASED', 'S', 'Detects a lowered `exclusiveMinimum`.', NO_ACTION],
  ['MULTIPLE_OF_ADDED', 'X', 'Detects a new `multipleOf`, which rejects values the old schema allowed.', 'Do not add `multipleOf` to an existing number.'],
  ['MULTIPLE_OF_REMOVED', 'S', 'Detects a removed `multipleOf`.', NO_ACTION],
  ['MULTIPLE_OF_EXPANDED', 'X', 'Detects `multipleOf` changed to a multiple of its old value, which rejects values the old schema allowed.', 'Use a divisor of the previous `multipleOf` (e.g. 10 → 5), or keep it.'],
  ['MULTIPLE_OF_REDUCED', 'S', 'Detects `multipleOf` changed to a divisor of its old value.', NO_ACTION],
  ['MULTIPLE_OF_CHANGED', 'X', 'Detects `multipleOf` changed to a value that is neither a multiple nor a divisor of the old one.', 'Use a divisor of the previous `multipleOf`, or keep it.'],
  // Object
  ['REQUIRED_ATTRIBUTE_ADDED', 'X', 'Detects an existing property that became required without a default.', 'Keep the property optional, or give its schema a `default`.'],
  ['REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED', 'S', 'Detects an existing property with a `default` that became required.', NO_ACTION],
  ['REQUIRED_ATTRIBUTE_REMOVED', 'S', 'Detects a property that is no longer required.', NO_ACTION],
  ['MAX_PROPERTIES_ADDED', 'X', 'Detects a new `maxProperties`, which rejects objects the old schema allowed.', 'Do not add `maxProperties` to an existing object.'],
  ['MAX_PROPERTIES_REMOVED', 'S', 'Detects a removed `maxProperties`.', NO_ACTION],
  ['MAX_PROPERTIES_INCREASED', 'S', 'Detects a raised `maxProperties`.', NO_ACTION],
  ['MAX_PROPERTIES_DECREASED', 'X', 'Detects a lowered `maxProperties`, which rejects objects the old schema allowed.', 'Keep `maxProperties` at least at its previous value.'],
  ['MIN_PROPERTIES_ADDED', 'X', 'Detects a new `minProperties`, which rejects objects the old schema allowed.', 'Do not add `minProperties` to an existing object.'],
  ['MIN_PROPERTIES_REMOVED', 'S', 'Detects a removed `minProperties`.', NO_ACTION],
  ['MIN_PROPERTIES_INCREASED', 'X', 'Detects a raised `minProperties`, which rejects objects the old schema allowed.', 'Keep `minProperties` at most at its previous value.'],
  ['MIN_PROPERTIES_DECREASED', 'S', 'Detects a lowered `minProperties`.', NO_ACTION],
  ['ADDITIONAL_PROPERTIES_ADDED', 'S', 'Detects `additionalProperties: false` lifted.', NO_ACTION],
  ['ADDITIONAL_PROPERTIES_REMOVED', 'L', 'Detects `additionalProperties: false` added to an object that allowed other properties.', 'Keep additional properties allowed (or check with the LENIENT policy if producers never send undeclared properties).'],
  ['ADDITIONAL_PROPERTIES_EXTENDED', 'S', 'Detects an `additionalProperties` schema removed (any additional property is now allowed).', NO_ACTION],
  ['ADDITIONAL_PROPERTIES_NARROWED', 'L', 'Detects an `additionalProperties` schema added where any additional property was allowed.', 'Leave `additionalProperties` unconstrained (or check with the LENIENT policy).'],
  ['DEPENDENCY_ARRAY_ADDED', 'X', 'Detects a new property dependency (`dependencies`/`dependentRequired` array).', 'Do not add property dependencies to an existing object.'],
  ['DEPENDENCY_ARRAY_REMOVED', 'S', 'Detects a removed property dependency.', NO_ACTION],
  ['DEPENDENCY_ARRAY_EXTENDED', 'X', 'Detects more names required by a property dependency.', 'Keep the dependency list as it was, or shorten it.'],
  ['DEPENDENCY_ARRAY_NARROWED', 'S', 'Detects fewer names required by a property dependency.', NO_ACTION],
  ['DEPENDENCY_ARRAY_CHANGED', 'X', 'Detects a property dependency list with names both added and removed.', 'Only remove names from a dependency list.'],
  ['DEPENDENCY_SCHEMA_ADDED', 'X', 'Detects a new schema dependency (`dependencies`/`dependentSchemas` schema).', 'Do not add schema dependencies to an existing object.'],
  ['DEPENDENCY_SCHEMA_REMOVED', 'S', 'Detects a removed schema dependency.', NO_ACTION],
  ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'never', 'Deprecated by Confluent; never reported (replaced by the OPTIONAL_/REQUIRED_PROPERTY_ADDED_* rules).', NO_ACTION],
  ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'X', 'Detects a new required property without default on an object that allowed any other property.', 'Make the new property optional, or give it a `default` and use the LENIENT policy.'],
  ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL', 'L', 'Detects a new required property with a default on an object that allowed any other property (old data may carry it with another type).', 'Close the object (`additionalProperties: false`) in the old version first, or check with the LENIENT policy.'],
  ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'L', 'Detects a new optional property on an object that allowed any other property (old data may carry it with another type).', 'Give the new property the schema `{}`, close the object in the old version first, or check with the LENIENT policy.'],
  ['PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', 'S', 'Detects a new property with the schema `{}`/`true` on an open object.', NO_ACTION],
  ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', 'X', 'Detects a new required property without default on a closed or partially open object.', 'Make the new property optional, or give it a `default`.'],
  ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL', 'S', 'Detects a new required property with a default on a closed or partially open object.', NO_ACTION],
  ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', 'S', 'Detects a new optional property on a closed or partially open object.', NO_ACTION],
  ['PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', 'S', 'Detects a property removed from an object that allows any other property.', NO_ACTION],
  ['PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'S', 'Detects a property whose schema was `false` removed from a closed object.', NO_ACTION],
  ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'L', 'Detects a property removed from a closed object, which then rejects old data that has it.', 'Keep the property (deprecate it in its description instead), or check with the LENIENT policy.'],
  ['PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'S', 'Detects a removed property whose old schema is accepted by the matching `patternProperties`/`additionalProperties` schema.', NO_ACTION],
  ['PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'L', 'Detects a removed property whose old schema is not accepted by the matching `patternProperties`/`additionalProperties` schema.', 'Keep the property, or make the schema that now matches its name accept its old schema.'],
  ['PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'S', 'Detects a new property whose schema accepts what the old matching `patternProperties`/`additionalProperties` schema allowed.', NO_ACTION],
  ['PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'L', 'Detects a new property whose schema rejects data the old matching `patternProperties`/`additionalProperties` schema allowed.', 'Give the new property a schema that accepts what the old matching schema allowed.'],
  ['RESERVED_PROPERTY_REMOVED', 'never', 'Defined by Confluent but never reported by its diff; kontract reports reserved names through RESERVED_FIELD_REMOVED.', NO_ACTION],
  ['RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY', 'never', 'Defined by Confluent but never reported by its diff; kontract reports it through FIELD_CONFLICTS_WITH_RESERVED_FIELD.', NO_ACTION],
  ['UNEVALUATED_PROPERTIES_ADDED', 'S', 'Detects `unevaluatedProperties: false` lifted.', NO_ACTION],
  ['UNEVALUATED_PROPERTIES_REMOVED', 'L', 'Detects `unevaluatedProperties: false` added.', 'Keep unevaluated properties allowed, or check with the LENIENT policy.'],
  ['UNEVALUATED_PROPERTIES_EXTENDED', 'S', 'Detects an `unevaluatedProperties` schema relaxed or removed.', NO_ACTION],
  ['UNEVALUATED_PROPERTIES_NARROWED', 'L', 'Detects an `unevaluatedProperties` schema added where unevaluated properties were unconstrained.', 'Leave `unevaluatedProperties` unconstrained, or check with the LENIENT policy.'],
  // Array
  ['MAX_ITEMS_ADDED', 'X', 'Detects a new `maxItems`, which rejects arrays the old schema allowed.', 'Do not add `maxItems` to an existing array.'],
  ['MAX_ITEMS_REMOVED', 'S', 'Detects a removed `maxItems`.', NO_ACTION],
  ['MAX_ITEMS_INCREASED', 'S', 'Detects a raised `maxItems`.', NO_ACTION],
  ['MAX_ITEMS_DECREASED', 'X', 'Detects a lowered `maxItems`, which rejects arrays the old schema allowed.', 'Keep `maxItems` at least at its previous value.'],
  ['MIN_ITEMS_ADDED', 'X', 'Detects a new `minItems`, which rejects arrays the old schema allowed.', 'Do not add `minItems` to an existing array.'],
  ['MIN_ITEMS_REMOVED', 'S', 'Detects a removed `minItems`.', NO_ACTION],
  ['MIN_ITEMS_INCREASED', 'X', 'Detects a raised `minItems`, which rejects arrays the old schema allowed.', 'Keep `minItems` at most at its previous value.'],
  ['MIN_ITEMS_DECREASED', 'S', 'Detects a lowered `minItems`.', NO_ACTION],
  ['MAX_CONTAINS_ADDED', 'X', 'Detects a new `maxContains`, which rejects arrays the old schema allowed.', 'Do not add `maxContains` to an existing array.'],
  ['MAX_CONTAINS_REMOVED', 'S', 'Detects a removed `maxContains`.', NO_ACTION],
  ['MAX_CONTAINS_INCREASED', 'S', 'Detects a raised `maxContains`.', NO_ACTION],
  ['MAX_CONTAINS_DECREASED', 'X', 'Detects a lowered `maxContains`, which rejects arrays the old schema allowed.', 'Keep `maxContains` at least at its previous value.'],
  ['MIN_CONTAINS_ADDED', 'X', 'Detects a new `minContains` (in 2019-09/2020-12 also a new `contains`, whose implied minimum is 1).', 'Do not add `contains`/`minContains` to an existing array.'],
  ['MIN_CONTAINS_REMOVED', 'S', 'Detects a removed `minContains` (or `contains`).', NO_ACTION],
  ['MIN_CONTAINS_INCREASED', 'X', 'Detects a raised `minContains`, which rejects arrays the old schema allowed.', 'Keep `minContains` at most at its previous value.'],
  ['MIN_CONTAINS_DECREASED', 'S', 'Detects a lowered `minContains`.', NO_ACTION],
  ['UNIQUE_ITEMS_ADDED', 'X', 'Detects `uniqueItems: true` added, which rejects arrays with duplicates the old schema allowed.', 'Do not add `uniqueItems` to an existing array.'],
  ['UNIQUE_ITEMS_REMOVED', 'S', 'Detects `uniqueItems: true` removed.', NO_ACTION],
  ['ADDITIONAL_ITEMS_ADDED', 'S', 'Detects additional items allowed where they were forbidden.', NO_ACTION],
  ['ADDITIONAL_ITEMS_REMOVED', 'X', 'Detects additional items forbidden (`additionalItems: false`; 2020-12 `items: false`) where they were allowed.', 'Keep additional items allowed.'],
  ['ADDITIONAL_ITEMS_EXTENDED', 'S', 'Detects the schema for additional items removed (any item is now allowed).', NO_ACTION],
  ['ADDITIONAL_ITEMS_NARROWED', 'X', 'Detects a schema for additional items added where any item was allowed.', 'Leave additional items unconstrained.'],
  ['UNEVALUATED_ITEMS_ADDED', 'S', 'Detects `unevaluatedItems: false` lifted.', NO_ACTION],
  ['UNEVALUATED_ITEMS_REMOVED', 'X', 'Detects `unevaluatedItems: false` added.', 'Keep unevaluated items allowed.'],
  ['UNEVALUATED_ITEMS_EXTENDED', 'S', 'Detects an `unevaluatedItems` schema relaxed or removed.', NO_ACTION],
  ['UNEVALUATED_ITEMS_NARROWED', 'X', 'Detects an `unevaluatedItems` schema added where unevaluated items were unconstrained.', 'Leave `unevaluatedItems` unconstrained.'],
  ['ITEM_ADDED_TO_OPEN_CONTENT_MODEL', 'X', 'Detects a new tuple position on an array that allowed any additional item (old data may hold anything there).', 'Give the new position the schema `{}`/`true`, or forbid additional items in the old version first.'],
  ['ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', 'S', 'Detects a new tuple position with the schema `{}`/`true` on an open array.', NO_ACTION],
  ['ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', 'S', 'Detects a new tuple position on an array that forbade additional items.', NO_ACTION],
  ['ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', 'S', 'Detects a tuple position removed from an array that allows any additional item.', NO_ACTION],
  ['ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'S', 'Detects a tuple position whose schema was `false` removed from a closed array.', NO_ACTION],
  ['ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'X', 'Detects a tuple position removed from an array that forbids additional items, which then rejects old data.', 'Keep the tuple position, or allow additional items.'],
  ['ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'S', 'Detects a removed tuple position whose old schema is accepted by the schema for additional items.', NO_ACTION],
  ['ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'X', 'Detects a removed tuple position whose old schema is not accepted by the schema for additional items.', 'Keep the tuple position, or make the schema for additional items accept its old schema.'],
  ['ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'S', 'Detects a new tuple position whose schema accepts what the old schema for additional items allowed.', NO_ACTION],
  ['ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'X', 'Detects a new tuple position whose schema rejects data the old schema for additional items allowed.', 'Give the new position a schema that accepts what the old schema for additional items allowed.'],
  // Enum, const, combinations, not
  ['ENUM_ARRAY_EXTENDED', 'S', 'Detects values added to an `enum`.', NO_ACTION],
  ['ENUM_ARRAY_NARROWED', 'X', 'Detects values removed from an `enum`, which rejects data the old schema allowed.', 'Keep every previous enum value (values compare exactly: `1` is not `1.0`).'],
  ['ENUM_ARRAY_CHANGED', 'X', 'Detects an `enum` with values both added and removed, or a changed `const`.', 'Keep every previous enum value and the previous `const`.'],
  ['COMBINED_TYPE_EXTENDED', 'S', 'Detects a compatible change of `allOf`/`anyOf`/`oneOf` (e.g. to `anyOf`, or between single-member combinations).', NO_ACTION],
  ['COMBINED_TYPE_CHANGED', 'X', 'Detects an incompatible change of `allOf`/`anyOf`/`oneOf` (e.g. `anyOf` → `oneOf`, `anyOf` → `allOf`).', 'Keep the previous combination keyword, or switch to `anyOf`.'],
  ['PRODUCT_TYPE_EXTENDED', 'X', 'Detects subschemas added to an `allOf`, which rejects data the old schema allowed.', 'Do not add members to an existing `allOf`.'],
  ['PRODUCT_TYPE_NARROWED', 'S', 'Detects subschemas removed from an `allOf` (or a facet dropped from a schema).', NO_ACTION],
  ['SUM_TYPE_EXTENDED', 'S', 'Detects alternatives added to an `anyOf`/`oneOf` or a type array.', NO_ACTION],
  ['SUM_TYPE_NARROWED', 'X', 'Detects alternatives removed from an `anyOf`/`oneOf` or a type array.', 'Keep every previous alternative.'],
  ['COMBINED_TYPE_SUBSCHEMAS_CHANGED', 'X', 'Detects `allOf`/`anyOf`/`oneOf` members that cannot be paired one-to-one with compatible members of the other version.', 'Keep each previous member, or change members only compatibly.'],
  ['NOT_TYPE_EXTENDED', 'X', 'Detects a `not` schema that now excludes more values.', 'Only narrow what `not` excludes.'],
  ['NOT_TYPE_NARROWED', 'S', 'Detects a `not` schema that excludes the same or fewer values.', NO_ACTION],
] as const satisfies ReadonlyArray<readonly [string, Verdict, string, string]>;

/** A Confluent JSON Schema difference type. */
export type JsonDifferenceType = (typeof TABLE)[number][0];

/** The JSON Schema rule table: drives the engine, `kontract rules` and the README reference. */
export const jsonSchemaRules: readonly CompatibilityRule[] = TABLE.map(([id, verdict, purpose, hint]) => ({
  id,
  schemaType: 'JSON' as const,
  breaking: verdict !== 'S',
  ...(verdict === 'L' ? { breakingLenient: false } : {}),
  purpose,
  hint,
}));

const COMPATIBLE_STRICT: ReadonlySet<string> = new Set(TABLE.filter(([, verdict]) => verdict === 'S').map(([id]) => id));
const COMPATIBLE_LENIENT: ReadonlySet<string> = new Set(TABLE.filter(([, verdict]) => verdict === 'S' || verdict === 'L').map(([id]) => id));

/** Confluent's `COMPATIBLE_CHANGES_STRICT` / `COMPATIBLE_CHANGES_LENIENT`. */
export function compatibleChanges(policy: JsonCompatibilityPolicy): ReadonlySet<string> {
  return policy === 'LENIENT' ? COMPATIBLE_LENIENT : COMPATIBLE_STRICT;
}
