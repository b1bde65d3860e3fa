/**
 * One tiny previous/current fixture per Protobuf rule, with the exact findings expected (difference
 * type, Confluent location, message), plus the verdict-relevant facts of spec §4 and §5.
 */
import { describe, expect, it } from 'vitest';
import { checkCompatibility } from '../../src/compat/check.js';
import { diffProtobufSchemas, isBreakingProtobufRule, protobufCompatibility, protobufRules, type ProtobufRuleId } from '../../src/compat/protobuf/index.js';
import type { Difference } from '../../src/compat/types.js';
import { protobufFormat } from '../../src/schema/protobuf.js';

const proto3 = (body: string): string => `syntax = "proto3";\n${body}`;
const proto2 = (body: string): string => `syntax = "proto2";\n${body}`;

/** Differences when `current` (the reader) reads data written with `previous` (the writer): a BACKWARD check. */
function differences(previous: string, current: string, references: { previous?: Record<string, string>; current?: Record<string, string> } = {}): Difference[] {
  const writer = protobufFormat.parse({ schema: previous, ...(references.previous ? { references: references.previous } : {}) });
  const reader = protobufFormat.parse({ schema: current, ...(references.current ? { references: references.current } : {}) });
  return protobufCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' });
}

function breaking(found: Difference[]): boolean {
  return found.some((d) => isBreakingProtobufRule(d.ruleId as ProtobufRuleId));
}

interface RuleCase {
  rule: ProtobufRuleId;
  previous: string;
  current: string;
  expected: Difference[];
}

