/**
 * Confluent Schema Registry's Protobuf difference types, verbatim, with whether each one breaks
 * compatibility (Confluent's `COMPATIBLE_CHANGES` are the non-breaking ones). A pair is compatible
 * iff every difference found is non-breaking. The Protobuf diff ignores the JSON Schema policy.
 */
import type { CompatibilityRule } from '../types.js';

export const protobufRules = [
  {
    id: 'PACKAGE_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that the package of the file stays the same.',
    hint: 'Keep the package; to move types to another package, create a new subject.',
  },
  {
    id: 'MESSAGE_ADDED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a message type that was added.',
    hint: 'Adding a message is compatible.',
  },
  {
    id: 'MESSAGE_REMOVED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that message types are not removed, renamed, or moved to another nesting level (or into an import).',
    hint: 'Keep the message where it is declared (a rename or a move is a removal plus an addition); stop using it instead of deleting it.',
  },
  {
    id: 'MESSAGE_MOVED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a message whose position among its sibling messages changed (its message index changes).',
    hint: 'Reordering messages is compatible; serializers look messages up by name.',
  },
  {
    id: 'ENUM_ADDED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports an enum type that was added.',
    hint: 'Adding an enum is compatible.',
  },
  {
    id: 'ENUM_REMOVED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports an enum type that was removed (enums are read as integers, so this is compatible).',
    hint: 'Removing an enum is compatible.',
  },
  {
    id: 'ENUM_CONST_ADDED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports an enum value number that was added.',
    hint: 'Adding an enum value is compatible; old readers see the number.',
  },
  {
    id: 'ENUM_CONST_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports an enum value number whose name changed.',
    hint: 'Renaming an enum value is wire-compatible, but breaks JSON encodings and code that uses the name.',
  },
  {
    id: 'ENUM_CONST_REMOVED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports an enum value number that was removed.',
    hint: 'Removing an enum value is compatible; reserve its number and name so they are not reused.',
  },
  {
    id: 'FIELD_ADDED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a field number that was added.',
    hint: 'Adding a field is compatible.',
  },
  {
    id: 'FIELD_REMOVED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a field number that was removed.',
    hint: 'Removing a field is compatible; reserve its number and name so they are not reused.',
  },
  {
    id: 'FIELD_NAME_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a field number whose name changed.',
    hint: 'Renaming a field is wire-compatible, but breaks JSON encodings and code that uses the name.',
  },
  {
    id: 'FIELD_KIND_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that a field number keeps its kind: scalar (or enum), message, or map.',
    hint: 'Keep the field type; add a new field with a new number for the new type and stop writing the old one.',
  },
  {
    id: 'FIELD_SCALAR_KIND_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that a scalar field changes type only within a wire-compatible group (int32/int64/uint32/uint64/bool/enum, sint32/sint64, string/bytes, fixed32/sfixed32, fixed64/sfixed64).',
    hint: 'Keep the type in its group, or add a new field with a new number for the new type.',
  },
  {
    id: 'FIELD_NAMED_TYPE_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that a message-typed field keeps its message type (same name, and compatible when it comes from a changed reference).',
    hint: 'Keep the field\'s message type, or add a new field with a new number for the new type.',
  },
  {
    id: 'FIELD_NUMERIC_LABEL_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that a numeric field keeps its explicit label (optional, required, repeated).',
    hint: 'Keep the label; packed repeated numbers cannot be read as a single value.',
  },
  {
    id: 'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a string or bytes field whose explicit label changed (compatible on the wire).',
    hint: 'Changing the label of a string or bytes field is compatible; readers of a single value keep the last one.',
  },
  {
    id: 'REQUIRED_FIELD_ADDED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that no proto2 required field is added.',
    hint: 'Add the field as optional instead; data written before lacks it.',
  },
  {
    id: 'REQUIRED_FIELD_REMOVED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that no proto2 required field is removed.',
    hint: 'Keep the required field; readers of the old schema reject messages without it.',
  },
  {
    id: 'ONEOF_ADDED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a oneof name that was added.',
    hint: 'Adding a oneof is compatible.',
  },
  {
    id: 'ONEOF_REMOVED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a oneof name that was removed (or renamed).',
    hint: 'Removing or renaming a oneof is compatible when its members stay or go together.',
  },
  {
    id: 'ONEOF_FIELD_ADDED',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a new field number added inside a oneof.',
    hint: 'Adding a new field to a oneof is compatible.',
  },
  {
    id: 'ONEOF_FIELD_REMOVED',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that members are not dropped from a oneof that otherwise survives.',
    hint: 'Keep the member in the oneof (stop setting it instead), or remove the whole oneof with all its members.',
  },
  {
    id: 'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
    schemaType: 'PROTOBUF',
    breaking: false,
    purpose: 'Reports a oneof member that became a top-level field.',
    hint: 'Moving a field out of a oneof is compatible.',
  },
  {
    id: 'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that several existing fields are not put together into one oneof (data may set more than one of them).',
    hint: 'Move at most one existing field into a new oneof; add new fields for the other members.',
  },
  {
    id: 'FIELD_MOVED_TO_EXISTING_ONEOF',
    schemaType: 'PROTOBUF',
    breaking: true,
    purpose: 'Checks that existing fields are not moved into a oneof together with fields from elsewhere (another oneof or the top level).',
    hint: 'Leave the field where it was; add a new field inside the oneof instead.',
  },
] as const satisfies readonly CompatibilityRule[];

/** A Protobuf difference type (rule id). */
export type ProtobufRuleId = (typeof protobufRules)[number]['id'];

const breakingById = new Map<string, boolean>(protobufRules.map((r) => [r.id, r.breaking]));

/** Whether a Protobuf difference type makes a pair incompatible. */
export function isBreakingProtobufRule(id: ProtobufRuleId): boolean {
  return breakingById.get(id) === true;
}
