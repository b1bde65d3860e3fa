/**
 * Schemas the differential test mutates: the repository's `.avsc` files (with their references), the shared
 * vectors' schemas, and a built-in set covering what those may lack (recursion, fixed, aliases, errors, …).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { avroFormat } from '../../../src/schema/avro.js';
import type { JsonValue } from '../../../src/schema/json-text.js';
import { hasAnonymousRecord } from './mutations.js';

/** A schema with the texts of the references it needs, in an order Java can parse them (dependencies first). */
export interface CorpusSchema {
  origin: string;
  schema: JsonValue;
  references: Array<{ name: string; text: string }>;
}

const BUILT_IN: Record<string, JsonValue> = {
  linkedList: {
    type: 'record',
    name: 'Node',
    namespace: 'com.example.list',
    fields: [
      { name: 'value', type: 'long' },
      { name: 'next', type: ['null', 'Node'], default: null },
    ],
  },
  tree: {
    type: 'record',
    name: 'Tree',
    namespace: 'com.example.tree',
    aliases: ['OldTree'],
    fields: [
      { name: 'label', type: 'string', aliases: ['name'] },
      { name: 'children', type: { type: 'array', items: 'Tree' }, default: [] },
      { name: 'attributes', type: { type: 'map', values: ['null', 'string', 'double'] }, default: {} },
    ],
  },
  order: {
    type: 'record',
    name: 'OrderPlaced',
    namespace: 'com.example.orders',
    doc: 'An order was placed.',
    fields: [
      { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
      { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'], default: 'NEW' } },
      { name: 'priority', type: { type: 'enum', name: 'Priority', symbols: ['LOW', 'HIGH'] }, default: 'LOW' },
      { name: 'hash', type: { type: 'fixed', name: 'Md5', size: 16 } },
      { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
      {
        name: 'customer',
        type: {
          type: 'record',
          name: 'Customer',
          namespace: 'com.example.customers',
          fields: [
            { name: 'name', type: 'string' },
            { name: 'email', type: ['null', 'string'], default: null },
            { name: 'tier', type: 'com.example.orders.Status' },
          ],
        },
      },
      { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'int' }] } } },
      { name: 'payload', type: ['null', 'int', 'string', 'Line', 'Md5'], default: null },
      { name: 'tags', type: { type: 'map', values: 'string' }, default: {} },
    ],
  },
  failure: {
    type: 'error',
    name: 'Failure',
    fields: [
      { name: 'code', type: 'int' },
      { name: 'reason', type: ['string', 'null'], default: 'unknown' },
      { name: 'size', type: { type: 'fixed', name: 'Small', size: 2 } },
    ],
  },
  mutualRecursion: {
    type: 'record',
    name: 'A',
    fields: [
      { name: 'b', type: ['null', { type: 'record', name: 'B', fields: [{ name: 'a', type: ['null', 'A'], default: null }, { name: 'n', type: 'int' }] }], default: null },
      { name: 'again', type: ['null', 'B'], default: null },
    ],
  },
  primitiveUnion: ['null', 'int', 'long', 'string', { type: 'array', items: 'float' }],
  enumOnly: { type: 'enum', name: 'Suit', namespace: 'cards', symbols: ['HEARTS', 'SPADES', 'CLUBS', 'DIAMONDS'] },
  fixedOnly: { type: 'fixed', name: 'Hash', size: 8 },
  mapOfRecords: { type: 'map', values: { type: 'record', name: 'Entry', fields: [{ name: 'k', type: 'int' }, { name: 'v', type: ['null', 'bytes'] }] } },
};

function readAvscFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...readAvscFiles(full));
    else if (entry.name.endsWith('.avsc')) files.push(full);
  }
  return files.sort();
}

/** Repository schemas with their references resolved from the other repository schemas (by the names they define). */
function repositorySchemas(repoRoot: string): CorpusSchema[] {
  const texts = readAvscFiles(path.join(repoRoot, 'schemas')).map((file) => ({ file: path.relative(repoRoot, file), text: readFileSync(file, 'utf8') }));
  const definedBy = new Map<string, { name: string; text: string }>();
  const result: CorpusSchema[] = [];
  // Resolve in rounds: a file parses once every name it uses is defined by an earlier-resolved file.
  let remaining = texts;
  for (let round = 0; round < texts.length && remaining.length > 0; round++) {
    const next: typeof remaining = [];
    for (const { file, text } of remaining) {
      const needed = avroFormat.referencedNames(text);
      if (!needed.every((name) => definedBy.has(name))) {
        next.push({ file, text });
        continue;
      }
      const references = needed.map((name) => definedBy.get(name) as { name: string; text: string });
      const parsed = avroFormat.parse({ schema: text, references: Object.fromEntries(references.map((r) => [r.name, r.text])) });
      for (const name of avroFormat.definedNames(parsed)) if (!definedBy.has(name)) definedBy.set(name, { name, text });
      result.push({ origin: file, schema: JSON.parse(text) as JsonValue, references });
    }
    remaining = next;
  }
  return result;
}

interface VectorFiles {
  pairs: Array<{ reader: JsonValue; writer: JsonValue }>;
  levels: Array<{ previous: JsonValue[]; candidate: JsonValue }>;
}

function vectorSchemas(vectors: VectorFiles | undefined): CorpusSchema[] {
  if (!vectors) return [];
  const all = [...vectors.pairs.flatMap((c) => [c.reader, c.writer]), ...vectors.levels.flatMap((c) => [...c.previous, c.candidate])];
  const seen = new Set<string>();
  const result: CorpusSchema[] = [];
  for (const schema of all) {
    const key = JSON.stringify(schema);
    if (seen.has(key) || hasAnonymousRecord(schema)) continue;
    seen.add(key);
    result.push({ origin: 'vectors', schema, references: [] });
  }
  return result;
}

/** The corpus: repository schemas, vector schemas (without anonymous records), then the built-in ones. */
export function loadCorpus(repoRoot: string, vectors: VectorFiles | undefined): CorpusSchema[] {
  const builtIn = Object.entries(BUILT_IN).map(([name, schema]) => ({ origin: `built-in:${name}`, schema, references: [] }));
  return [...repositorySchemas(repoRoot), ...vectorSchemas(vectors), ...builtIn];
}
