/**
 * JSON Schema serialization of one schema version with ajv (and ajv-formats): values are validated
 * against the schema before they are written as JSON text, and optionally when read. References are
 * given to ajv under their reference names (the `$ref` URLs), so nothing is ever fetched.
 */
import { Ajv, type AnySchema, type AnySchemaObject, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { createRequire } from 'node:module';
import { KontractError } from '../../errors.js';
import { draftOf } from '../../schema/jsonschema/draft.js';
import type { JsonSchemaDraft } from '../../schema/jsonschema/model.js';
import { ValueError } from '../value-error.js';
import { SLAB_MESSAGE_LIMIT, slabStart, slabWithRoom, takeFromSlab } from '../slab.js';
import { HEADER_BYTES, writeFrame } from '../wire.js';

const require = createRequire(import.meta.url);

/** As many one-byte characters as the frame has bytes. */
const FRAME_PLACEHOLDER = '\u0000'.repeat(HEADER_BYTES);

interface Utf8SliceBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
}

// Schemas were validated against their meta-schema when parsed; `strict: false` accepts the unknown
// keywords and formats other tools put into schemas, as Confluent's validators do.
const AJV_OPTIONS: Options = { strict: false, validateSchema: false, allErrors: false, logger: false };

function createAjv(draft: JsonSchemaDraft): Ajv {
  let ajv: Ajv;
  switch (draft) {
    case 'draft-04':
      ajv = new Ajv04Module.default(AJV_OPTIONS);
      break;
    case 'draft-06':
      ajv = new Ajv(AJV_OPTIONS);
      ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
      break;
    case '2019-09':
      ajv = new Ajv2019(AJV_OPTIONS);
      break;
    case '2020-12':
      ajv = new Ajv2020(AJV_OPTIONS);
      break;
    default:
      ajv = new Ajv(AJV_OPTIONS);
  }
  addFormatsModule.default(ajv);
  return ajv;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new KontractError('SCHEMA_SYNTAX', `${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Fix the schema text; the repository loader reports the line and column.',
    });
  }
}

/** The first ajv error as a {@link ValueError} located at its instance path. */
function validationError(errors: readonly ErrorObject[] | null | undefined): ValueError {
  const error = errors?.[0];
  if (!error) return new ValueError('the value does not match the JSON Schema');
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? `fails "${error.keyword}"`;
  const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  let hint: string | undefined;
  if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    path.push(params['additionalProperty']);
    message = `"${params['additionalProperty']}" is not a property the schema allows`;
    hint = 'Check the property name for a typo; the schema does not allow other properties here.';
  } else if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
    path.push(params['missingProperty']);
    message = `required property "${params['missingProperty']}" is missing`;
  }
  const problem = new ValueError(message, hint);
  for (const segment of path.reverse()) problem.at(segment);
  return problem;
}

export class JsonSchemaSerde {
  private readonly validate: ValidateFunction;

  constructor(schema: string, referenceTexts: Readonly<Record<string, string>>) {
    const document = parseJson(schema, 'the JSON Schema');
    const ajv = createAjv(draftOf(document as never));
    const baseId = typeof document === 'object' && document !== null ? ((document as Record<string, unknown>)['$id'] ?? (document as Record<string, unknown>)['id']) : undefined;
    for (const [name, text] of Object.entries(referenceTexts)) {
      const reference = parseJson(text, `referenced schema "${name}"`) as AnySchema;
      const keys = new Set([name]);
      if (typeof baseId === 'string') {
        try {
          keys.add(new URL(name, baseId).href);
        } catch {
          // A base that is not a URL: the reference name alone is the key.
        }
      }
      for (const key of keys) {
        if (ajv.getSchema(key)) continue;
        try {
          ajv.addSchema(reference, key);
        } catch {
          // The same document is registered already under its own $id; ajv finds it by that.
        }
      }
    }
    try {
      this.validate = ajv.compile(document as AnySchema);
    } catch (error) {
      throw new KontractError('SCHEMA_INVALID', `ajv cannot compile the JSON Schema: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'Every $ref must point into the schema or at a reference of this version.',
        cause: error,
      });
    }
  }

  /** Throws {@link ValueError} (with the instance path) when `value` does not match the schema. */
  check(value: unknown): void {
    if (!this.validate(value)) throw validationError(this.validate.errors);
  }

  /** `value` validated, written as JSON and framed with `schemaId`, in one buffer. */
  encode(value: unknown, schemaId: number): Buffer {
    this.check(value);
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new ValueError(`the value cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`, 'JSON has no bigint or cyclic values.');
    }
    if (text === undefined) throw new ValueError('the value has no JSON form');
    // Frame and text in one buffer. Usually written straight into the shared output slab (see slab.ts), room
    // reserved for the worst case of 3 bytes per UTF-16 unit.
    const worstCase = HEADER_BYTES + text.length * 3;
    if (worstCase <= SLAB_MESSAGE_LIMIT) {
      const target = slabWithRoom(worstCase);
      const start = slabStart();
      const payloadStart = writeFrame(target, schemaId, undefined, start);
      return takeFromSlab(start, payloadStart + target.write(text, payloadStart, 'utf8'));
    }
    // A large text gets a buffer of its own: five one-byte placeholder characters in front of the text (a cheap
    // rope), encoded by Node's native UTF-8 writer, then overwritten with the frame.
    const out = Buffer.from(FRAME_PLACEHOLDER + text, 'utf8');
    writeFrame(out, schemaId);
    return out;
  }

  /** Parses the JSON payload at `offset`; validates it when `validate` is true. */
  decode(data: Buffer, offset: number, validate: boolean): unknown {
    let value: unknown;
    try {
      value = JSON.parse((data as Utf8SliceBuffer).utf8Slice(offset, data.length)) as unknown;
    } catch (error) {
      throw new ValueError(`the payload is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (validate) this.check(value);
    return value;
  }
}
