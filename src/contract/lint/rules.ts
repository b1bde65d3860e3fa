/**
 * The lint rules: one table, each rule with a stable id, its purpose, a default severity and a handler beside
 * its siblings. The table drives `kontract lint`, `kontract lint --list` and the README's rule reference.
 * Rules look at the newest version of each subject (the one being proposed); history-aware rules read the
 * earlier versions too.
 */
import { parseJsonDocument, type JsonValue } from '../../schema/json-text.js';
import type { AvroNamedType, ParsedAvroSchema } from '../../schema/avro-model.js';
import type { ParsedProtobufSchema, ProtoEnum, ProtoField, ProtoFieldType, ProtoMessage } from '../../schema/protobuf/model.js';
import type { SchemaVersion, Subject, TopicBinding } from '../../project/types.js';
import { estimateAvroSize, estimateJsonSize, estimateProtobufSize, type SizeEstimate } from './size.js';
import type { LintContext, LintIssue, LintLocation, LintRule } from './types.js';
import { avroWhere, escapeJsonPointerToken, followRef, isJsonObject, jsonWhere, protoWhere, rootRecord, type JsonSite } from './views.js';

const CONFIG_FILE = 'kontract.config.json';

function latest(subject: Subject): SchemaVersion {
  return subject.versions[subject.versions.length - 1]!;
}

/** Where a config entry is written, with its line and column when the config text is known. */
function configLocation(context: LintContext, pointer: string): LintLocation {
  let position = {};
  if (context.configText !== undefined) {
    try {
      position = parseJsonDocument(context.configText).positions.get(pointer) ?? {};
    } catch {
      position = {};
    }
  }
  return { file: CONFIG_FILE, ...position, path: `#${pointer}` };
}

function topicLocation(context: LintContext, binding: TopicBinding): LintLocation {
  if (context.repo.config.topics[binding.topic]) return configLocation(context, `/topics/${escapeJsonPointerToken(binding.topic)}`);
  const subject = binding.value ?? binding.key!;
  return { file: subject.dir };
}

function list(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

// ---- naming -------------------------------------------------------------------------------------------

function topicNameFormat(context: LintContext): LintIssue[] {
  const pattern = new RegExp(context.settings.topicNamePattern);
  return context.repo.topics
    .filter((t) => !pattern.test(t.topic))
    .map((t) => ({ topic: t.topic, at: topicLocation(context, t), message: `topic "${t.topic}" does not match ${context.settings.topicNamePattern} (<domain>.<entity>.<event-type>)` }));
}

function subjectNameFormat(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  const bound = new Set<string>();
  for (const t of context.repo.topics) {
    for (const role of ['value', 'key'] as const) {
      const subject = t[role];
      if (!subject) continue;
      bound.add(subject.name);
      if (context.repo.config.subjectNameStrategy === 'TopicNameStrategy' && subject.name !== `${t.topic}-${role}`) {
        issues.push({
          subject: subject.name,
          at: configLocation(context, `/topics/${escapeJsonPointerToken(t.topic)}/${role}`),
          message: `the ${role} subject of topic "${t.topic}" is "${subject.name}"; under TopicNameStrategy it is "${t.topic}-${role}"`,
          hint: `Rename ${subject.dir}/ to ${t.topic}-${role}/, or set subjectNameStrategy to the strategy your serializers use.`,
        });
      }
    }
  }
  const library = new RegExp(context.settings.librarySubjectPattern);
  for (const subject of context.repo.subjects) {
    if (bound.has(subject.name) || library.test(subject.name)) continue;
    issues.push({
      subject: subject.name,
      at: { file: subject.dir },
      message: `shared-type subject "${subject.name}" (bound to no topic) does not match ${context.settings.librarySubjectPattern}`,
      hint: 'Name shared types <domain>.<name>, e.g. common.money; a subject for a topic is <topic>-value or <topic>-key.',
    });
  }
  return issues;
}

// ---- envelope -----------------------------------------------------------------------------------------

function envelopeFields(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const { topic, subject } of context.valueSubjects()) {
    const version = latest(subject);
    const record = rootRecord(context, version);
    if (!record) {
      issues.push({ subject: subject.name, at: { file: version.file, line: 1, column: 1 }, message: `the value of topic "${topic}" is not a record, so it cannot carry the event envelope` });
      continue;
    }
    const present = new Set(record.fields.map((f) => f.name));
    const missing = context.settings.envelope.fields.filter((f) => !present.has(f));
    if (missing.length > 0) {
      issues.push({ subject: subject.name, at: record.at, message: `${record.name} (value of topic "${topic}") lacks the envelope field${missing.length === 1 ? '' : 's'} ${list(missing)}` });
    }
  }
  return issues;
}

