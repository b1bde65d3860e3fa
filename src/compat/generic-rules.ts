import type { CompatibilityRule } from './types.js';

/** Rules that apply to every format: checked by the engine around the format's own diff. */
export const genericRules = [
  {
    id: 'SCHEMA_TYPE_CHANGED',
    schemaType: 'ANY',
    breaking: true,
    purpose: 'Checks that a subject keeps its schema type (AVRO, PROTOBUF or JSON).',
    hint: 'Register the new format under a new subject (or topic) instead of changing the type of an existing one.',
  },
  {
    id: 'RESERVED_FIELD_REMOVED',
    schemaType: 'ANY',
    breaking: true,
    purpose: 'Checks that names listed in the `confluent:reserved` metadata property of the latest version stay reserved.',
    hint: 'Keep the name in the `confluent:reserved` metadata property; reserved names may not be released.',
  },
  {
    id: 'FIELD_CONFLICTS_WITH_RESERVED_FIELD',
    schemaType: 'ANY',
    breaking: true,
    purpose: 'Checks that no top-level field uses a name listed in `confluent:reserved`.',
    hint: 'Rename the field, or remove the name from `confluent:reserved` if it was reserved by mistake.',
  },
] as const satisfies readonly CompatibilityRule[];