const ruleCases: RuleCase[] = [
  {
    rule: 'PACKAGE_CHANGED',
    previous: proto3('package shop.v1;\nmessage Order { string id = 1; }'),
    current: proto3('package shop.v2;\nmessage Order { string id = 1; }'),
    expected: [{ ruleId: 'PACKAGE_CHANGED', location: '#/', message: 'package changed from shop.v1 to shop.v2' }],
  },
  {
    rule: 'MESSAGE_ADDED',
    previous: proto3('message Order { string id = 1; }'),
    current: proto3('message Order { string id = 1; message Line { string sku = 1; } }'),
    expected: [{ ruleId: 'MESSAGE_ADDED', location: '#/Order/Line', message: 'message Order.Line was added' }],
  },
  {
    rule: 'MESSAGE_REMOVED',
    previous: proto3('message Order { string id = 1; }\nmessage Refund { string id = 1; }'),
    current: proto3('message Order { string id = 1; }'),
    expected: [{ ruleId: 'MESSAGE_REMOVED', location: '#/Refund', message: 'message Refund was removed' }],
  },
  {
    rule: 'MESSAGE_MOVED',
    previous: proto3('message Order { string id = 1; }\nmessage Refund { string id = 1; }'),
    current: proto3('message Refund { string id = 1; }\nmessage Order { string id = 1; }'),
    expected: [
      { ruleId: 'MESSAGE_MOVED', location: '#/Order', message: 'message Order moved from position 0 to 1 among its sibling messages' },
      { ruleId: 'MESSAGE_MOVED', location: '#/Refund', message: 'message Refund moved from position 1 to 0 among its sibling messages' },
    ],
  },
  {
    rule: 'ENUM_ADDED',
    previous: proto3('message Order { string id = 1; }'),
    current: proto3('message Order { string id = 1; }\nenum State { NEW = 0; }'),
    expected: [{ ruleId: 'ENUM_ADDED', location: '#/State', message: 'enum State was added' }],
  },
  {
    rule: 'ENUM_REMOVED',
    previous: proto3('message Order { string id = 1; enum State { NEW = 0; } }'),
    current: proto3('message Order { string id = 1; }'),
    expected: [{ ruleId: 'ENUM_REMOVED', location: '#/Order/State', message: 'enum Order.State was removed' }],
  },
  {
    rule: 'ENUM_CONST_ADDED',
    previous: proto3('enum State { NEW = 0; }'),
    current: proto3('enum State { NEW = 0; PAID = 1; }'),
    expected: [{ ruleId: 'ENUM_CONST_ADDED', location: '#/State/1', message: 'value PAID (1) was added to enum State' }],
  },
  {
    rule: 'ENUM_CONST_REMOVED',
    previous: proto3('enum State { NEW = 0; PAID = 1; }'),
    current: proto3('enum State { NEW = 0; }'),
    expected: [{ ruleId: 'ENUM_CONST_REMOVED', location: '#/State/1', message: 'value PAID (1) was removed from enum State' }],
  },
  {
    rule: 'ENUM_CONST_CHANGED',
    previous: proto3('enum State { NEW = 0; PAID = 1; }'),
    current: proto3('enum State { NEW = 0; SETTLED = 1; }'),
    expected: [{ ruleId: 'ENUM_CONST_CHANGED', location: '#/State/1', message: 'value 1 of enum State was renamed from PAID to SETTLED' }],
  },
  {
    rule: 'FIELD_ADDED',
    previous: proto3('message Order { string id = 1; }'),
    current: proto3('message Order { string id = 1; int32 quantity = 2; }'),
    expected: [{ ruleId: 'FIELD_ADDED', location: '#/Order/2', message: 'field Order.quantity (2) was added' }],
  },
  {
    rule: 'FIELD_REMOVED',
    previous: proto3('message Order { string id = 1; int32 quantity = 2; }'),
    current: proto3('message Order { string id = 1; }'),
    expected: [{ ruleId: 'FIELD_REMOVED', location: '#/Order/2', message: 'field Order.quantity (2) was removed' }],
  },
  {
    rule: 'FIELD_NAME_CHANGED',
    previous: proto3('message Order { string id = 1; }'),
    current: proto3('message Order { string order_id = 1; }'),
    expected: [{ ruleId: 'FIELD_NAME_CHANGED', location: '#/Order/1', message: 'field 1 of Order was renamed from id to order_id' }],
  },
  {
    rule: 'FIELD_KIND_CHANGED',
    previous: proto3('message Order { int32 total = 1; }'),
    current: proto3('message Order { Money total = 1; }\nmessage Money { int64 units = 1; }'),
    expected: [
      { ruleId: 'FIELD_KIND_CHANGED', location: '#/Order/1', message: 'field Order.total (1) changed kind from int32 to message Money' },
      { ruleId: 'MESSAGE_ADDED', location: '#/Money', message: 'message Money was added' },
    ],
  },
  {
    rule: 'FIELD_SCALAR_KIND_CHANGED',
    previous: proto3('message Order { int32 quantity = 1; }'),
    current: proto3('message Order { sint32 quantity = 1; }'),
    expected: [
      { ruleId: 'FIELD_SCALAR_KIND_CHANGED', location: '#/Order/1', message: 'field Order.quantity (1) changed type from int32 to sint32, which is read differently on the wire' },
    ],
  },
  {
    rule: 'FIELD_NAMED_TYPE_CHANGED',
    previous: proto3('message Order { Money total = 1; }\nmessage Money { int64 units = 1; }\nmessage Price { int64 units = 1; }'),
    current: proto3('message Order { Price total = 1; }\nmessage Money { int64 units = 1; }\nmessage Price { int64 units = 1; }'),
    expected: [{ ruleId: 'FIELD_NAMED_TYPE_CHANGED', location: '#/Order/1', message: 'field Order.total (1) changed type from Money to Price' }],
  },
  {
    rule: 'FIELD_NUMERIC_LABEL_CHANGED',
    previous: proto2('message Order { optional int32 quantity = 1; }'),
    current: proto2('message Order { repeated int32 quantity = 1; }'),
    expected: [{ ruleId: 'FIELD_NUMERIC_LABEL_CHANGED', location: '#/Order/1', message: 'field Order.quantity (1) changed label from optional to repeated' }],
  },
  {
    rule: 'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
    previous: proto2('message Order { optional string note = 1; }'),
    current: proto2('message Order { repeated bytes note = 1; }'),
    expected: [{ ruleId: 'FIELD_STRING_OR_BYTES_LABEL_CHANGED', location: '#/Order/1', message: 'field Order.note (1) changed label from optional to repeated' }],
  },
  {
    rule: 'REQUIRED_FIELD_ADDED',
    previous: proto2('message Order { optional string id = 1; }'),
    current: proto2('message Order { optional string id = 1; required int32 quantity = 2; }'),
    expected: [{ ruleId: 'REQUIRED_FIELD_ADDED', location: '#/Order/2', message: 'required field Order.quantity (2) was added' }],
  },
  {
    rule: 'REQUIRED_FIELD_REMOVED',
    previous: proto2('message Order { optional string id = 1; required int32 quantity = 2; }'),
    current: proto2('message Order { optional string id = 1; }'),
    expected: [{ ruleId: 'REQUIRED_FIELD_REMOVED', location: '#/Order/2', message: 'required field Order.quantity (2) was removed' }],
  },
  {
    rule: 'ONEOF_ADDED',
    previous: proto3('message Order { string id = 1; }'),
    current: proto3('message Order { string id = 1; oneof payment { string card = 2; } }'),
    expected: [
      { ruleId: 'ONEOF_ADDED', location: '#/Order/payment', message: 'oneof payment was added to Order' },
      { ruleId: 'ONEOF_FIELD_ADDED', location: '#/Order/payment/2', message: 'field Order.card (2) was added to oneof payment' },
    ],
  },
  {
    rule: 'ONEOF_REMOVED',
    previous: proto3('message Order { string id = 1; oneof payment { string card = 2; string iban = 3; } }'),
    current: proto3('message Order { string id = 1; }'),
    // The whole oneof went with all its members: its members' removal is not reported.
    expected: [{ ruleId: 'ONEOF_REMOVED', location: '#/Order/payment', message: 'oneof payment was removed from Order' }],
  },
  {
    rule: 'ONEOF_FIELD_ADDED',
    previous: proto3('message Order { oneof payment { string card = 2; } }'),
    current: proto3('message Order { oneof payment { string card = 2; string iban = 3; } }'),
    expected: [{ ruleId: 'ONEOF_FIELD_ADDED', location: '#/Order/payment/3', message: 'field Order.iban (3) was added to oneof payment' }],
  },
  {
    rule: 'ONEOF_FIELD_REMOVED',
    previous: proto3('message Order { oneof payment { string card = 2; string iban = 3; } }'),
    current: proto3('message Order { oneof payment { string card = 2; } }'),
    expected: [{ ruleId: 'ONEOF_FIELD_REMOVED', location: '#/Order/payment/3', message: 'field Order.iban (3) was removed from oneof payment' }],
  },
  {
    rule: 'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
    previous: proto3('message Order { oneof payment { string card = 2; string iban = 3; } }'),
    current: proto3('message Order { oneof payment { string card = 2; } string iban = 3; }'),
    expected: [{ ruleId: 'ONEOF_FIELD_MOVED_TO_TOP_LEVEL', location: '#/Order/3', message: 'field Order.iban (3) moved out of oneof payment' }],
  },
  {
    rule: 'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
    previous: proto3('message Order { string card = 2; string iban = 3; }'),
    current: proto3('message Order { oneof payment { string card = 2; string iban = 3; } }'),
    expected: [
      { ruleId: 'MULTIPLE_FIELDS_MOVED_TO_ONEOF', location: '#/Order/payment', message: 'oneof payment of Order now holds 2 fields that existed outside it (field 2, field 3)' },
      { ruleId: 'ONEOF_ADDED', location: '#/Order/payment', message: 'oneof payment was added to Order' },
    ],
  },
  {
    rule: 'FIELD_MOVED_TO_EXISTING_ONEOF',
    previous: proto3('message Order { string iban = 3; oneof payment { string card = 2; } }'),
    current: proto3('message Order { oneof payment { string card = 2; string iban = 3; } }'),
    expected: [{ ruleId: 'FIELD_MOVED_TO_EXISTING_ONEOF', location: '#/Order/payment', message: 'oneof payment of Order now holds existing fields from oneof payment and field 3' }],
  },
];

