import { describe, expect, it } from 'vitest';
import {
  EVENT_HEADERS,
  buildEnvelope,
  childEventIds,
  currentEventContext,
  eventContextOf,
  eventHeaders,
  prepareOutgoing,
  runWithEventContext,
  traceIdOfTraceparent,
} from '../../src/kafka/index.js';
import type { EventContext } from '../../src/kafka/index.js';

const parent: EventContext = { eventId: 'parent-1', correlationId: 'corr-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };

describe('buildEnvelope', () => {
  it('starts a transaction when nothing is being handled', () => {
    const at = new Date('2025-01-02T03:04:05Z');
    const envelope = buildEnvelope({ type: 'orders.placed', version: 3, source: 'orders', data: { id: 1 }, timestamp: at });
    expect(envelope.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(envelope).toMatchObject({ event_type: 'orders.placed', event_version: 3, source: 'orders', data: { id: 1 }, timestamp: at });
    expect(envelope.metadata.correlation_id).toBe(envelope.event_id);
    expect(envelope.metadata.causation_id).toBeNull();
    expect(envelope.metadata.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('inherits from the current event, or from causedBy which wins', () => {
    const inside = runWithEventContext(parent, () => buildEnvelope({ type: 't', version: 1, source: 's', data: null }));
    expect(inside.metadata).toEqual({ correlation_id: 'corr-1', causation_id: 'parent-1', trace_id: parent.traceId });
    const explicit = runWithEventContext(parent, () =>
      buildEnvelope({ type: 't', version: 1, source: 's', data: null, eventId: 'mine', causedBy: { eventId: 'other', correlationId: 'corr-2' } }),
    );
    expect(explicit.event_id).toBe('mine');
    expect(explicit.metadata).toEqual({ correlation_id: 'corr-2', causation_id: 'other', trace_id: null });
  });

  it('childEventIds keeps correlation and trace and names the parent as cause', () => {
    expect(childEventIds('child', parent)).toEqual({ eventId: 'child', correlationId: 'corr-1', causationId: 'parent-1', traceId: parent.traceId });
  });
});

describe('runWithEventContext', () => {
  it('passes arguments through and returns what the function returns', async () => {
    const result = runWithEventContext(parent, (a: number, b: string) => `${a}${b}:${currentEventContext()?.correlationId}`, 1, 'x');
    expect(result).toBe('1x:corr-1');
    const later = await runWithEventContext(parent, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentEventContext()?.eventId;
    });
    expect(later).toBe('parent-1');
    expect(currentEventContext()).toBeUndefined();
  });
});

describe('prepareOutgoing', () => {
  it('completes empty metadata fields from the parent without mutating the value', () => {
    const value = { event_id: 'e-2', event_type: 'x', metadata: { correlation_id: '', causation_id: null, trace_id: null }, data: 1 };
    const frozen = structuredClone(value);
    const { value: sent, ids } = prepareOutgoing(value, parent);
    expect(value).toEqual(frozen);
    expect(sent).toEqual({ ...value, metadata: { correlation_id: 'corr-1', causation_id: 'parent-1', trace_id: parent.traceId } });
    expect(ids).toEqual({ eventId: 'e-2', eventType: 'x', correlationId: 'corr-1', causationId: 'parent-1', traceId: parent.traceId });
  });

  it('keeps ids the value already has and returns the same object when nothing changes', () => {
    const value = { event_id: 'e-3', metadata: { correlation_id: 'own', causation_id: 'own-cause', trace_id: 'own-trace' } };
    const { value: sent, ids } = prepareOutgoing(value, parent);
    expect(sent).toBe(value);
    expect(ids).toMatchObject({ correlationId: 'own', causationId: 'own-cause', traceId: 'own-trace' });
  });

  it('starts a new transaction for an envelope without parent: its own id as correlation id, a new trace id', () => {
    const value = { event_id: 'e-5', metadata: { correlation_id: null, causation_id: null, trace_id: null } };
    const { value: sent, ids } = prepareOutgoing(value, undefined);
    expect(ids).toMatchObject({ eventId: 'e-5', correlationId: 'e-5', causationId: undefined });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(sent).toEqual({ event_id: 'e-5', metadata: { correlation_id: 'e-5', causation_id: null, trace_id: ids.traceId } });
  });

  it("keeps Protobuf's '' for an absent cause when there is none to put", () => {
    const value = { event_id: 'e-4', metadata: { correlation_id: 'c', causation_id: '', trace_id: 'abc' } };
    const { value: sent } = prepareOutgoing(value, undefined);
    expect((sent as typeof value).metadata.causation_id).toBe('');
  });

  it('gives values that are not envelopes header ids only', () => {
    const { value, ids } = prepareOutgoing({ plain: true }, parent);
    expect(value).toEqual({ plain: true });
    expect(ids.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids).toMatchObject({ correlationId: 'corr-1', causationId: 'parent-1', traceId: parent.traceId });
  });
});

describe('headers', () => {
  it('mirrors the ids and adds a W3C traceparent', () => {
    const headers = eventHeaders({ eventId: 'e', eventType: 't', correlationId: 'c', causationId: 'p', traceId: parent.traceId });
    expect(headers).toMatchObject({
      [EVENT_HEADERS.eventId]: 'e',
      [EVENT_HEADERS.eventType]: 't',
      [EVENT_HEADERS.correlationId]: 'c',
      [EVENT_HEADERS.causationId]: 'p',
      [EVENT_HEADERS.traceId]: parent.traceId,
    });
    expect(headers[EVENT_HEADERS.traceparent]).toMatch(new RegExp(`^00-${parent.traceId}-[0-9a-f]{16}-01$`));
    expect(traceIdOfTraceparent(headers[EVENT_HEADERS.traceparent])).toBe(parent.traceId);
  });

  it('adds no traceparent for a trace id that is not W3C, and omits absent ids', () => {
    expect(eventHeaders({ correlationId: 'c', traceId: 'not-hex' })).toEqual({ 'correlation-id': 'c', 'trace-id': 'not-hex' });
    // 32 characters, but upper case or one off: not a W3C trace id either.
    for (const traceId of [parent.traceId!.toUpperCase(), `${parent.traceId!.slice(0, 31)}g`, `${parent.traceId}0`]) {
      expect(eventHeaders({ correlationId: 'c', traceId })[EVENT_HEADERS.traceparent], traceId).toBeUndefined();
    }
    expect(traceIdOfTraceparent('00-xyz-123-01')).toBeUndefined();
    expect(traceIdOfTraceparent(undefined)).toBeUndefined();
  });

  it('reads a consumed context from headers first, the envelope second, the position last', () => {
    const envelope = { event_id: 'v-id', event_type: 'v-type', metadata: { correlation_id: 'v-corr', causation_id: 'v-cause', trace_id: 'v-trace' } };
    expect(eventContextOf({ 'event-id': 'h-id', 'correlation-id': 'h-corr' }, envelope, 'pos')).toEqual({
      eventId: 'h-id',
      eventType: 'v-type',
      correlationId: 'h-corr',
      causationId: 'v-cause',
      traceId: 'v-trace',
    });
    // The fallback may be given as a function: it is called only when no id is found.
    let built = 0;
    const position = () => {
      built++;
      return 'orders/0/6';
    };
    expect(eventContextOf({ 'correlation-id': 'h-corr' }, { n: 1 }, position).correlationId).toBe('h-corr');
    expect(eventContextOf({}, { n: 1 }, position).correlationId).toBe('orders/0/6');
    expect(built).toBe(1);
    expect(eventContextOf({ traceparent: `00-${parent.traceId}-00f067aa0ba902b7-01` }, { n: 1 }, 'orders/0/5')).toEqual({
      eventId: undefined,
      eventType: undefined,
      correlationId: 'orders/0/5',
      causationId: undefined,
      traceId: parent.traceId,
    });
  });
});
