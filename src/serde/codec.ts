/**
 * The schema-aware {@link TopicCodec}: Confluent wire format with Avro, Protobuf or JSON Schema payloads,
 * for the topics of a generated topic map.
 *
 * - Writing: each topic's latest schema (the descriptor's `value`/`key`) is looked up — or, with
 *   `autoRegister`, registered — under the subject its name strategy gives, once, in `prepare`. After that,
 *   encoding is synchronous and does no I/O, so producing goes on while the registry is down.
 * - Reading: the reader schema is the descriptor's latest version; the writer schema is the one whose id
 *   the message carries, fetched once per id ({@link SchemaCodec.ensureDecodable}, which the consumer calls
 *   before decoding when an id is new). A writer schema other than the reader's is first checked with
 *   kontract's compatibility engine (Avro, Protobuf): an unreadable pair is `READER_INCOMPATIBLE`, naming
 *   both versions and the findings. JSON payloads need no writer schema to be read; `validateOnConsume`
 *   checks them against the reader schema.
 * - Registry answers that something does not exist are cached for `negativeCacheMs`, so a stream of bad
 *   messages does not turn into a stream of registry requests.
 */
import { checkCompatibility } from '../compat/check.js';
import { KontractError, isKontractError } from '../errors.js';
import type { TopicCodec } from '../kafka/codec.js';
import type { SubjectNameStrategy } from '../project/types.js';
import type { SchemaVersionInfo, TopicDescriptor, TopicMap } from '../runtime/index.js';
import type { ParsedAvroSchema } from '../schema/avro-model.js';
import { schemaFormat } from '../schema/formats.js';
import type { ParsedProtobufSchema } from '../schema/protobuf/model.js';
import type { SchemaReference, SchemaSource, SchemaType } from '../schema/types.js';
import { AvroSerde } from './avro/serde.js';
import { JsonSchemaSerde } from './jsonschema/serde.js';
import type { LongType } from './long-type.js';
import { ProtobufSerde } from './protobuf/serde.js';
import { type RegisteredSchema, type RegistryInput, type SerdeRegistry, isNotFound, serdeRegistryOf } from './registry.js';
import { type MessagePart, subjectName } from './subject.js';
import { ValueError, pointerOf } from './value-error.js';
import { HEADER_BYTES, MAGIC_BYTE, readFrame } from './wire.js';

export interface TopicCodecOptions {
  /** The schema registry: a URL, `{ url, auth }`, kontract's registry client, or any {@link SerdeRegistry}. */
  registry: RegistryInput;
  /** The generated topic map (`topics` of the generated code), or a list of descriptors. */
  topics: TopicMap | readonly TopicDescriptor<unknown, unknown, unknown, unknown>[];
  /**
   * How subjects are named (default `TopicNameStrategy`): one strategy for keys and values, or one each, as
   * Confluent's `key.subject.name.strategy` / `value.subject.name.strategy` (an unset one stays `TopicNameStrategy`).
   */
  subjectNameStrategy?: SubjectNameStrategy | { key?: SubjectNameStrategy; value?: SubjectNameStrategy };
  /** Register the schemas this codec writes (and their references) when the registry lacks them. Default false: look them up only. */
  autoRegister?: boolean;
  /** Validate JSON Schema values when reading them too (they are always validated when written). Default false. */
  validateOnConsume?: boolean;
  /** How 64-bit integers are represented; must match the codegen `longType`. Default `number`. */
  longType?: LongType;
  /**
   * Whether Protobuf frames carry Confluent's message-index list (default `present`). `absent` reads and
   * writes frames without it, as `@kafkajs/confluent-schema-registry` does; Confluent's clients need it.
   */
  protobufMessageIndexes?: 'present' | 'absent';
  /**
   * What the codec is for. `consume` skips looking up the ids of the topics' own schemas in `prepare`
   * (reading only needs the ids messages carry), so a consumer starts without registering anything.
   * Default `both`.
   */
  purpose?: 'produce' | 'consume' | 'both';
  /** How long "not found" registry answers are remembered, in ms. Default 5000. */
  negativeCacheMs?: number;
}