describe('Protobuf rules', () => {
  it('has one entry per Confluent difference type, with purpose and hint', () => {
    expect(protobufRules).toHaveLength(26);
    expect(new Set(protobufRules.map((r) => r.id)).size).toBe(26);
    const compatible = protobufRules.filter((r) => !r.breaking).map((r) => r.id).sort();
    expect(compatible).toEqual(
      [
        'MESSAGE_ADDED',
        'MESSAGE_MOVED',
        'ENUM_ADDED',
        'ENUM_REMOVED',
        'ENUM_CONST_ADDED',
        'ENUM_CONST_CHANGED',
        'ENUM_CONST_REMOVED',
        'FIELD_ADDED',
        'FIELD_REMOVED',
        'FIELD_NAME_CHANGED',
        'FIELD_STRING_OR_BYTES_LABEL_CHANGED',
        'ONEOF_ADDED',
        'ONEOF_REMOVED',
        'ONEOF_FIELD_ADDED',
        'ONEOF_FIELD_MOVED_TO_TOP_LEVEL',
      ].sort(),
    );
    for (const rule of protobufRules) {
      expect(rule.schemaType).toBe('PROTOBUF');
      expect(rule.purpose).toMatch(/\.$/);
      expect(rule.hint).toMatch(/\.$/);
    }
  });

  it('has a fixture for every rule', () => {
    expect(new Set(ruleCases.map((c) => c.rule))).toEqual(new Set(protobufRules.map((r) => r.id)));
  });

  for (const c of ruleCases) {
    it(`${c.rule}: reports exactly the expected findings`, () => {
      const found = differences(c.previous, c.current);
      expect(found).toEqual(c.expected);
      expect(breaking(found)).toBe(c.expected.some((d) => isBreakingProtobufRule(d.ruleId as ProtobufRuleId)));
    });
  }

  it('diff(reader, writer) is Confluent diff(original = writer, update = reader)', () => {
    const writer = protobufFormat.parse({ schema: proto3('message Order { string id = 1; }') });
    const reader = protobufFormat.parse({ schema: proto3('message Order { string id = 1; int32 quantity = 2; }') });
    expect(protobufCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' })).toEqual(diffProtobufSchemas(writer, reader));
    expect(diffProtobufSchemas(reader, writer).map((d) => d.ruleId)).toEqual(['FIELD_REMOVED']);
  });
});

describe('Protobuf: what Confluent lets pass (spec §4.8, §5)', () => {
  const pairs: Array<[string, string, string]> = [
    ['int32 ↔ int64 ↔ uint32 ↔ uint64 ↔ bool', 'message M { int32 a = 1; uint64 b = 2; bool c = 3; }', 'message M { int64 a = 1; bool b = 2; uint32 c = 3; }'],
    ['an enum for an int32, and one enum for another', 'message M { int32 a = 1; E b = 2; }\nenum E { X = 0; }\nenum F { Y = 0; }', 'message M { E a = 1; F b = 2; }\nenum E { X = 0; }\nenum F { Y = 0; }'],
    ['string ↔ bytes, fixed32 ↔ sfixed32, fixed64 ↔ sfixed64, sint32 ↔ sint64', 'message M { string a = 1; fixed32 b = 2; fixed64 c = 3; sint32 d = 4; }', 'message M { bytes a = 1; sfixed32 b = 2; sfixed64 c = 3; sint64 d = 4; }'],
    ['a label change when one side has no label (proto3 singular → repeated)', 'message M { int32 a = 1; }', 'message M { repeated int32 a = 1; }'],
    ['a message field becoming repeated (message labels are not compared)', 'message M { N a = 1; }\nmessage N {}', 'message M { repeated N a = 1; }\nmessage N {}'],
    ['a map value type within its scalar group', 'message M { map<string, int32> a = 1; }', 'message M { map<string, int64> a = 1; }'],
    ['a hand-written map entry message and map<>', 'message M {\n  message AEntry { option map_entry = true; string key = 1; int32 value = 2; }\n  repeated AEntry a = 1;\n}', 'message M {\n  map<string, int32> a = 1;\n}'],
    ['one existing field moved into a new oneof', 'message M { string a = 1; }', 'message M { oneof o { string a = 1; } }'],
    ['a renamed oneof keeping its members', 'message M { oneof o { string a = 1; string b = 2; } }', 'message M { oneof p { string a = 1; string b = 2; } }'],
    ['a changed syntax, imports, options and reserved declarations', 'syntax = "proto3";\nmessage M { string a = 1; }', 'syntax = "proto2";\nimport "google/protobuf/timestamp.proto";\noption java_package = "x";\nmessage M { optional string a = 1; reserved 5; }'],
  ];
  for (const [what, previous, current] of pairs) {
    it(`passes ${what}`, () => {
      const prev = previous.startsWith('syntax') ? previous : proto3(previous);
      const cur = current.startsWith('syntax') ? current : proto3(current);
      const found = differences(prev, cur);
      expect(breaking(found), JSON.stringify(found)).toBe(false);
    });
  }

  it('fails int32 → float and int32 → fixed32, and a map value changing group', () => {
    expect(differences(proto3('message M { int32 a = 1; int32 b = 2; }'), proto3('message M { float a = 1; fixed32 b = 2; }')).map((d) => d.ruleId)).toEqual([
      'FIELD_SCALAR_KIND_CHANGED',
      'FIELD_SCALAR_KIND_CHANGED',
    ]);
    expect(differences(proto3('message M { map<string, int32> a = 1; }'), proto3('message M { map<string, string> a = 1; }'))).toEqual([
      { ruleId: 'FIELD_SCALAR_KIND_CHANGED', location: '#/M/1', message: 'the map value of field M.a (1) changed type from int32 to string, which is read differently on the wire' },
    ]);
  });

  it('fails a message moved to another nesting level (removed + added)', () => {
    expect(differences(proto3('message A {}\nmessage B {}'), proto3('message A { message B {} }')).map((d) => `${d.ruleId} ${d.location}`)).toEqual([
      'MESSAGE_ADDED #/A/B',
      'MESSAGE_REMOVED #/B',
    ]);
  });

  it('compares a type from a changed reference structurally, under the local name', () => {
    const previous = { 'money.proto': proto3('package common;\nmessage Money { int64 units = 1; }') };
    const compatibleChange = { 'money.proto': proto3('package common;\nmessage Money { int64 units = 1; string currency = 2; }') };
    const incompatibleChange = { 'money.proto': proto3('package common;\nmessage Money { string units = 1; }') };
    const schema = proto3('import "money.proto";\nmessage Order { common.Money total = 1; }');
    expect(differences(schema, schema, { previous, current: previous })).toEqual([]);
    expect(differences(schema, schema, { previous, current: compatibleChange })).toEqual([
      { ruleId: 'FIELD_ADDED', location: '#/Money/2', message: 'field Money.currency (2) was added' },
    ]);
    expect(differences(schema, schema, { previous, current: incompatibleChange })).toEqual([
      { ruleId: 'FIELD_SCALAR_KIND_CHANGED', location: '#/Money/1', message: 'field Money.units (1) changed type from int64 to string, which is read differently on the wire' },
      { ruleId: 'FIELD_NAMED_TYPE_CHANGED', location: '#/Order/1', message: 'field Order.total (1) has type common.Money, which changed incompatibly from common.Money' },
    ]);
  });

  it('terminates on recursive types from a changed reference', () => {
    const tree = (extra: string): Record<string, string> => ({ 'tree.proto': proto3(`package t;\nmessage Node { repeated Node children = 1; Node parent = 2;${extra} }`) });
    const schema = proto3('import "tree.proto";\nmessage Doc { t.Node root = 1; }');
    expect(differences(schema, schema, { previous: tree(''), current: tree(' string label = 3;') })).toEqual([
      { ruleId: 'FIELD_ADDED', location: '#/Node/3', message: 'field Node.label (3) was added' },
    ]);
  });
});

describe('Protobuf through checkCompatibility', () => {
  const v1 = proto3('message Order { string id = 1; }');
  const v2 = proto3('message Order { string id = 1; int32 quantity = 2; }');
  const v3 = proto3('message Order { string id = 1; int32 quantity = 2; }\nmessage Refund { string id = 1; }');

  it('checks BACKWARD, FORWARD and FULL in their directions', () => {
    // v3 adds a message: new readers are fine (BACKWARD); old readers lack it (FORWARD: MESSAGE_REMOVED).
    const backward = checkCompatibility({ schemaType: 'PROTOBUF', level: 'BACKWARD', previous: [v2], candidate: v3 });
    expect(backward.compatible).toBe(true);
    expect(backward.findings.map((f) => [f.ruleId, f.location, f.direction, f.breaking])).toEqual([['MESSAGE_ADDED', '#/Refund', 'BACKWARD', false]]);
    const forward = checkCompatibility({ schemaType: 'PROTOBUF', level: 'FORWARD', previous: [v2], candidate: v3 });
    expect(forward.compatible).toBe(false);
    expect(forward.findings.map((f) => [f.ruleId, f.location, f.direction, f.breaking])).toEqual([['MESSAGE_REMOVED', '#/Refund', 'FORWARD', true]]);
    expect(forward.findings[0].hint).toMatch(/Keep the message/);
    const full = checkCompatibility({ schemaType: 'PROTOBUF', level: 'FULL', previous: [v2], candidate: v3 });
    expect(full.compatible).toBe(false);
    expect(full.findings.map((f) => f.direction)).toEqual(['FORWARD', 'BACKWARD']);
  });

  it('checks transitive levels newest first and stops at the first failing version', () => {
    const withoutQuantity = proto3('message Order { string id = 1; string quantity_text = 2; }');
    const result = checkCompatibility({ schemaType: 'PROTOBUF', level: 'BACKWARD_TRANSITIVE', previous: [withoutQuantity, v1, v2], candidate: v3 });
    expect(result.compatible).toBe(false);
    expect(result.findings.filter((f) => f.breaking).map((f) => [f.ruleId, f.previousVersion])).toEqual([['FIELD_SCALAR_KIND_CHANGED', 1]]);
    expect(checkCompatibility({ schemaType: 'PROTOBUF', level: 'BACKWARD', previous: [withoutQuantity, v1, v2], candidate: v3 }).compatible).toBe(true);
  });

  it('applies confluent:reserved to the top-level fields when validateFields is on', () => {
    const candidate = { schema: v2, metadata: { properties: { 'confluent:reserved': 'quantity, legacy' } } };
    const result = checkCompatibility({ schemaType: 'PROTOBUF', level: 'NONE', previous: [v1], candidate, validateFields: true });
    expect(result.compatible).toBe(false);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['FIELD_CONFLICTS_WITH_RESERVED_FIELD']);
  });
});
