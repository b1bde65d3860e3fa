import type { CompatibilityRule } from '../types.js';

/**
 * Avro's incompatibility types (Apache Avro `SchemaCompatibility.SchemaIncompatibilityType`), plus one id
 * for the case where Avro's check itself fails. Every one of them makes a reader/writer pair incompatible.
 */
export const avroRules = [
  {
    id: 'NAME_MISMATCH',
    schemaType: 'AVRO',
    breaking: true,
    purpose: 'Checks that a reader record, enum or fixed has the writer\'s short name, or lists the writer\'s full name among its aliases.',
    hint: 'Keep the type\'s name (namespaces may change), or add the old full name to the reader type\'s "aliases".',
  },
  {
    id: 'FIXED_SIZE_MISMATCH',
    schemaType: 'AVRO',
    breaking: true,
    purpose: 'Checks that a reader fixed type has the same size as the writer\'s.',
    hint: 'A fixed type\'s size cannot change; define a new fixed type (with a new name) for the new size, in a new field.',
  },
  {
    id: 'MISSING_ENUM_SYMBOLS',
    schemaType: 'AVRO',
    breaking: true,
    purpose: 'Checks that a reader enum has every writer symbol, or declares an enum default for symbols it lacks.',
    hint: 'Keep the symbols, or give the reader enum a "default" symbol that unknown symbols are read as.',
  },
  {
    id: 'READER_FIELD_MISSING_DEFAULT_VALUE',
    schemaType: 'AVRO',
    breaking: true,
    purpose: 'Checks that a reader field the writer does not have (by name or reader field alias) declares a default.',
    hint: 'Give the field a "default" (for an optional field: type ["null", …] with "default": null), or add the old field name to its "aliases" if it was renamed.',
  },
  {
    id: 'TYPE_MISMATCH',
    schemaType: 'AVRO',
    breaking: true,
    purpose: 'Checks that the reader type can read the writer type: same type, or a promotion (int→long/float/double, long→float/double, float→double, string↔bytes).',
    hint: 'Keep the type, or change it only along an Avro promotion; for other changes add a new field and deprecate the old one.',
  },
  {
    id: 'MISSING_UNION_BRANCH',
    schemaType: 'AVRO',
    breaking: true,
    purpose: 'Checks that a reader union has a branch that can read each writer type (each writer union branch).',
    hint: 'Keep the union\'s branches; unions may gain branches but not lose them.',
  },
  {
    id: 'AMBIGUOUS_FIELD_ALIAS',
    schemaType: 'AVRO',
    breaking: true,
    purpose: 'Checks that a reader field matches at most one writer field through its name and aliases (Apache Avro\'s check fails otherwise).',
    hint: 'Remove the reader field alias that names another writer field, so that the name and aliases lead to one writer field.',
  },
] as const satisfies readonly CompatibilityRule[];

/** The id of an Avro compatibility rule. */
export type AvroRuleId = (typeof avroRules)[number]['id'];