function envelopeMetadataFields(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  const { metadataField, metadataFields } = context.settings.envelope;
  for (const { topic, subject } of context.valueSubjects()) {
    const field = rootRecord(context, latest(subject))?.fields.find((f) => f.name === metadataField);
    if (!field) continue; // ENVELOPE_FIELDS reports a missing metadata field
    const metadata = field.record();
    if (!metadata) {
      issues.push({ subject: subject.name, at: field.at, message: `"${metadataField}" of the value of topic "${topic}" is not a record` });
      continue;
    }
    const present = new Set(metadata.fields.map((f) => f.name));
    const missing = metadataFields.filter((f) => !present.has(f));
    if (missing.length > 0) {
      issues.push({ subject: subject.name, at: metadata.at, message: `${metadata.name} ("${metadataField}" of topic "${topic}") lacks ${list(missing)}` });
    }
  }
  return issues;
}

// ---- documentation -------------------------------------------------------------------------------------

interface DocIssues {
  fields: LintIssue[];
  records: LintIssue[];
}

function hasText(value: string | undefined): boolean {
  return value !== undefined && value.trim().length > 0;
}

function avroDocs(context: LintContext, subject: Subject, version: SchemaVersion, out: DocIssues): void {
  const parsed = context.parsed(version) as ParsedAvroSchema;
  for (const name of parsed.definedNames) {
    const type = parsed.namedTypes.get(name) as AvroNamedType;
    if (!hasText(type.doc)) out.records.push({ subject: subject.name, at: avroWhere(context, version, type.definedIn, type.path), message: `${type.kind} ${type.name} has no "doc"` });
    if (type.kind !== 'record') continue;
    for (const field of type.fields) {
      if (!hasText(field.doc)) out.fields.push({ subject: subject.name, at: avroWhere(context, version, type.definedIn, field.path), message: `field "${field.name}" of ${type.name} has no "doc"` });
    }
  }
}

function protoMessages(messages: readonly ProtoMessage[]): ProtoMessage[] {
  return messages.flatMap((m) => (m.isMapEntry ? [] : [m, ...protoMessages(m.messages)]));
}

function protoEnums(parsed: ParsedProtobufSchema): ProtoEnum[] {
  return [...parsed.file.enums, ...protoMessages(parsed.file.messages).flatMap((m) => m.enums)];
}

function protoPath(localName: string, ...rest: Array<string | number>): string {
  return `#/${[...localName.split('.'), ...rest].join('/')}`;
}

function protoDocs(subject: Subject, version: SchemaVersion, parsed: ParsedProtobufSchema, out: DocIssues): void {
  for (const message of protoMessages(parsed.file.messages)) {
    if (!hasText(message.comment)) out.records.push({ subject: subject.name, at: protoWhere(version.file, message.position, protoPath(message.localName)), message: `message ${message.localName} has no leading comment` });
    for (const field of message.fields) {
      if (!hasText(field.comment)) {
        out.fields.push({ subject: subject.name, at: protoWhere(version.file, field.position, protoPath(message.localName, field.number)), message: `field "${field.name}" of ${message.localName} has no leading comment` });
      }
    }
  }
  for (const e of protoEnums(parsed)) {
    if (!hasText(e.comment)) out.records.push({ subject: subject.name, at: protoWhere(version.file, e.position, protoPath(e.localName)), message: `enum ${e.localName} has no leading comment` });
  }
}

function ownDoc(value: JsonValue): boolean {
  if (!isJsonObject(value)) return false;
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  return hasText(text('description')) || hasText(text('title'));
}

/** Documented itself, or a `$ref` to a documented schema. */
function documentedJson(version: SchemaVersion, site: JsonSite): boolean {
  if (ownDoc(site.value)) return true;
  if (!isJsonObject(site.value) || typeof site.value['$ref'] !== 'string') return false;
  const target = followRef(version, site);
  return target !== undefined && ownDoc(target.value);
}