/** A {@link TopicCodec} with the extras of the schema-aware implementation. */
export interface SchemaCodec extends TopicCodec {
  /** Compiles the topics' schemas and (unless `purpose` is `consume`) resolves the ids they are written with. */
  prepare(topics: readonly string[]): Promise<void>;
  /**
   * Makes a consumed key or value decodable synchronously by fetching the writer schema of its id when this
   * codec has not seen the id yet. Returns `undefined` when nothing needs fetching (the common case).
   */
  ensureDecodable(topic: string, data: Buffer, part: MessagePart): Promise<void> | undefined;
  /** {@link ensureDecodable} then decode: for reading outside a consumer. */
  decode(topic: string, data: Buffer, part?: MessagePart): Promise<unknown>;
  /** The registry subject of a topic's key or value under the configured strategy. */
  subjectOf(topic: string, part?: MessagePart): string;
  /** The id the topic's key or value schema is written with (after `prepare`). */
  schemaIdOf(topic: string, part?: MessagePart): number | undefined;
}

/** Reads the payload of a framed message (at `offset`); `indexes` are its Protobuf message indexes. */
type Decoder = (data: Buffer, offset: number, indexes: readonly number[] | undefined) => unknown;

/** The message indexes of nearly every Protobuf message: the first message of the schema. */
const FIRST_MESSAGE: readonly number[] = Object.freeze([0]);

type CompiledSchema =
  | { schemaType: 'AVRO'; source: SchemaSource; serde: AvroSerde }
  | { schemaType: 'PROTOBUF'; source: SchemaSource; serde: ProtobufSerde }
  | { schemaType: 'JSON'; source: SchemaSource; serde: JsonSchemaSerde | undefined };

/** A writer schema fetched by id. */
interface WriterSchema {
  id: number;
  schemaType: SchemaType;
  source: SchemaSource;
  compiled?: CompiledSchema;
}

interface Remembered<T> {
  value?: T;
  error?: unknown;
  /** Errors are forgotten after this time (ms since the epoch). */
  until?: number;
  pending?: Promise<T>;
}

function sourceOf(info: SchemaVersionInfo): SchemaSource {
  return { schema: info.schema, references: { ...info.referenceTexts } };
}

function sameSource(a: SchemaSource, b: SchemaSource): boolean {
  if (a.schema !== b.schema) return false;
  const aRefs = a.references ?? {};
  const bRefs = b.references ?? {};
  const names = Object.keys(aRefs);
  return names.length === Object.keys(bRefs).length && names.every((name) => aRefs[name] === bRefs[name]);
}

/**
 * Compiled schemas by what they were compiled from, shared by every codec of the process: a service's producer
 * and consumer, or codecs created again, compile a schema once — and run the code V8 has already optimized
 * for it (avsc generates a reader and writer per type, which a fresh compile would have to warm up again).
 * Bounded; the oldest entries go first.
 */
const compiledSchemas = new Map<string, CompiledSchema>();
const COMPILED_SCHEMAS_KEPT = 256;

/** A key naming a schema source exactly: its text and its references' names and texts. */
function sourceKey(source: SchemaSource): string {
  const references = source.references ?? {};
  const referenceKey = Object.keys(references)
    .sort()
    .map((name) => `${name}\u0001${references[name]}`)
    .join('\u0002');
  return `${source.schema}\u0000${referenceKey}`;
}

function compileSchema(schemaType: SchemaType, source: SchemaSource, longType: LongType, recordName: string | undefined, forWriting: boolean): CompiledSchema {
  const key = `${schemaType}\u0000${longType}\u0000${recordName ?? ''}\u0000${forWriting}\u0000${sourceKey(source)}`;
  const known = compiledSchemas.get(key);
  if (known) return known;
  // Schemas that do not compile throw here and are not remembered.
  const compiled = compileSchemaAnew(schemaType, source, longType, recordName, forWriting);
  if (compiledSchemas.size >= COMPILED_SCHEMAS_KEPT) compiledSchemas.delete(compiledSchemas.keys().next().value!);
  compiledSchemas.set(key, compiled);
  return compiled;
}

