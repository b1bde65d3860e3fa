/**
 * The event envelope kontract's schemas share (`event_id`, `event_type`, `event_version`, `timestamp`,
 * `source`, `data`, `metadata { correlation_id, causation_id, trace_id }`) and the propagation of its ids:
 * an event produced while another is handled belongs to the same business transaction (correlation id)
 * and trace, and names the handled event as its cause. The ids are mirrored in headers so that tools
 * and consumers can read them without decoding the value.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

/** Header names carrying the envelope ids (UTF-8 values). */
export const EVENT_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceId: 'trace-id',
  /** W3C Trace Context: `00-<trace id>-<span id>-01`. */
  traceparent: 'traceparent',
} as const;

/** `metadata` of an envelope, as in `schemas/common.metadata-*`. */
export interface EventMetadata {
  /** Shared by every event of one business transaction. */
  correlation_id: string;
  /** `event_id` of the event whose handling produced this one; null for the first event. */
  causation_id: string | null;
  /** W3C trace id (32 hex digits). */
  trace_id: string | null;
}

export interface EventEnvelope<Data> {
  event_id: string;
  event_type: string;
  event_version: number;
  timestamp: Date;
  source: string;
  data: Data;
  metadata: EventMetadata;
}

/**
 * The ids that tie an event to its transaction and trace. The handled event's context is current
 * (see {@link currentEventContext}) while a consumer handler runs.
 */
export interface EventContext {
  /** The event's own id, when it has one. */
  eventId?: string;
  eventType?: string;
  correlationId: string;
  causationId?: string;
  traceId?: string;
}

/**
 * An event context, or a function working it out when first asked: a consumer decodes a message's headers only
 * if its handler (or a send from it) needs them. Such a function must return the same context every time.
 */
export type EventContextSource = EventContext | (() => EventContext);

const contextStorage = new AsyncLocalStorage<EventContextSource>();

/** The context of the event being handled in this async call chain, if any. */
export function currentEventContext(): EventContext | undefined {
  const source = contextStorage.getStore();
  return typeof source === 'function' ? source() : source;
}

/**
 * Runs `fn(...args)` with `context` as the current event context: what it produces inherits it. Passing
 * the arguments through (rather than a closure) spares the consumer an allocation per message.
 */
export function runWithEventContext<T, Args extends unknown[] = []>(context: EventContextSource, fn: (...args: Args) => T, ...args: Args): T {
  return contextStorage.run(context, fn, ...args);
}

/** Random bytes for ids, drawn from a pool refilled 4 KiB at a time: one crypto call per id costs more than the rest of a send. */
let randomPool = Buffer.alloc(0);
let randomPoolOffset = 0;

const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const fromCharCodes = String.fromCharCode;

/** 8 random bytes as 16 hex digits, built in one call (Node's hex encoder costs more than the rest of a header). */
function randomHex8(): string {
  if (randomPoolOffset + 8 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomPoolOffset = 0;
  }
  const p = randomPool;
  const o = randomPoolOffset;
  randomPoolOffset += 8;
  const d = HEX_DIGITS;
  return fromCharCodes(
    d[p[o]! >> 4]!, d[p[o]! & 15]!, d[p[o + 1]! >> 4]!, d[p[o + 1]! & 15]!, d[p[o + 2]! >> 4]!, d[p[o + 2]! & 15]!, d[p[o + 3]! >> 4]!, d[p[o + 3]! & 15]!,
    d[p[o + 4]! >> 4]!, d[p[o + 4]! & 15]!, d[p[o + 5]! >> 4]!, d[p[o + 5]! & 15]!, d[p[o + 6]! >> 4]!, d[p[o + 6]! & 15]!, d[p[o + 7]! >> 4]!, d[p[o + 7]! & 15]!,
  );
}

function randomHex(bytes: 8 | 16): string {
  return bytes === 8 ? randomHex8() : randomHex8() + randomHex8();
}

/** A new W3C trace id: 32 lowercase hex digits, not all zero. */
export function newTraceId(): string {
  for (;;) {
    const id = randomHex(16);
    if (!/^0+$/.test(id)) return id;
  }
}

/**
 * The ids of an event caused by `parent`: same correlation and trace, causation = the parent's event id.
 * Without a parent a new transaction starts: correlation id = the new event's id and a new trace id.
 */
export function childEventIds(eventId: string, parent: EventContext | undefined): Required<Pick<EventContext, 'correlationId'>> & EventContext {
  if (!parent) return { eventId, correlationId: eventId, traceId: newTraceId() };
  return {
    eventId,
    correlationId: parent.correlationId,
    causationId: parent.eventId,
    traceId: parent.traceId,
  };
}

export interface BuildEnvelopeInput<Data> {
  /** `event_type`, e.g. `orders.payment.completed`. */
  type: string;
  /** `event_version`: the schema version the event follows. */
  version: number;
  /** The emitting service. */
  source: string;
  data: Data;
  /** Default: a new UUID v4. */
  eventId?: string;
  /** Default: now. */
  timestamp?: Date;
  /** The event this one is caused by. Default: the event being handled ({@link currentEventContext}). */
  causedBy?: EventContext;
}