function jsonDocs(context: LintContext, subject: Subject, version: SchemaVersion, out: DocIssues): void {
  const root = JSON.parse(version.schema) as JsonValue;
  const visit = (site: JsonSite, depth: number): void => {
    const schema = site.value;
    if (!isJsonObject(schema) || depth > 64) return;
    const properties = schema['properties'];
    if (isJsonObject(properties)) {
      for (const [name, value] of Object.entries(properties)) {
        const child = { doc: '', pointer: `${site.pointer}/properties/${escapeJsonPointerToken(name)}`, value };
        if (!documentedJson(version, child)) out.fields.push({ subject: subject.name, at: jsonWhere(context, version, child), message: `property "${name}" has no "description" or "title"` });
        visit(child, depth + 1);
      }
    }
    for (const keyword of ['definitions', '$defs'] as const) {
      const definitions = schema[keyword];
      if (!isJsonObject(definitions)) continue;
      for (const [name, value] of Object.entries(definitions)) {
        const child = { doc: '', pointer: `${site.pointer}/${keyword}/${escapeJsonPointerToken(name)}`, value };
        if (!documentedJson(version, child)) out.records.push({ subject: subject.name, at: jsonWhere(context, version, child), message: `definition "${name}" has no "description" or "title"` });
        visit(child, depth + 1);
      }
    }
    if (schema['items'] !== undefined) {
      const items = schema['items'];
      if (Array.isArray(items)) items.forEach((item, i) => visit({ doc: '', pointer: `${site.pointer}/items/${i}`, value: item }, depth + 1));
      else visit({ doc: '', pointer: `${site.pointer}/items`, value: items }, depth + 1);
    }
    if (isJsonObject(schema['additionalProperties'])) visit({ doc: '', pointer: `${site.pointer}/additionalProperties`, value: schema['additionalProperties'] }, depth + 1);
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const members = schema[keyword];
      if (Array.isArray(members)) members.forEach((member, i) => visit({ doc: '', pointer: `${site.pointer}/${keyword}/${i}`, value: member }, depth + 1));
    }
  };
  const rootSite = { doc: '', pointer: '', value: root };
  if (!documentedJson(version, rootSite)) out.records.push({ subject: subject.name, at: { file: version.file, line: 1, column: 1, path: '#' }, message: 'the schema has no "description" or "title"' });
  visit(rootSite, 0);
}

/** Missing documentation in the newest version of every subject, computed once for both rules. */
function documentation(context: LintContext): DocIssues {
  const out: DocIssues = { fields: [], records: [] };
  for (const subject of context.repo.subjects) {
    const version = latest(subject);
    if (subject.schemaType === 'AVRO') avroDocs(context, subject, version, out);
    else if (subject.schemaType === 'PROTOBUF') protoDocs(subject, version, context.parsed(version) as ParsedProtobufSchema, out);
    else jsonDocs(context, subject, version, out);
  }
  return out;
}

// ---- enums --------------------------------------------------------------------------------------------

function avroEnumDefault(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const subject of context.repo.subjects) {
    if (subject.schemaType !== 'AVRO') continue;
    const version = latest(subject);
    const parsed = context.parsed(version) as ParsedAvroSchema;
    for (const name of parsed.definedNames) {
      const type = parsed.namedTypes.get(name)!;
      if (type.kind === 'enum' && type.default === undefined) {
        issues.push({
          subject: subject.name,
          at: avroWhere(context, version, type.definedIn, type.path),
          message: `enum ${type.name} has no "default" symbol: readers fail on a symbol added later`,
          hint: `Add "default": "${type.symbols[0] ?? 'UNKNOWN'}" (usually an UNKNOWN symbol listed first).`,
        });
      }
    }
  }
  return issues;
}

function protoEnumZeroUnspecified(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const subject of context.repo.subjects) {
    if (subject.schemaType !== 'PROTOBUF') continue;
    const version = latest(subject);
    for (const e of protoEnums(context.parsed(version) as ParsedProtobufSchema)) {
      const first = e.values[0];
      if (first && first.number === 0 && first.name.endsWith('_UNSPECIFIED')) continue;
      const expected = `${e.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_UNSPECIFIED = 0`;
      issues.push({
        subject: subject.name,
        at: protoWhere(version.file, first?.position ?? e.position, protoPath(e.localName)),
        message: `enum ${e.localName} starts with ${first ? `${first.name} = ${first.number}` : 'no value'}, not with a …_UNSPECIFIED = 0 value`,
        hint: `Declare ${expected} first: proto3 reads an absent or unknown value as 0, which must mean "not set".`,
      });
    }
  }
  return issues;
}