/**
 * Whether a reader can read what a writer wrote (the breaking findings when not), checked once per pair of
 * schemas in the process: every consumer of a topic meets the same pairs. Bounded like the compiled schemas.
 */
const readVerdicts = new Map<string, readonly string[]>();

function breakingFindings(schemaType: SchemaType, reader: SchemaSource, writer: SchemaSource): readonly string[] {
  const key = `${schemaType}\u0000${sourceKey(reader)}\u0003${sourceKey(writer)}`;
  const known = readVerdicts.get(key);
  if (known) return known;
  const verdict = checkCompatibility({ schemaType, level: 'BACKWARD', candidate: reader, previous: [writer] });
  const findings = verdict.compatible ? [] : verdict.findings.filter((finding) => finding.breaking).map((finding) => `${finding.location}: ${finding.message}`);
  // An incompatible pair without a breaking finding still must not read: keep it apart from "compatible".
  const result = verdict.compatible ? [] : findings.length > 0 ? findings : [''];
  if (readVerdicts.size >= COMPILED_SCHEMAS_KEPT) readVerdicts.delete(readVerdicts.keys().next().value!);
  readVerdicts.set(key, result);
  return result;
}

function compileSchemaAnew(schemaType: SchemaType, source: SchemaSource, longType: LongType, recordName: string | undefined, forWriting: boolean): CompiledSchema {
  switch (schemaType) {
    case 'AVRO':
      return { schemaType, source, serde: new AvroSerde(schemaFormat('AVRO').parse(source, { strict: false }) as ParsedAvroSchema, longType) };
    case 'PROTOBUF':
      return { schemaType, source, serde: new ProtobufSerde(schemaFormat('PROTOBUF').parse(source, { strict: false }) as ParsedProtobufSchema, longType, recordName) };
    case 'JSON':
      // A JSON writer schema is not needed to read JSON; only the reader's is compiled.
      return { schemaType, source, serde: forWriting ? new JsonSchemaSerde(source.schema, source.references ?? {}) : undefined };
  }
}

/** One topic's key or value: its schema, subject, writer id and decoders by writer id. */
class TopicPart {
  reader?: CompiledSchema;
  schemaId?: number;
  encoder?: (value: unknown) => Buffer;
  readonly decoders = new Map<number, Decoder>();
  preparing?: Promise<void>;

  constructor(
    readonly topic: string,
    readonly part: MessagePart,
    readonly info: SchemaVersionInfo,
    /** Every version of the subject known to the generated code (to name writer versions in errors). */
    readonly versions: readonly SchemaVersionInfo[],
    private readonly strategy: SubjectNameStrategy,
  ) {}

  private subjectCache?: string;

  /** Computed on first use: a strategy that cannot name this part's subject fails only where the part is used. */
  get subject(): string {
    this.subjectCache ??= subjectName(this.strategy, this.topic, this.part, this.info);
    return this.subjectCache;
  }

  context(schemaId?: number): Record<string, string | number | undefined> {
    let subject: string | undefined;
    try {
      subject = this.subject;
    } catch {
      subject = undefined;
    }
    return { topic: this.topic, subject, ...(schemaId === undefined ? {} : { schemaId }) };
  }
}

/**
 * Creates the schema-aware codec for the topics of a generated topic map.
 *
 * @example
 * ```ts
 * import { topics } from './generated/index.js';
 * const codec = createTopicCodec({ registry: 'http://localhost:8081', topics });
 * await codec.prepare(['orders.payment.completed']);
 * const bytes = codec.encodeValue('orders.payment.completed', event);
 * ```
 */
export function createTopicCodec(options: TopicCodecOptions): SchemaCodec {
  return new SchemaTopicCodec(options);
}

