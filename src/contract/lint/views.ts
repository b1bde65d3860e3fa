/**
 * One view of records and fields over the three parsed models, for the rules that ask the same question of every
 * format (envelope fields, the metadata record): a record's fields, where each is written, and the record a
 * field's type is. JSON Schema is read from its raw documents, so positions are exact JSON pointers.
 */
import type { SchemaVersion } from '../../project/types.js';
import type { AvroField, AvroRecord, AvroType, ParsedAvroSchema } from '../../schema/avro-model.js';
import type { JsonValue } from '../../schema/json-text.js';
import type { ParsedJsonSchema } from '../../schema/jsonschema.js';
import { locateInSchema } from '../../schema/locate.js';
import type { ParsedProtobufSchema, ProtoFile, ProtoMessage, ProtoPosition } from '../../schema/protobuf/model.js';
import type { LintContext, LintLocation } from './types.js';

export interface FieldView {
  name: string;
  at: LintLocation;
  /** The record this field's type is (through unions/optionals and references), if it is one. */
  record(): RecordView | undefined;
}

export interface RecordView {
  name: string;
  at: LintLocation;
  fields: FieldView[];
}

/** The record a subject version carries: Avro root record, first Protobuf message, JSON Schema root object. */
export function rootRecord(context: LintContext, version: SchemaVersion): RecordView | undefined {
  const parsed = context.parsed(version);
  switch (version.schemaType) {
    case 'AVRO': {
      const root = unwrapAvro((parsed as ParsedAvroSchema).root);
      return root ? avroRecordView(context, version, root) : undefined;
    }
    case 'PROTOBUF': {
      const schema = parsed as ParsedProtobufSchema;
      const message = schema.file.messages[0];
      return message ? protoRecordView(context, version, schema, message, schema.file) : undefined;
    }
    case 'JSON': {
      const site = resolveJsonSite(version, { doc: '', pointer: '', value: (parsed as ParsedJsonSchema).raw });
      return site ? jsonRecordView(context, version, site) : undefined;
    }
  }
}

// ---- Avro --------------------------------------------------------------------------------------------

/** The record of a type: itself, or the first record branch of a union (`["null", Record]`). */
export function unwrapAvro(type: AvroType): AvroRecord | undefined {
  if (type.kind === 'record') return type;
  if (type.kind === 'union') return type.branches.find((b): b is AvroRecord => b.kind === 'record');
  return undefined;
}

/** Where an Avro node defined in `definedIn` (or the main text) is. */
export function avroWhere(context: LintContext, version: SchemaVersion, definedIn: string | undefined, path: string): LintLocation {
  const file = definedIn === undefined ? version.file : (context.referenceFile(version, definedIn) ?? version.file);
  const text = definedIn === undefined ? version.schema : (version.referenceTexts[definedIn] ?? version.schema);
  return { file, ...(locateInSchema('AVRO', text, path) ?? {}), path };
}

function avroRecordView(context: LintContext, version: SchemaVersion, record: AvroRecord): RecordView {
  return {
    name: record.name,
    at: avroWhere(context, version, record.definedIn, record.path),
    fields: record.fields.map((field: AvroField) => ({
      name: field.name,
      at: avroWhere(context, version, record.definedIn, field.path),
      record: () => {
        const inner = unwrapAvro(field.type);
        return inner ? avroRecordView(context, version, inner) : undefined;
      },
    })),
  };
}

// ---- Protobuf ----------------------------------------------------------------------------------------

/** The repository file a Protobuf file of `version`'s schema comes from; undefined for built-in imports. */
export function protoFileOf(context: LintContext, version: SchemaVersion, file: ProtoFile): string | undefined {
  if (file.origin.kind === 'main') return version.file;
  if (file.origin.kind === 'builtin') return undefined;
  return context.referenceFile(version, file.name);
}

export function protoWhere(file: string, position: ProtoPosition | undefined, path: string): LintLocation {
  return { file, ...(position ? { line: position.line, column: position.column } : {}), path };
}