/** A complete envelope; ids are derived from `causedBy` or the handled event (see {@link childEventIds}). */
export function buildEnvelope<Data>(input: BuildEnvelopeInput<Data>): EventEnvelope<Data> {
  const eventId = input.eventId ?? randomUUID();
  const ids = childEventIds(eventId, input.causedBy ?? currentEventContext());
  return {
    event_id: eventId,
    event_type: input.type,
    event_version: input.version,
    timestamp: input.timestamp ?? new Date(),
    source: input.source,
    data: input.data,
    metadata: {
      correlation_id: ids.correlationId,
      causation_id: ids.causationId ?? null,
      trace_id: ids.traceId ?? null,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** A non-empty string, else undefined (Protobuf writes absent strings as ''). */
function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** True when `value` looks like an envelope: an object with a string `event_id`. */
export function isEnvelopeLike(value: unknown): value is { event_id: string; event_type?: unknown; metadata?: unknown } {
  return isRecord(value) && typeof value.event_id === 'string';
}

/**
 * The ids an outgoing value carries, completing what the value leaves empty from `parent`. Returns the
 * value to send (a shallow copy with `metadata` completed when that changed anything; never mutated)
 * and the ids for the headers. Values that are not envelopes get a new event id for the headers only.
 */
export function prepareOutgoing(value: unknown, parent: EventContext | undefined): { value: unknown; ids: EventContext } {
  if (!isEnvelopeLike(value)) return { value, ids: childEventIds(randomUUID(), parent) };
  const eventType = nonEmpty(value.event_type);
  const metadata = value.metadata;
  if (!isRecord(metadata)) {
    return { value, ids: { ...childEventIds(value.event_id, parent), eventType } };
  }
  // What the value leaves empty comes from the parent, or starts a new transaction (see childEventIds);
  // a new trace id is drawn only when it is needed.
  const correlationId = nonEmpty(metadata.correlation_id) ?? (parent ? parent.correlationId : value.event_id);
  const causationId = nonEmpty(metadata.causation_id) ?? parent?.eventId;
  const traceId = nonEmpty(metadata.trace_id) ?? (parent ? parent.traceId : newTraceId());
  const ids: EventContext = { eventId: value.event_id, eventType, correlationId, causationId, traceId };
  const changed =
    metadata.correlation_id !== correlationId ||
    (causationId !== undefined && metadata.causation_id !== causationId) ||
    (traceId !== undefined && metadata.trace_id !== traceId);
  // Most values carry complete metadata: they are sent as they are, without a copy.
  if (!changed) return { value, ids };
  const completed: Record<string, unknown> = { ...metadata, correlation_id: correlationId };
  // Keep the field's absent form ('' for Protobuf, null otherwise) when there is nothing to put in it.
  if (causationId !== undefined) completed.causation_id = causationId;
  if (traceId !== undefined) completed.trace_id = traceId;
  return { value: { ...value, metadata: completed }, ids };
}

/** The last text {@link isTraceIdText} accepted: the events of one trace share it, and most sends repeat it. */
let lastTraceId: string | undefined;

/** True for a W3C trace id: 32 lowercase hex digits (checked without a regular expression, once per send). */
function isTraceIdText(text: string): boolean {
  if (text === lastTraceId) return true;
  if (text.length !== 32) return false;
  for (let i = 0; i < 32; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  lastTraceId = text;
  return true;
}

/** Headers mirroring `ids`, with a `traceparent` (new span id) when there is a trace id. */
export function eventHeaders(ids: EventContext): Record<string, string> {
  const headers: Record<string, string> = { [EVENT_HEADERS.correlationId]: ids.correlationId };
  if (ids.eventId) headers[EVENT_HEADERS.eventId] = ids.eventId;
  if (ids.eventType) headers[EVENT_HEADERS.eventType] = ids.eventType;
  if (ids.causationId) headers[EVENT_HEADERS.causationId] = ids.causationId;
  if (ids.traceId) {
    headers[EVENT_HEADERS.traceId] = ids.traceId;
    if (isTraceIdText(ids.traceId)) {
      headers[EVENT_HEADERS.traceparent] = `00-${ids.traceId}-${randomHex(8)}-01`;
    }
  }
  return headers;
}

/** The trace id of a W3C `traceparent` header, if it is well-formed. */
export function traceIdOfTraceparent(traceparent: string | undefined): string | undefined {
  const match = traceparent ? /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceparent.trim()) : null;
  return match ? match[1] : undefined;
}

/**
 * The context of a consumed message, from its headers first and its envelope fields second. A message
 * without a correlation id starts its own transaction (correlation id = its event id, or `fallbackId`, e.g. its
 * position — pass a function to build that text only when it is needed).
 */
export function eventContextOf(headers: Readonly<Record<string, string>>, value: unknown, fallbackId: string | (() => string)): EventContext {
  const envelope = isEnvelopeLike(value) ? value : undefined;
  const metadata = envelope && isRecord(envelope.metadata) ? envelope.metadata : undefined;
  const eventId = nonEmpty(headers[EVENT_HEADERS.eventId]) ?? nonEmpty(envelope?.event_id);
  return {
    eventId,
    eventType: nonEmpty(headers[EVENT_HEADERS.eventType]) ?? nonEmpty(envelope?.event_type),
    correlationId:
      nonEmpty(headers[EVENT_HEADERS.correlationId]) ?? nonEmpty(metadata?.correlation_id) ?? eventId ?? (typeof fallbackId === 'string' ? fallbackId : fallbackId()),
    causationId: nonEmpty(headers[EVENT_HEADERS.causationId]) ?? nonEmpty(metadata?.causation_id),
    traceId:
      nonEmpty(headers[EVENT_HEADERS.traceId]) ??
      traceIdOfTraceparent(headers[EVENT_HEADERS.traceparent]) ??
      nonEmpty(metadata?.trace_id),
  };
}
