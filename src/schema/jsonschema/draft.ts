import type { JsonValue } from '../json-text.js';
import type { JsonSchemaDraft } from './model.js';

/**
 * The draft a schema document declares with `$schema` (a trailing `#` is ignored). 2019-09 and 2020-12 are
 * recognised by their exact meta-schema URLs (http or https); drafts 04/06/07 by prefix, as Everit does.
 * Anything else, including no `$schema`, is draft-07 — Confluent's default.
 */
export function declaredDraft(document: JsonValue): JsonSchemaDraft | undefined {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return undefined;
  const declared = document['$schema'];
  if (typeof declared !== 'string') return undefined;
  const url = declared.endsWith('#') ? declared.slice(0, -1) : declared;
  if (/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema$/.test(url)) return '2020-12';
  if (/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema$/.test(url)) return '2019-09';
  if (/^https?:\/\/json-schema\.org\/draft-04\/schema/.test(url)) return 'draft-04';
  if (/^https?:\/\/json-schema\.org\/draft-06\/schema/.test(url)) return 'draft-06';
  if (/^https?:\/\/json-schema\.org\/draft-07\/schema/.test(url)) return 'draft-07';
  return undefined;
}

/** The draft a schema is loaded with: its declared one, else draft-07. */
export function draftOf(document: JsonValue): JsonSchemaDraft {
  return declaredDraft(document) ?? 'draft-07';
}

/** Whether the draft is read by the 2019-09/2020-12 loader (json-sKema in Confluent) rather than Everit's. */
export function isModernDraft(draft: JsonSchemaDraft): boolean {
  return draft === '2019-09' || draft === '2020-12';
}

/** The keyword that names a schema resource: `id` in draft-04, `$id` afterwards. */
export function idKeyword(draft: JsonSchemaDraft): 'id' | '$id' {
  return draft === 'draft-04' ? 'id' : '$id';
}
