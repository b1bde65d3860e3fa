import { describe, expect, it } from 'vitest';
import { checkCompatibility } from '../../src/compat/check.js';
import type { CheckCompatibilityInput, CompatibilityLevel, JsonCompatibilityPolicy } from '../../src/compat/types.js';

const json = (schema: unknown): string => JSON.stringify(schema);

// v0 open, v1 closed, candidate closed with an extra optional property.
const v0 = json({ type: 'object', properties: { id: { type: 'string' } } });
const v1 = json({ type: 'object', properties: { id: { type: 'string' } }, additionalProperties: false });
const candidate = json({ type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } }, additionalProperties: false });

function check(level: CompatibilityLevel, jsonPolicy: JsonCompatibilityPolicy = 'STRICT', extra: Partial<CheckCompatibilityInput> = {}) {
  return checkCompatibility({ schemaType: 'JSON', level, candidate, previous: [v0, v1], jsonPolicy, ...extra });
}

const summary = (result: ReturnType<typeof check>) =>
  result.findings.map((f) => `${f.direction} v${f.previousVersion} ${f.ruleId} ${f.location}${f.breaking ? ' BREAKING' : ''}`);

describe('JSON Schema through checkCompatibility', () => {
  it('BACKWARD: the candidate reads the latest version only', () => {
    const result = check('BACKWARD');
    expect(result.compatible).toBe(true);
    expect(summary(result)).toEqual(['BACKWARD v2 OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/note']);
    expect(result.findings[0]?.hint).toContain('Nothing to do');
  });

  it('FORWARD: the latest version reads the candidate; LENIENT accepts the removal from a closed model', () => {
    const strict = check('FORWARD');
    expect(strict.compatible).toBe(false);
    expect(summary(strict)).toEqual(['FORWARD v2 PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/note BREAKING']);
    const lenient = check('FORWARD', 'LENIENT');
    expect(lenient.compatible).toBe(true);
    expect(summary(lenient)).toEqual(['FORWARD v2 PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/note']);
  });

  it('FULL: both directions, forward first', () => {
    const result = check('FULL');
    expect(result.compatible).toBe(false);
    expect(summary(result)).toEqual([
      'FORWARD v2 PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/note BREAKING',
      'BACKWARD v2 OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/note',
    ]);
  });

  it('BACKWARD_TRANSITIVE: also the older, open version, which rejects the new optional property under STRICT', () => {
    const strict = check('BACKWARD_TRANSITIVE');
    expect(strict.compatible).toBe(false);
    expect(summary(strict)).toEqual([
      'BACKWARD v2 OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/note',
      'BACKWARD v1 OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/note BREAKING',
      'BACKWARD v1 ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties BREAKING',
    ]);
    expect(check('BACKWARD_TRANSITIVE', 'LENIENT').compatible).toBe(true);
  });

  it('FULL_TRANSITIVE stops at the first failing version, newest first', () => {
    const result = check('FULL_TRANSITIVE');
    expect(result.compatible).toBe(false);
    expect(new Set(result.findings.map((f) => f.previousVersion))).toEqual(new Set([2]));
  });

  it('NONE passes anything', () => {
    expect(check('NONE', 'STRICT', { candidate: json({ type: 'number' }) })).toEqual({ compatible: true, findings: [] });
  });

  it('checks confluent:reserved against top-level properties when validateFields is on', () => {
    const result = checkCompatibility({
      schemaType: 'JSON',
      level: 'BACKWARD',
      candidate: { schema: candidate, metadata: { properties: { 'confluent:reserved': 'note, legacy' } } },
      previous: [{ schema: v1, version: 7, metadata: { properties: { 'confluent:reserved': 'legacy,old' } } }],
      validateFields: true,
    });
    expect(result.compatible).toBe(false);
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(
      ['FIELD_CONFLICTS_WITH_RESERVED_FIELD', 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', 'RESERVED_FIELD_REMOVED'].sort(),
    );
    expect(result.findings.find((f) => f.ruleId === 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL')?.previousVersion).toBe(7);
  });

  it('compares referenced schemas supplied with each version', () => {
    const order = json({ type: 'object', properties: { customer: { $ref: 'customer.json' } } });
    const result = checkCompatibility({
      schemaType: 'JSON',
      level: 'BACKWARD',
      candidate: { schema: order, references: { 'customer.json': json({ type: 'object', properties: { id: { type: 'integer' } } }) } },
      previous: [{ schema: order, references: { 'customer.json': json({ type: 'object', properties: { id: { type: 'number' } } }) } }],
    });
    expect(result.compatible).toBe(false);
    expect(summary(result)).toEqual(['BACKWARD v1 TYPE_NARROWED #/properties/customer/properties/id BREAKING']);
  });
});