// ---- Protobuf field history -----------------------------------------------------------------------------

function typeKey(type: ProtoFieldType): string {
  if (type.kind === 'scalar') return type.scalar;
  if (type.kind === 'named') return type.fullName;
  return `map<${type.key},${typeKey(type.value)}>`;
}

interface FieldHistory {
  /** Per version (index 0 = v1): the message's fields by number, or undefined when the message is absent. */
  byVersion: Array<Map<number, ProtoField> | undefined>;
}

function protoHistories(context: LintContext, subject: Subject): Map<string, FieldHistory> {
  const histories = new Map<string, FieldHistory>();
  subject.versions.forEach((version, index) => {
    const parsed = context.parsed(version) as ParsedProtobufSchema;
    for (const message of protoMessages(parsed.file.messages)) {
      const history = histories.get(message.fullName) ?? { byVersion: Array.from({ length: subject.versions.length }, () => undefined) };
      history.byVersion[index] = new Map(message.fields.map((f) => [f.number, f]));
      histories.set(message.fullName, history);
    }
  });
  return histories;
}

function latestMessage(context: LintContext, subject: Subject, fullName: string): ProtoMessage | undefined {
  return protoMessages((context.parsed(latest(subject)) as ParsedProtobufSchema).file.messages).find((m) => m.fullName === fullName);
}

function protoFieldReused(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const subject of context.repo.subjects) {
    if (subject.schemaType !== 'PROTOBUF' || subject.versions.length < 2) continue;
    const n = subject.versions.length;
    for (const [fullName, history] of protoHistories(context, subject)) {
      const now = history.byVersion[n - 1];
      const message = latestMessage(context, subject, fullName);
      if (!now || !message) continue;
      for (const field of now.values()) {
        // An earlier field with this number (or name), then a version without it, then this different field.
        for (let i = 0; i < n - 1; i++) {
          const fields = history.byVersion[i];
          if (!fields) continue;
          const sameNumber = fields.get(field.number);
          const sameName = [...fields.values()].find((f) => f.name === field.name);
          const removedAfter = (test: (m: Map<number, ProtoField>) => boolean) => history.byVersion.slice(i + 1, n - 1).some((m) => m !== undefined && test(m));
          let clash: string | undefined;
          if (sameNumber && (sameNumber.name !== field.name || typeKey(sameNumber.type) !== typeKey(field.type)) && removedAfter((m) => !m.has(field.number))) {
            clash = `number ${field.number} was "${sameNumber.name}" (${typeKey(sameNumber.type)}) in v${i + 1} and removed later`;
          } else if (sameName && sameName.number !== field.number && removedAfter((m) => ![...m.values()].some((f) => f.name === field.name))) {
            clash = `name "${field.name}" was field ${sameName.number} in v${i + 1} and removed later`;
          }
          if (clash) {
            issues.push({
              subject: subject.name,
              at: protoWhere(latest(subject).file, field.position, protoPath(message.localName, field.number)),
              message: `field "${field.name}" = ${field.number} of ${message.localName} reuses what an earlier version removed: ${clash}`,
              hint: 'Old data with the removed field would be read into this one; give the field a new number and name, and reserve the old ones.',
            });
            break;
          }
        }
      }
    }
  }
  return issues;
}

function protoRemovedFieldReserved(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const subject of context.repo.subjects) {
    if (subject.schemaType !== 'PROTOBUF' || subject.versions.length < 2) continue;
    const n = subject.versions.length;
    for (const [fullName, history] of protoHistories(context, subject)) {
      const message = latestMessage(context, subject, fullName);
      const now = history.byVersion[n - 1];
      if (!message || !now) continue;
      const reservedNumber = (k: number) => message.reservedRanges.some((r) => r.from <= k && k <= r.to);
      const removed = new Map<number, ProtoField>();
      for (const fields of history.byVersion.slice(0, n - 1)) for (const f of fields?.values() ?? []) if (!now.has(f.number)) removed.set(f.number, f);
      for (const field of removed.values()) {
        const missing = [!reservedNumber(field.number) && `number ${field.number}`, !message.reservedNames.includes(field.name) && `name "${field.name}"`].filter(Boolean);
        if (missing.length === 0 || [...now.values()].some((f) => f.name === field.name)) continue;
        issues.push({
          subject: subject.name,
          at: protoWhere(latest(subject).file, message.position, protoPath(message.localName)),
          message: `field "${field.name}" = ${field.number} was removed from ${message.localName}, but its ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not reserved`,
          hint: `Add \`reserved ${field.number};\` and \`reserved "${field.name}";\` to ${message.name}, so nobody reuses them for other data.`,
        });
      }
    }
  }
  return issues;
}

