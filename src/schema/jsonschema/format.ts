import { KontractError } from '../../errors.js';
import type { ParseOptions, SchemaFormat } from '../format.js';
import { escapePointerToken, parseJsonDocument, type JsonDocument, type JsonValue } from '../json-text.js';
import type { SchemaSource } from '../types.js';
import { DocumentSet, type SchemaDocument } from './documents.js';
import { declaredDraft, draftOf, isModernDraft } from './draft.js';
import { loadEveritSite } from './load-everit.js';
import { loadModernSite } from './load-modern.js';
import { validateAgainstMetaSchema } from './metaschema.js';
import type { ParsedJsonSchema } from './model.js';
import { readJsonDocument } from '../json-read.js';
import { isJsonObject, SchemaTreeBuilder } from './tree-builder.js';
import { withNestingGuard } from '../nesting.js';

/** Values of these keywords are data: a `$ref` member inside them is not a reference. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
const REFERENCE_KEYWORDS = ['$ref', '$dynamicRef', '$recursiveRef'];

/**
 * Parse a JSON Schema with its references: JSON syntax (with positions), meta-schema validation for the
 * declared draft (draft-04/06/07, 2019-09, 2020-12; none declared = draft-07), `$ref` resolution through
 * the document and `source.references`, and the node model the compatibility diff walks.
 */
export function parseJsonSchema(source: SchemaSource, _options: ParseOptions = {}): ParsedJsonSchema {
  return withNestingGuard(() => {
    const document = readJsonDocument(source.schema);
    const draft = draftOf(document.value);
    validateAgainstMetaSchema(document, draft);
    const references: SchemaDocument[] = Object.entries(source.references ?? {}).map(([name, text]) => {
      const json = parseReferenceText(name, text);
      validateAgainstMetaSchema(json, declaredDraft(json.value) ?? draft, name);
      return { name, json };
    });
    const documents = new DocumentSet(document, references, draft);
    const builder = new SchemaTreeBuilder(documents, draft, isModernDraft(draft) ? loadModernSite : loadEveritSite);
    const root = builder.loadRoot();
    return {
      draft,
      root,
      raw: document.value,
      references: new Map(references.map((reference) => [reference.name, reference.json.value])),
      hasReferences: builder.hasReferences,
    };
  });
}

function parseReferenceText(name: string, text: string): JsonDocument {
  try {
    return readJsonDocument(text);
  } catch (error) {
    if (!(error instanceof KontractError)) throw error;
    throw new KontractError(error.code, `${error.message} (in referenced schema "${name}")`, {
      ...(error.location ? { location: error.location } : {}),
      ...(error.hint ? { hint: error.hint } : {}),
      context: { reference: name },
    });
  }
}

/**
 * The `$ref` URLs (without fragment, as written) that point outside the document: the names the schema
 * needs as Confluent schema references. In order of first appearance, without duplicates.
 */
export function jsonSchemaReferencedNames(text: string): string[] {
  return withNestingGuard(() => {
    const document = parseJsonDocument(text);
    const documents = new DocumentSet(document, [], draftOf(document.value));
    const names: string[] = [];
    const visit = (value: JsonValue, pointer: string): void => {
      if (Array.isArray(value)) {
        value.forEach((item, index) => visit(item, `${pointer}/${index}`));
        return;
      }
      if (!isJsonObject(value)) return;
      for (const keyword of REFERENCE_KEYWORDS) {
        const ref = value[keyword];
        if (typeof ref !== 'string') continue;
        const scope = documents.scopeAt({ document: '', pointer });
        if (documents.pointsIntoDocuments(ref, scope)) continue;
        const hashAt = ref.indexOf('#');
        const name = hashAt < 0 ? ref : ref.slice(0, hashAt);
        if (!names.includes(name)) names.push(name);
      }
      for (const [key, child] of Object.entries(value)) {
        if (!DATA_KEYWORDS.has(key)) visit(child, `${pointer}/${escapePointerToken(key)}`);
      }
    };
    visit(document.value, '');
    return names;
  });
}

/**
 * Canonical text of a JSON Schema: object members sorted by name (UTF-16 code unit order), no whitespace,
 * strings as `JSON.stringify` writes them, numbers exactly as written (`1.0` stays `1.0`, because Confluent
 * tells it from `1`). References are not part of the text.
 */
export function canonicalJsonSchema(source: SchemaSource): string {
  return withNestingGuard(() => {
    const document = parseJsonDocument(source.schema);
    return canonicalJson(document.value, '', document.numberTexts);
  });
}

function canonicalJson(value: JsonValue, pointer: string, numberTexts: ReadonlyMap<string, string>): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return numberTexts.get(pointer) ?? String(value);
  if (Array.isArray(value)) return `[${value.map((item, index) => canonicalJson(item, `${pointer}/${index}`, numberTexts)).join(',')}]`;
  const names = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${names.map((name) => `${JSON.stringify(name)}:${canonicalJson(value[name] as JsonValue, `${pointer}/${escapePointerToken(name)}`, numberTexts)}`).join(',')}}`;
}

/** JSON Schema as a kontract schema format (`.json` files, registry type `JSON`). */
export const jsonSchemaFormat: SchemaFormat<ParsedJsonSchema> = {
  type: 'JSON',
  fileExtensions: ['.json'],
  parse: parseJsonSchema,
  referencedNames: jsonSchemaReferencedNames,
  definedNames: () => [],
  normalize: canonicalJsonSchema,
  topLevelFieldNames(parsed) {
    const properties = isJsonObject(parsed.raw) ? parsed.raw['properties'] : undefined;
    return isJsonObject(properties) ? Object.keys(properties) : [];
  },
};