class SchemaTopicCodec implements SchemaCodec {
  private readonly registry: SerdeRegistry;
  /** By topic: its value and (when it has a key schema) its key. */
  private readonly parts = new Map<string, { value: TopicPart; key?: TopicPart }>();
  private readonly writers = new Map<number, Remembered<WriterSchema>>();
  private readonly subjectVersions = new Map<string, Promise<RegisteredSchema & { version: number }>>();
  private readonly idLookups = new Map<string, Remembered<number>>();
  private readonly longType: LongType;
  private readonly autoRegister: boolean;
  private readonly validateOnConsume: boolean;
  private readonly indexesPresent: boolean;
  private readonly purpose: 'produce' | 'consume' | 'both';
  private readonly negativeCacheMs: number;

  constructor(options: TopicCodecOptions) {
    this.registry = serdeRegistryOf(options.registry);
    this.longType = options.longType ?? 'number';
    this.autoRegister = options.autoRegister ?? false;
    this.validateOnConsume = options.validateOnConsume ?? false;
    this.indexesPresent = (options.protobufMessageIndexes ?? 'present') === 'present';
    this.purpose = options.purpose ?? 'both';
    this.negativeCacheMs = options.negativeCacheMs ?? 5_000;
    const configured = options.subjectNameStrategy ?? 'TopicNameStrategy';
    const valueStrategy = typeof configured === 'string' ? configured : (configured.value ?? 'TopicNameStrategy');
    const keyStrategy = typeof configured === 'string' ? configured : (configured.key ?? 'TopicNameStrategy');
    const descriptors = Array.isArray(options.topics) ? (options.topics as readonly TopicDescriptor[]) : Object.values(options.topics as TopicMap);
    for (const descriptor of descriptors) {
      const value = new TopicPart(descriptor.topic, 'value', descriptor.value, descriptor.valueVersions, valueStrategy);
      const key = descriptor.key ? new TopicPart(descriptor.topic, 'key', descriptor.key, [descriptor.key], keyStrategy) : undefined;
      this.parts.set(descriptor.topic, key ? { value, key } : { value });
    }
  }

  // ---- TopicCodec -------------------------------------------------------------------------------

  async prepare(topics: readonly string[]): Promise<void> {
    const work: Promise<void>[] = [];
    for (const topic of topics) {
      this.checkTopic(topic);
      for (const part of ['value', 'key'] as const) {
        const entry = this.parts.get(topic)?.[part];
        if (entry) work.push((entry.preparing ??= this.preparePart(entry).finally(() => (entry.preparing = undefined))));
      }
    }
    await Promise.all(work);
  }

  encodeKey(topic: string, key: unknown): Buffer | null {
    if (key === null || key === undefined) return null;
    const entry = this.parts.get(topic)?.key;
    if (entry) return this.encode(entry, key);
    this.checkTopic(topic);
    if (typeof key === 'string') return Buffer.from(key, 'utf8');
    throw new KontractError('PAYLOAD_INVALID', `Keys of topic "${topic}" are strings (it has no key schema), got ${typeof key}.`, {
      hint: 'Pass the key as a string, or give the topic a key subject (<topic>-key) and regenerate.',
      context: { topic },
    });
  }

  encodeValue(topic: string, value: unknown): Buffer {
    const entry = this.parts.get(topic)?.value;
    if (!entry) throw this.unknownTopic(topic);
    return this.encode(entry, value);
  }

  decodeKey(topic: string, data: Buffer): unknown {
    const entry = this.parts.get(topic)?.key;
    if (entry) return this.decodeWith(entry, data);
    this.checkTopic(topic);
    return data.toString('utf8');
  }

  decodeValue(topic: string, data: Buffer): unknown {
    const entry = this.parts.get(topic)?.value;
    if (!entry) throw this.unknownTopic(topic);
    return this.decodeWith(entry, data);
  }

  // ---- SchemaCodec extras ----------------------------------------------------------------------------

