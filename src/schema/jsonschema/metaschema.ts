/**
 * Meta-schema validation with ajv: a schema document must itself be a valid JSON Schema of its draft.
 * One validator per draft, built on first use (compiling a meta-schema takes tens of milliseconds).
 */
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Ajv04Module from 'ajv-draft-04';
import { KontractError } from '../../errors.js';
import { pointerToPath, type JsonDocument } from '../json-text.js';
import type { JsonSchemaDraft } from './model.js';

const require = createRequire(import.meta.url);

const META_SCHEMA_IDS: Record<JsonSchemaDraft, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema',
  'draft-06': 'http://json-schema.org/draft-06/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

// `logger: false`: the meta-schemas use formats ajv does not know without ajv-formats; they are not needed here.
const AJV_OPTIONS = { strict: false, allErrors: false, logger: false } as const;

const validators = new Map<JsonSchemaDraft, ValidateFunction>();

function createValidator(draft: JsonSchemaDraft): ValidateFunction {
  let validator: ValidateFunction | undefined;
  switch (draft) {
    case 'draft-04':
      validator = new Ajv04Module.default(AJV_OPTIONS).getSchema(META_SCHEMA_IDS[draft]);
      break;
    case 'draft-06': {
      const ajv = new Ajv(AJV_OPTIONS);
      ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
      validator = ajv.getSchema(META_SCHEMA_IDS[draft]);
      break;
    }
    case 'draft-07':
      validator = new Ajv(AJV_OPTIONS).getSchema(META_SCHEMA_IDS[draft]);
      break;
    case '2019-09':
      validator = new Ajv2019(AJV_OPTIONS).getSchema(META_SCHEMA_IDS[draft]);
      break;
    case '2020-12':
      validator = new Ajv2020(AJV_OPTIONS).getSchema(META_SCHEMA_IDS[draft]);
      break;
  }
  if (!validator) throw new KontractError('SCHEMA_INVALID', `internal: no meta-schema validator for JSON Schema ${draft}`);
  return validator;
}

function validatorFor(draft: JsonSchemaDraft): ValidateFunction {
  let validator = validators.get(draft);
  if (!validator) {
    validator = createValidator(draft);
    validators.set(draft, validator);
  }
  return validator;
}

/**
 * Validate `document` against the meta-schema of `draft`. Throws `KontractError('SCHEMA_INVALID')` located at
 * the first offending value (JSON path, line, column). `referenceName` names the referenced document the
 * text came from, when it is not the schema itself.
 */
export function validateAgainstMetaSchema(document: JsonDocument, draft: JsonSchemaDraft, referenceName?: string): void {
  const validate = validatorFor(draft);
  if (validate(document.value)) return;
  const error = (validate.errors ?? [])[0];
  if (!error) return;
  const pointer = offendingPointer(error);
  const position = nearestPosition(document, pointer);
  const where = referenceName === undefined ? '' : ` (in referenced schema "${referenceName}")`;
  throw new KontractError('SCHEMA_INVALID', `not a valid JSON Schema ${draft}${where}: ${pointerToPath(pointer || '/')} ${describeAjvError(error)}`, {
    location: { path: pointerToPath(pointer || '/'), ...position },
    hint: `Fix the value at ${pointerToPath(pointer || '/')} so the document is a JSON Schema ${draft} (declare another draft with "$schema" if you meant one).`,
    ...(referenceName === undefined ? {} : { context: { reference: referenceName } }),
  });
}

/** Where the problem is: the instance path, plus the offending member for `additionalProperties`. */
function offendingPointer(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties' && typeof error.params['additionalProperty'] === 'string') {
    return `${error.instancePath}/${error.params['additionalProperty']}`;
  }
  return error.instancePath;
}

/** The position of `pointer`, else of its closest ancestor that has one. */
export function nearestPosition(document: JsonDocument, pointer: string): { line?: number; column?: number } {
  let current = pointer;
  for (;;) {
    const position = document.positions.get(current);
    if (position) return { line: position.line, column: position.column };
    if (current === '') return {};
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

function describeAjvError(error: ErrorObject): string {
  const allowed = error.params['allowedValues'];
  if (Array.isArray(allowed)) return `${error.message ?? 'is invalid'}: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  return error.message ?? 'is invalid';
}