// ---- keys and size ----------------------------------------------------------------------------------------

function keySchemaRequired(context: LintContext): LintIssue[] {
  return context.repo.topics
    .filter((t) => t.requireKey && !t.key)
    .map((t) => ({
      topic: t.topic,
      at: configLocation(context, `/topics/${escapeJsonPointerToken(t.topic)}/requireKey`),
      message: `topic "${t.topic}" requires keys (its events need ordering) but has no key schema`,
      hint: `Add ${context.repo.config.schemasDir}/${t.topic}-key/v1.avsc (e.g. {"type": "string", "doc": "…"}) so producers and consumers agree on the key.`,
    }));
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}

/** The estimated maximum size of the newest version of a subject. */
export function estimateSize(context: Pick<LintContext, 'parsed' | 'settings'>, version: SchemaVersion): SizeEstimate {
  const assumptions = context.settings.messageSize;
  if (version.schemaType === 'AVRO') return estimateAvroSize(context.parsed(version) as ParsedAvroSchema, assumptions);
  if (version.schemaType === 'PROTOBUF') return estimateProtobufSize(context.parsed(version) as ParsedProtobufSchema, assumptions);
  return estimateJsonSize(version, assumptions);
}

function messageSize(context: LintContext): LintIssue[] {
  const issues: LintIssue[] = [];
  const { errorBytes, warnBytes, assumedStringBytes, assumedItems } = context.settings.messageSize;
  for (const subject of context.repo.subjects) {
    const version = latest(subject);
    const estimate = estimateSize(context, version);
    if (estimate.bytes <= warnBytes) continue;
    const { strings, collections, recursions } = estimate.assumed;
    const assumptions = [
      strings > 0 && `${strings} unbounded string/bytes value${strings === 1 ? '' : 's'} at ${assumedStringBytes} bytes`,
      collections > 0 && `${collections} unbounded array/map${collections === 1 ? '' : 's'} at ${assumedItems} entries`,
      recursions > 0 && `recursion cut at depth ${context.settings.messageSize.assumedRecursionDepth}`,
    ].filter(Boolean);
    issues.push({
      subject: subject.name,
      at: { file: version.file, line: 1, column: 1 },
      message: `estimated maximum encoded message size ${formatBytes(estimate.bytes)} is over ${formatBytes(estimate.bytes > errorBytes ? errorBytes : warnBytes)}${assumptions.length > 0 ? ` (assuming ${assumptions.join(', ')})` : ''}`,
      hint: 'Bound strings and collections (Avro "maxLength"/"maxItems" attributes, Protobuf @maxLength/@maxItems comments, JSON Schema maxLength/maxItems), or move large payloads out of the event (e.g. a link to object storage).',
      ...(estimate.bytes > errorBytes ? {} : { warningOnly: true }),
    });
  }
  return issues;
}

// ---- the table --------------------------------------------------------------------------------------------