  ensureDecodable(topic: string, data: Buffer, part: MessagePart): Promise<void> | undefined {
    const entry = this.parts.get(topic)?.[part];
    // Without a schema (string keys) or without a frame, decoding itself reports what is wrong.
    if (!entry || data.length < 5 || data[0] !== 0) return undefined;
    const schemaId = data.readUInt32BE(1);
    if (entry.decoders.has(schemaId)) return undefined;
    const known = this.writers.get(schemaId);
    if (known?.value) return undefined;
    if (known?.error !== undefined && (known.until === undefined || known.until > Date.now())) return undefined;
    return this.fetchWriter(schemaId, entry).then(
      () => undefined,
      (error: unknown) => {
        // A missing id is reported by the decode (the consumer dead-letters the message); an unreachable registry is retried.
        if (isKontractError(error) && error.retriable) throw error;
      },
    );
  }

  async decode(topic: string, data: Buffer, part: MessagePart = 'value'): Promise<unknown> {
    await this.ensureDecodable(topic, data, part);
    return part === 'key' ? this.decodeKey(topic, data) : this.decodeValue(topic, data);
  }

  subjectOf(topic: string, part: MessagePart = 'value'): string {
    const entry = this.parts.get(topic)?.[part];
    if (!entry) {
      this.checkTopic(topic);
      throw new KontractError('USAGE', `Topic "${topic}" has no ${part} schema.`, { context: { topic } });
    }
    return entry.subject;
  }

  schemaIdOf(topic: string, part: MessagePart = 'value'): number | undefined {
    return this.parts.get(topic)?.[part]?.schemaId;
  }

  // ---- writing ---------------------------------------------------------------------------------------

  private async preparePart(entry: TopicPart): Promise<void> {
    this.readerOf(entry);
    if (this.purpose === 'consume' || entry.encoder) return;
    const schemaId = await this.resolveId(entry);
    entry.schemaId = schemaId;
    const reader = this.readerOf(entry);
    switch (reader.schemaType) {
      case 'AVRO': {
        const serde = reader.serde;
        entry.encoder = (value) => serde.encode(value, schemaId);
        break;
      }
      case 'PROTOBUF': {
        const serde = reader.serde;
        const withIndexes = this.indexesPresent;
        entry.encoder = (value) => serde.encode(value, schemaId, withIndexes);
        break;
      }
      case 'JSON': {
        const serde = reader.serde!;
        entry.encoder = (value) => serde.encode(value, schemaId);
        break;
      }
    }
    // The writer schema of our own id is the reader schema: reading our own messages needs no fetch.
    this.writers.set(schemaId, { value: { id: schemaId, schemaType: reader.schemaType, source: reader.source, compiled: reader } });
  }

  private encode(entry: TopicPart, value: unknown): Buffer {
    const encoder = entry.encoder;
    if (!encoder) {
      const remembered = this.idLookups.get(entry.subject);
      if (remembered?.error !== undefined) throw remembered.error;
      throw new KontractError('USAGE', `The codec was not prepared for topic "${entry.topic}": the id of its ${entry.part} schema is not known.`, {
        hint: `Call codec.prepare(['${entry.topic}']) (producers do it on connect) before encoding.`,
        context: entry.context(),
      });
    }
    try {
      return encoder(value);
    } catch (error) {
      throw this.payloadError(entry, error, entry.schemaId, 'write');
    }
  }

  /** The id of the entry's schema under its subject: looked up, or registered with `autoRegister`. */
  private resolveId(entry: TopicPart): Promise<number> {
    const key = `${entry.subject}\u0000${entry.info.schema}`;
    const remembered = this.idLookups.get(key);
    if (remembered?.value !== undefined) return Promise.resolve(remembered.value);
    if (remembered?.pending) return remembered.pending;
    if (remembered?.error !== undefined && remembered.until !== undefined && remembered.until > Date.now()) return Promise.reject(remembered.error);
    const pending = this.lookupOrRegister(entry).then(
      (id) => {
        this.idLookups.set(key, { value: id });
        this.idLookups.delete(entry.subject);
        return id;
      },
      (error: unknown) => {
        const failure = this.idError(entry, error);
        const remember = { error: failure, until: Date.now() + this.negativeCacheMs };
        // Registry outages are not remembered: the next prepare tries again.
        if (failure.retriable) this.idLookups.delete(key);
        else this.idLookups.set(key, remember);
        this.idLookups.set(entry.subject, remember);
        throw failure;
      },
    );
    this.idLookups.set(key, { pending });
    return pending;
  }

