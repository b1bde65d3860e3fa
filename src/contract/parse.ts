/**
 * Parsing and validating one contract file against `definitions/contract` of `kontract.config.schema.json`
 * (the same JSON Schema editors use for completion). Pure apart from reading that schema once.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { KontractError } from '../errors.js';
import { CONFIG_SCHEMA_FILE } from '../project/config.js';
import { parseJsonDocument, pointerToPath, type JsonDocument, type Position } from '../schema/json-text.js';
import type { ConsumedTopic, ContractLocation, ProducedTopic, ServiceContract } from './types.js';

let validator: ValidateFunction | undefined;

function contractValidator(): ValidateFunction {
  if (!validator) {
    const configSchema = JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as { $id: string };
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(configSchema);
    validator = ajv.compile({ $ref: `${configSchema.$id}#/definitions/contract` });
  }
  return validator;
}

const SCHEMA_HINT = 'See definitions/contract in kontract.config.schema.json (set "$schema": "./contract.schema.json" for editor completion).';

/**
 * Parse the text of a contract file. `file` (relative to the project root) is used in errors and must be named
 * after the service (`<service>.json`). Throws `KontractError('CONFIG_INVALID')` with the JSON path, line and column
 * of the first problem.
 */
export function parseContract(text: string, file: string): ServiceContract {
  let doc: JsonDocument;
  try {
    doc = parseJsonDocument(text);
  } catch (error) {
    if (error instanceof KontractError) throw new KontractError('CONFIG_INVALID', error.message, { location: { file, ...error.location }, hint: error.hint });
    throw error;
  }
  const validate = contractValidator();
  if (!validate(doc.value)) {
    const first = mostSpecific(validate.errors ?? []);
    const pointer = first.instancePath + (first.keyword === 'additionalProperties' ? `/${String(first.params['additionalProperty'])}` : '');
    throw new KontractError('CONFIG_INVALID', describeContractError(first), {
      location: { file, path: pointerToPath(pointer || '/'), ...(doc.positions.get(pointer) ?? doc.positions.get(first.instancePath)) },
      hint: first.keyword === 'oneOf' ? 'Say which schema the service reads with: "version": <N> (a version of the topic\'s value subject) or "schema": "<file>", not both.' : SCHEMA_HINT,
    });
  }
  const raw = doc.value as { service: string; description?: string; produces?: string[]; consumes?: Array<{ topic: string; version?: number; schema?: string; description?: string }> };
  const at = (pointer: string): ContractLocation => ({ file, path: pointerToPath(pointer), ...position(doc, pointer) });
  const baseName = file.split('/').pop() ?? file;
  if (baseName !== `${raw.service}.json`) {
    throw new KontractError('CONFIG_INVALID', `the contract of "${raw.service}" is in ${baseName}; a contract file is named after its service`, {
      location: at('/service'),
      hint: `Rename the file to ${raw.service}.json, or fix "service".`,
    });
  }
  const produces: ProducedTopic[] = (raw.produces ?? []).map((topic, i) => ({ topic, at: at(`/produces/${i}`) }));
  const consumes: ConsumedTopic[] = (raw.consumes ?? []).map((entry, i) => ({
    topic: entry.topic,
    ...(entry.version !== undefined ? { version: entry.version } : {}),
    ...(entry.schema !== undefined ? { schemaFile: entry.schema } : {}),
    ...(entry.description !== undefined ? { description: entry.description } : {}),
    at: at(`/consumes/${i}`),
    readerAt: at(`/consumes/${i}/${entry.version !== undefined ? 'version' : 'schema'}`),
  }));
  const seen = new Map<string, number>();
  consumes.forEach((c, i) => {
    const before = seen.get(c.topic);
    if (before !== undefined) {
      throw new KontractError('CONFIG_INVALID', `"${c.topic}" is consumed twice (consumes/${before} and consumes/${i})`, {
        location: c.at,
        hint: 'A service reads a topic with one reader schema; keep one entry per topic.',
      });
    }
    seen.set(c.topic, i);
  });
  return { service: raw.service, file, ...(raw.description !== undefined ? { description: raw.description } : {}), produces, consumes };
}

function position(doc: JsonDocument, pointer: string): Partial<Position> {
  return doc.positions.get(pointer) ?? {};
}

// Ajv reports an error for each failed branch; the deepest one, not a oneOf summary, helps most.
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const sorted = [...errors].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b));
  // At one entry of "consumes", "required" inside oneOf branches only restates the oneOf: say it once.
  const top = sorted[0]!;
  const oneOf = sorted.find((e) => e.keyword === 'oneOf' && e.instancePath === top.instancePath);
  return top.keyword === 'required' && oneOf && /\/consumes\/\d+$/.test(top.instancePath) ? oneOf : top;
}

function rank(error: ErrorObject): number {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf' ? 1 : 0;
}

function describeContractError(error: ErrorObject): string {
  const where = error.instancePath ? `"${error.instancePath.slice(1).split('/').join('.')}"` : 'the contract';
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(error.params['additionalProperty'])}" in ${where}`;
    case 'required':
      return `${where} is missing the required property "${String(error.params['missingProperty'])}"`;
    case 'type':
      return `${where} must be of type ${String(error.params['type'])}`;
    case 'oneOf':
      return `${where} must give exactly one of "version" and "schema"`;
    case 'pattern':
      return `${where} must be a lowercase service name (letters, digits, ".", "_", "-")`;
    case 'uniqueItems':
      return `${where} lists a topic twice`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}