function protoRecordView(context: LintContext, version: SchemaVersion, schema: ParsedProtobufSchema, message: ProtoMessage, file: ProtoFile): RecordView {
  const fileName = protoFileOf(context, version, file) ?? file.name;
  return {
    name: message.fullName,
    at: protoWhere(fileName, message.position, `#/${message.localName.split('.').join('/')}`),
    fields: message.fields.map((field) => ({
      name: field.name,
      at: protoWhere(fileName, field.position, `#/${message.localName.split('.').join('/')}/${field.number}`),
      record: () => {
        if (field.type.kind !== 'named' || field.type.target !== 'message') return undefined;
        const entry = schema.types.get(field.type.fullName);
        return entry?.kind === 'message' ? protoRecordView(context, version, schema, entry.declaration, entry.file) : undefined;
      },
    })),
  };
}

// ---- JSON Schema -------------------------------------------------------------------------------------

/** A schema object inside one of a version's JSON documents: `doc` is `''` for the version itself, else a reference name. */
export interface JsonSite {
  doc: string;
  pointer: string;
  value: JsonValue;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The document text of a site's document. */
export function jsonDocText(version: SchemaVersion, doc: string): string | undefined {
  return doc === '' ? version.schema : version.referenceTexts[doc];
}

export function jsonWhere(context: LintContext, version: SchemaVersion, site: { doc: string; pointer: string }): LintLocation {
  const file = site.doc === '' ? version.file : (context.referenceFile(version, site.doc) ?? version.file);
  const text = jsonDocText(version, site.doc);
  const path = `#${site.pointer}`;
  return { file, ...(text ? (locateInSchema('JSON', text, path) ?? {}) : {}), path };
}

function evaluatePointer(root: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const token of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Follows `$ref` (into the document or a referenced one) until a schema without one; undefined when it points nowhere. */
export function followRef(version: SchemaVersion, site: JsonSite, seen = new Set<string>()): JsonSite | undefined {
  let current = site;
  while (isObject(current.value) && typeof current.value['$ref'] === 'string') {
    const key = `${current.doc}#${current.pointer}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const ref = current.value['$ref'];
    const hash = ref.indexOf('#');
    const docName = hash === 0 ? current.doc : hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    const text = jsonDocText(version, docName);
    if (text === undefined) return undefined;
    const value = evaluatePointer(JSON.parse(text) as JsonValue, pointer);
    if (value === undefined) return undefined;
    current = { doc: docName, pointer, value };
  }
  return current;
}

/** The object schema a site stands for: through `$ref`, and the first object member of `allOf`/`anyOf`/`oneOf`. */
export function resolveJsonSite(version: SchemaVersion, site: JsonSite): JsonSite | undefined {
  const target = followRef(version, site);
  if (!target || !isObject(target.value)) return undefined;
  if (isObject(target.value['properties'])) return target;
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const members = target.value[keyword];
    if (!Array.isArray(members)) continue;
    for (let i = 0; i < members.length; i++) {
      const found = resolveJsonSite(version, { doc: target.doc, pointer: `${target.pointer}/${keyword}/${i}`, value: members[i]! });
      if (found) return found;
    }
  }
  return undefined;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function jsonRecordView(context: LintContext, version: SchemaVersion, site: JsonSite): RecordView {
  const object = site.value as { [key: string]: JsonValue };
  const properties = object['properties'] as { [key: string]: JsonValue };
  const title = typeof object['title'] === 'string' ? object['title'] : site.doc || 'root';
  return {
    name: title,
    at: jsonWhere(context, version, site),
    fields: Object.entries(properties).map(([name, value]) => {
      const fieldSite = { doc: site.doc, pointer: `${site.pointer}/properties/${escapeToken(name)}`, value };
      return {
        name,
        at: jsonWhere(context, version, fieldSite),
        record: () => {
          const inner = resolveJsonSite(version, fieldSite);
          return inner ? jsonRecordView(context, version, inner) : undefined;
        },
      };
    }),
  };
}

export { escapeToken as escapeJsonPointerToken, isObject as isJsonObject };