  private async lookupOrRegister(entry: TopicPart): Promise<number> {
    const schema: RegisteredSchema = { schemaType: entry.info.schemaType, schema: entry.info.schema, references: [...entry.info.references] };
    if (!this.autoRegister) return (await this.registry.lookup(entry.subject, schema)).id;
    schema.references = await this.registerReferences(entry.info);
    return (await this.registry.register(entry.subject, schema)).id;
  }

  /**
   * Registers (or finds) the direct references of `info` and returns them with the versions the registry
   * holds them at. A referenced schema that has references of its own must be registered already.
   */
  private async registerReferences(info: SchemaVersionInfo): Promise<SchemaReference[]> {
    const references: SchemaReference[] = [];
    for (const reference of info.references) {
      const text = info.referenceTexts[reference.name];
      if (text === undefined) {
        throw new KontractError('REFERENCE_UNRESOLVED', `${info.subject} v${info.version} references "${reference.name}" without its text.`, {
          hint: 'Regenerate the code: generated schema constants carry the texts of every reference.',
          context: { subject: info.subject },
        });
      }
      const own = schemaFormat(info.schemaType).referencedNames(text);
      const schema: RegisteredSchema = { schemaType: info.schemaType, schema: text, references: [] };
      let version: number;
      if (own.length === 0) version = (await this.registry.register(reference.subject, schema)).version;
      else {
        try {
          version = (await this.registry.getVersion(reference.subject, reference.version)).version;
        } catch (error) {
          if (!isNotFound(error)) throw error;
          throw new KontractError('REFERENCE_UNRESOLVED', `${reference.subject} v${reference.version} (referenced by ${info.subject}) has references of its own and is not registered.`, {
            hint: 'Register the schema repository first (every subject, in order), then produce.',
            context: { subject: reference.subject },
          });
        }
      }
      references.push({ name: reference.name, subject: reference.subject, version });
    }
    return references;
  }

  private idError(entry: TopicPart, error: unknown): KontractError {
    if (isNotFound(error)) {
      return new KontractError(
        'UNKNOWN_SCHEMA_ID',
        `Subject "${entry.subject}" has no version with the schema of ${entry.info.subject} v${entry.info.version}, so topic "${entry.topic}" cannot be written.`,
        {
          hint: this.autoRegister
            ? 'The registry refused it; register the repository\'s schemas first.'
            : 'Register the schema first (e.g. push the repository to the registry), or create the codec with autoRegister: true.',
          cause: error,
          context: entry.context(),
        },
      );
    }
    if (isKontractError(error)) return error;
    return new KontractError('REGISTRY_ERROR', `Resolving the schema id of subject "${entry.subject}" failed: ${String(error)}`, { cause: error, context: entry.context() });
  }

  // ---- reading ---------------------------------------------------------------------------------------

  private readerOf(entry: TopicPart): CompiledSchema {
    entry.reader ??= compileSchema(entry.info.schemaType, sourceOf(entry.info), this.longType, entry.info.recordName, true);
    return entry.reader;
  }

  private decodeWith(entry: TopicPart, data: Buffer): unknown {
    const withIndexes = entry.info.schemaType === 'PROTOBUF' && this.indexesPresent;
    let schemaId: number;
    let offset: number;
    let indexes: readonly number[] | undefined;
    if (data.length > HEADER_BYTES && data[0] === MAGIC_BYTE && (!withIndexes || data[HEADER_BYTES] === 0)) {
      // The common frame (for Protobuf: the [0] shortcut) without building a frame object.
      schemaId = ((data[1]! << 24) | (data[2]! << 16) | (data[3]! << 8) | data[4]!) >>> 0;
      offset = withIndexes ? HEADER_BYTES + 1 : HEADER_BYTES;
      indexes = withIndexes ? FIRST_MESSAGE : undefined;
    } else {
      try {
        const frame = readFrame(data, { messageIndexes: withIndexes, topic: entry.topic });
        ({ schemaId, payloadOffset: offset, messageIndexes: indexes } = frame);
      } catch (error) {
        if (isKontractError(error)) throw new KontractError(error.code, error.message, { hint: error.hint, context: { ...entry.context(), ...error.context } });
        throw error;
      }
    }
    let decoder = entry.decoders.get(schemaId);
    if (!decoder) {
      decoder = this.createDecoder(entry, schemaId);
      entry.decoders.set(schemaId, decoder);
    }
    try {
      return decoder(data, offset, indexes);
    } catch (error) {
      throw this.payloadError(entry, error, schemaId, 'read');
    }
  }