/** Every lint rule. Ids are stable; `kontract lint --list` prints this table. */
export const LINT_RULES: readonly LintRule[] = [
  {
    id: 'TOPIC_NAME_FORMAT',
    purpose: 'Topic names follow <domain>.<entity>.<event-type>: three lowercase dot-separated parts (lint.topicNamePattern).',
    hint: 'Rename the topic (its subject folders <topic>-value/-key), or set lint.topicNamePattern to your convention.',
    defaultSeverity: 'error',
    formats: ['ANY'],
    handler: topicNameFormat,
  },
  {
    id: 'SUBJECT_NAME_FORMAT',
    purpose: 'Subjects of a topic are <topic>-value/<topic>-key under TopicNameStrategy; shared-type subjects bound to no topic (exempt from TOPIC_NAME_FORMAT) match lint.librarySubjectPattern, e.g. common.money.',
    hint: 'Rename the subject folder.',
    defaultSeverity: 'error',
    formats: ['ANY'],
    handler: subjectNameFormat,
  },
  {
    id: 'ENVELOPE_FIELDS',
    purpose: "A topic's value schema carries the envelope fields lint.envelope.fields (event_id, event_type, event_version, timestamp, source, metadata).",
    hint: 'Add the missing fields at the top level of the event (see the repository\'s schemas for their usual types and docs).',
    defaultSeverity: 'error',
    formats: ['AVRO', 'PROTOBUF', 'JSON'],
    handler: envelopeFields,
  },
  {
    id: 'ENVELOPE_METADATA_FIELDS',
    purpose: 'The envelope\'s metadata record (also when it is a referenced type) carries lint.envelope.metadataFields (correlation_id, causation_id, trace_id).',
    hint: 'Add the missing fields to the metadata record, or reference the shared metadata type (common.metadata-*).',
    defaultSeverity: 'error',
    formats: ['AVRO', 'PROTOBUF', 'JSON'],
    handler: envelopeMetadataFields,
  },
  {
    id: 'FIELD_DOCUMENTED',
    purpose: 'Every field has documentation: Avro "doc", a Protobuf leading comment, JSON Schema "description" or "title" (a $ref property may rely on its target\'s).',
    hint: 'Say what the field means for consumers: unit, format, when it is empty.',
    defaultSeverity: 'error',
    formats: ['AVRO', 'PROTOBUF', 'JSON'],
    handler: (context) => documentation(context).fields,
  },
  {
    id: 'RECORD_DOCUMENTED',
    purpose: 'Every record, enum and fixed (Avro), message and enum (Protobuf), and the schema and its definitions (JSON Schema) has documentation.',
    hint: 'Say what the type stands for and who emits it.',
    defaultSeverity: 'error',
    formats: ['AVRO', 'PROTOBUF', 'JSON'],
    handler: (context) => documentation(context).records,
  },
  {
    id: 'AVRO_ENUM_DEFAULT',
    purpose: 'Avro enums declare a "default" symbol, so readers survive symbols added later.',
    hint: 'Add "default" with a symbol meaning "unknown".',
    defaultSeverity: 'error',
    formats: ['AVRO'],
    handler: avroEnumDefault,
  },
  {
    id: 'PROTO_ENUM_ZERO_UNSPECIFIED',
    purpose: 'Protobuf enums start with a <ENUM>_UNSPECIFIED = 0 value, the value absent and unknown numbers read as.',
    hint: 'Declare <ENUM>_UNSPECIFIED = 0 first.',
    defaultSeverity: 'error',
    formats: ['PROTOBUF'],
    handler: protoEnumZeroUnspecified,
  },
  {
    id: 'PROTO_FIELD_REUSED',
    purpose: 'A Protobuf field number or name that an earlier version of the subject removed is not used again for a different field.',
    hint: 'Use a new field number and name; reserve the removed ones.',
    defaultSeverity: 'error',
    formats: ['PROTOBUF'],
    handler: protoFieldReused,
  },
  {
    id: 'PROTO_REMOVED_FIELD_RESERVED',
    purpose: 'A Protobuf field removed since an earlier version has its number and name reserved in the newest version.',
    hint: 'Add reserved statements for the removed number and name.',
    defaultSeverity: 'error',
    formats: ['PROTOBUF'],
    handler: protoRemovedFieldReserved,
  },
  {
    id: 'KEY_SCHEMA_REQUIRED',
    purpose: 'A topic whose events need ordering (topics.<topic>.requireKey) declares a key schema (<topic>-key).',
    hint: 'Add a <topic>-key subject.',
    defaultSeverity: 'error',
    formats: ['ANY'],
    handler: keySchemaRequired,
  },
  {
    id: 'MESSAGE_SIZE',
    purpose: 'The estimated maximum encoded message size stays under lint.messageSize.errorBytes (1 MiB; warning over warnBytes, 100 KiB); unbounded strings and collections count at documented assumed sizes.',
    hint: 'Bound strings and collections, or move large payloads out of the event.',
    defaultSeverity: 'error',
    formats: ['AVRO', 'PROTOBUF', 'JSON'],
    handler: messageSize,
  },
];