  private createDecoder(entry: TopicPart, schemaId: number): Decoder {
    const remembered = this.writers.get(schemaId);
    if (!remembered?.value) {
      if (remembered?.error !== undefined) throw remembered.error;
      throw new KontractError('UNKNOWN_SCHEMA_ID', `The writer schema of id ${schemaId} (topic "${entry.topic}") has not been fetched.`, {
        hint: 'Await codec.ensureDecodable(topic, data, part) — or use codec.decode() — before decoding a message whose schema id is new.',
        retriable: true,
        context: entry.context(schemaId),
      });
    }
    const writer = remembered.value;
    const reader = this.readerOf(entry);
    if (writer.schemaType !== reader.schemaType) {
      return () => {
        throw new KontractError('READER_INCOMPATIBLE', `Schema id ${schemaId} is a ${writer.schemaType} schema; topic "${entry.topic}" is read as ${reader.schemaType}.`, {
          hint: 'Another producer wrote this topic with a different serializer; fix that producer or read the topic with a matching schema.',
          context: entry.context(schemaId),
        });
      };
    }
    if (reader.schemaType === 'JSON') {
      const serde = reader.serde!;
      const validate = this.validateOnConsume;
      return (data, offset) => serde.decode(data, offset, validate);
    }
    let same = sameSource(writer.source, reader.source);
    if (!same && reader.schemaType === 'AVRO') {
      // The registry may hand back the writer's text normalized: the same schema needs no compatibility check.
      writer.compiled ??= compileSchema(writer.schemaType, writer.source, this.longType, undefined, false);
      same = reader.serde.sameSchemaAs((writer.compiled as Extract<CompiledSchema, { schemaType: 'AVRO' }>).serde);
    }
    if (!same) {
      const findings = breakingFindings(reader.schemaType, reader.source, writer.source);
      if (findings.length > 0) {
        const error = this.incompatibleError(entry, writer, findings.filter((finding) => finding !== ''));
        return () => {
          throw error;
        };
      }
    }
    writer.compiled ??= compileSchema(writer.schemaType, writer.source, this.longType, undefined, false);
    if (reader.schemaType === 'AVRO') {
      const read = reader.serde.readerFor(same ? undefined : (writer.compiled as Extract<CompiledSchema, { schemaType: 'AVRO' }>).serde);
      return (data, offset) => read(data, offset);
    }
    const read = (reader as Extract<CompiledSchema, { schemaType: 'PROTOBUF' }>).serde.readerFor(same ? undefined : (writer.compiled as Extract<CompiledSchema, { schemaType: 'PROTOBUF' }>).serde);
    return (data, offset, indexes) => read(data, offset, indexes);
  }

  /** The subject version of the writer schema, when the generated code knows it. */
  private writerVersionName(entry: TopicPart, writer: WriterSchema): string {
    const match = entry.versions.find((version) => sameSource(sourceOf(version), writer.source));
    return match ? `${match.subject} v${match.version} (schema id ${writer.id})` : `schema id ${writer.id}`;
  }

  private incompatibleError(entry: TopicPart, writer: WriterSchema, findings: string[]): KontractError {
    const readerName = `${entry.info.subject} v${entry.info.version}`;
    return new KontractError(
      'READER_INCOMPATIBLE',
      `Topic "${entry.topic}": ${readerName} cannot read data written with ${this.writerVersionName(entry, writer)}: ${findings.join('; ') || 'the schemas are incompatible'}.`,
      {
        hint: 'The writer broke compatibility with this reader; regenerate the consumer from the newer schema, or fix the producer.',
        context: { ...entry.context(writer.id), readerVersion: entry.info.version },
      },
    );
  }

  /** Fetches the schema of `schemaId` and the texts of its references, once per id. */
  private fetchWriter(schemaId: number, entry: TopicPart): Promise<WriterSchema> {
    const known = this.writers.get(schemaId);
    if (known?.value) return Promise.resolve(known.value);
    if (known?.pending) return known.pending;
    const pending = (async (): Promise<WriterSchema> => {
      const schema = await this.registry.getSchemaById(schemaId);
      const references = await this.referenceTexts(schema.references);
      return { id: schemaId, schemaType: schema.schemaType, source: { schema: schema.schema, references } };
    })().then(
      (writer) => {
        this.writers.set(schemaId, { value: writer });
        return writer;
      },
      (error: unknown) => {
        const failure = isNotFound(error)
          ? new KontractError('UNKNOWN_SCHEMA_ID', `The registry has no schema with id ${schemaId} (a message on topic "${entry.topic}").`, {
              hint: 'The message was written against another registry, or its schema was deleted permanently; it goes to the dead-letter topic.',
              cause: error,
              context: entry.context(schemaId),
            })
          : error;
        if (isKontractError(failure) && failure.retriable) this.writers.delete(schemaId);
        else this.writers.set(schemaId, { error: failure, until: Date.now() + this.negativeCacheMs });
        throw failure;
      },
    );
    this.writers.set(schemaId, { pending });
    return pending;
  }

  /** Texts of references and of their references, flat by reference name (what the parsers take). */
  private async referenceTexts(references: readonly SchemaReference[]): Promise<Record<string, string>> {
    const texts: Record<string, string> = {};
    const queue = [...references];
    while (queue.length > 0) {
      const reference = queue.shift()!;
      if (reference.name in texts) continue;
      const key = `${reference.subject}\u0000${reference.version}`;
      let fetched = this.subjectVersions.get(key);
      if (!fetched) {
        fetched = this.registry.getVersion(reference.subject, reference.version);
        this.subjectVersions.set(key, fetched);
        fetched.catch(() => this.subjectVersions.delete(key));
      }
      const version = await fetched;
      texts[reference.name] = version.schema;
      queue.push(...version.references);
    }
    return texts;
  }

  // ---- errors ----------------------------------------------------------------------------------------

  private payloadError(entry: TopicPart, error: unknown, schemaId: number | undefined, direction: 'read' | 'write'): unknown {
    if (error instanceof ValueError) {
      const path = pointerOf(error.path);
      const where = error.path.length === 0 ? '' : ` at ${path}`;
      const verb = direction === 'write' ? 'cannot be written' : 'cannot be read';
      return new KontractError('PAYLOAD_INVALID', `A ${entry.part} of topic "${entry.topic}" ${verb} with ${entry.info.subject} v${entry.info.version}${where}: ${error.message}.`, {
        location: { path },
        hint: error.hint ?? (direction === 'write' ? 'Fix the value so it matches the generated type of the topic.' : 'The message does not match its schema; it goes to the dead-letter topic.'),
        cause: error,
        context: entry.context(schemaId),
      });
    }
    if (isKontractError(error)) {
      if (error.context?.topic !== undefined) return error;
      return new KontractError(error.code, error.message, { location: error.location, hint: error.hint, cause: error.cause, retriable: error.retriable, context: { ...entry.context(schemaId), ...error.context } });
    }
    return error;
  }

  private checkTopic(topic: string): void {
    if (!this.parts.has(topic)) throw this.unknownTopic(topic);
  }

  private unknownTopic(topic: string): KontractError {
    return new KontractError('USAGE', `Topic "${topic}" is not in the codec's topic map.`, {
      hint: `Use one of ${[...this.parts.keys()].map((t) => `"${t}"`).join(', ') || '(none)'}, or regenerate the code if the topic is new.`,
      context: { topic },
    });
  }
}
