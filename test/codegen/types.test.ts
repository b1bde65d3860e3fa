/**
 * Type-level tests: the generated code of every fixture, plus a usage file per fixture, compiled together by
 * the TypeScript compiler (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax).
 * Right shapes must compile; wrong shapes are marked `@ts-expect-error`, and an unused `@ts-expect-error` is a
 * diagnostic too — so the test fails both when generated code does not compile and when a wrong shape does.
 */
import { describe, expect, it } from 'vitest';
import { generateCode } from '../../src/codegen/index.js';
import { fixtures } from './fixtures.js';
import { typeCheck } from './typecheck.js';

const usage: Record<string, string> = {
  avro: `
import type { KeyInputOf, KeyOf, SchemaVersionInfo, ValueInputOf, ValueOf } from 'kontract/runtime';
import {
  ordersPaymentCompletedV1,
  ordersPaymentCompletedVersions,
  topics,
  type CommonMoneyInput,
  type MiscThings,
  type MiscThingsInput,
  type OrdersPaymentCompleted,
  type OrdersPaymentCompletedInput,
  type OrdersPaymentCompletedV1,
  type TopicName,
  type Topics,
} from './gen/index.js';
import type { Card, Status } from './gen/orders.payment.completed-value/v2.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const card: Card = { last4: '4242', expiry: { month: 1, year: 2030 } };
const base = {
  payment_id: '2b5e9c4e-1f7a-4e43-9b4c-0b6f6f7d1a01',
  amount: { units: 1250 },
  status: 'CAPTURED' as const,
  method: card,
  tags: ['web'],
  attempts: { first: 1, second: null },
  completed_at: new Date(),
  completed_at_local: new Date(),
  booking_date: new Date(),
  cutoff: 61_000,
  cutoff_precise: 61_000_000,
  fee: '12.34',
  checksum: Buffer.alloc(16),
  raw: Buffer.from('raw'),
  bad_logical: 'a string, as the logical type does not apply',
  ratio: 0.5,
  captured: true,
};

// Producers may leave out fields with defaults (note, retries, and Money.currency inside).
export const produced: OrdersPaymentCompletedInput = base;
// @ts-expect-error consumers always receive fields that have defaults
export const consumedWithoutDefaults: OrdersPaymentCompleted = base;
export const consumed: OrdersPaymentCompleted = { ...base, amount: { units: 1250, currency: 'EUR' }, note: null, retries: 0 };
// @ts-expect-error an enum takes its symbols only
export const badStatus: OrdersPaymentCompletedInput = { ...base, status: 'REFUNDED' };
// @ts-expect-error timestamp-millis is a Date
export const badTimestamp: OrdersPaymentCompletedInput = { ...base, completed_at: Date.now() };
// @ts-expect-error a decimal is its exact text
export const badDecimal: OrdersPaymentCompletedInput = { ...base, fee: 12.34 };
// @ts-expect-error a date is a Date
export const badDate: OrdersPaymentCompletedInput = { ...base, booking_date: '2024-01-31' };
// @ts-expect-error fixed is a Buffer
export const badFixed: OrdersPaymentCompletedInput = { ...base, checksum: 'd41d8cd98f00b204e9800998ecf8427e' };
// @ts-expect-error v1 has no note field
export const v1WithNote: OrdersPaymentCompletedV1 = { ...consumed, amount: consumed.amount, note: null };
// @ts-expect-error a union takes its branches only
export const badUnion: OrdersPaymentCompletedInput = { ...base, method: 42 };
const readonlyTags: readonly string[] = ['web', 'app'];
export const readonlyArrays: OrdersPaymentCompletedInput = { ...base, tags: readonlyTags };
// @ts-expect-error consumers get mutable arrays of their own
export const readonlyRead: OrdersPaymentCompleted = { ...consumed, tags: readonlyTags };
export const money: CommonMoneyInput = { units: 1 };
export const statuses: Status[] = ['AUTHORIZED', 'CAPTURED'];

// A union root: records of the same short name in two namespaces, and a record named like a global.
export const things: MiscThings[] = [null, { a: 'x' }, { b: 'y' }, { day: new Date(), next: { day: new Date(), next: null } }];
export const thingInput: MiscThingsInput = { day: new Date() };
// @ts-expect-error reading, the recursive field is present
export const thingRead: MiscThings = { day: new Date() };

// The topic map: types and schemas per topic.
type Payments = Topics['orders.payment.completed'];
export const valueTypeIsLatest: Equal<ValueOf<Payments>, OrdersPaymentCompleted> = true;
export const inputTypeIsLatest: Equal<ValueInputOf<Payments>, OrdersPaymentCompletedInput> = true;
export const keyIsString: Equal<KeyOf<Payments>, string> = true;
export const key: KeyInputOf<Payments> = 'order-1';
// @ts-expect-error this topic requires a key
export const missingKey: KeyInputOf<Payments> = null;
export const optionalKey: KeyInputOf<Topics['misc.things']> = null;
export const topicName: TopicName = 'orders.payment.completed';
// @ts-expect-error only topics of the repository
export const unknownTopic: TopicName = 'orders.refunded';
export const latest: SchemaVersionInfo = topics['orders.payment.completed'].value;
export const versionCount: 2 = ordersPaymentCompletedVersions.length;
export const firstIsV1: typeof ordersPaymentCompletedV1.schema = ordersPaymentCompletedVersions[0];
`,
  'avro-bigint': `
import type { ValueOf } from '@acme/kontract/runtime';
import type { ClockTicked, Topics } from './gen/index.js';

export const tick: ClockTicked = { sequence: 1n, at: new Date(), offset: 5n, counts: [1n, 2n] };
// @ts-expect-error long is bigint with codegen.longType "bigint"
export const numberTick: ClockTicked = { sequence: 1, at: new Date(), offset: 5n, counts: [] };
// @ts-expect-error time-micros is bigint too
export const numberOffset: ClockTicked = { sequence: 1n, at: new Date(), offset: 5, counts: [] };
export const read: ValueOf<Topics['clock.ticked']> = tick;
`,
  protobuf: `
import type { ShippingShipmentCreated, ShippingShipmentCreatedInput, SensorsReading, SensorsReadingInput } from './gen/index.js';
import type { ShipmentCreated_Carrier } from './gen/shipping.shipment.created-value/v1.js';

export const read: ShippingShipmentCreated = {
  shipment_id: 's-1',
  weight_grams: 1200,
  parcels: 2,
  fragile: false,
  label_pdf: Buffer.alloc(0),
  carrier: 'DHL',
  items: [{ sku: 'a', quantity: 1 }],
  items_by_sku: { a: { sku: 'a', quantity: 1 } },
  notes_by_line: { '1': 'leave at the door' },
  payment: { case: 'iban', value: 'DE89370400440532013000' },
  fallback_carriers: ['UPS'],
  insured_amount: 0,
};
export const minimal: ShippingShipmentCreatedInput = {};
export const produced: ShippingShipmentCreatedInput = {
  shipment_id: 's-1',
  payment: { case: 'card', value: {} },
  shipped_at: new Date(),
  transit_time: { seconds: 3600, nanos: 0 },
  declared_value: 50,
  extra: { gift: true },
  attachment: { type_url: 'type.googleapis.com/x', value: Buffer.alloc(1) },
  metadata: { correlation_id: 'c-1' },
  destination: { city: 'Berlin' },
};
export const noPayment: ShippingShipmentCreated['payment'] = { case: undefined };
// @ts-expect-error scalars, enums, repeated fields, maps and oneofs are always present when read
export const readMissing: ShippingShipmentCreated = { shipment_id: 's-1' };
// @ts-expect-error a oneof value must match its case
export const wrongCase: ShippingShipmentCreatedInput = { payment: { case: 'iban', value: { token: 't' } } };
// @ts-expect-error enums take their value names
export const badCarrier: ShipmentCreated_Carrier = 'FEDEX';
// @ts-expect-error Timestamp is a Date
export const badTimestamp: ShippingShipmentCreatedInput = { shipped_at: '2024-01-01T00:00:00Z' };
// @ts-expect-error imported messages keep their own field names
export const badMetadata: ShippingShipmentCreatedInput = { metadata: { correlationId: 'c-1' } };

/** The oneof narrows on its case. */
export function paymentText(payment: ShippingShipmentCreated['payment']): string {
  switch (payment.case) {
    case 'card':
      return payment.value.token;
    case 'iban':
      return payment.value;
    case undefined:
      return 'unpaid';
  }
}

export const reading: SensorsReading = { sensor: 't-1', samples: [] };
export const readingInput: SensorsReadingInput = { sensor: 't-1' };
// @ts-expect-error proto2 required fields must be written
export const readingWithoutSensor: SensorsReadingInput = {};
`,
  jsonschema: `
import type { KeyInputOf } from 'kontract/runtime';
import type { AuditEntry, InventoryStockDepleted, InventoryStockDepletedV1, Topics } from './gen/index.js';

export const depleted: InventoryStockDepleted = {
  event_id: 'e-1',
  data: { sku: 'a', warehouse: { id: 'w-1', region: 'eu' } },
  level: "it's gone",
  metadata: { correlation_id: 'c-1', causation_id: null },
  reorder: { quantity: 10 },
};
export const v1: InventoryStockDepletedV1 = { event_id: 'e-1', data: { sku: 'a' }, metadata: { correlation_id: 'c-1' } };
// @ts-expect-error v1 has no reorder property (additionalProperties: false)
export const v1Reorder: InventoryStockDepletedV1 = { ...v1, reorder: true };
// @ts-expect-error required properties are required
export const missing: InventoryStockDepleted = { event_id: 'e-1', data: { sku: 'a' } };
// @ts-expect-error enums take their values
export const badLevel: InventoryStockDepleted = { ...v1, level: 'FULL' };
// Without additionalProperties: false, other properties are allowed.
export const entry: AuditEntry = { who: 'me', anything: 1 };
export const key: KeyInputOf<Topics['audit.entry']> = null;
// @ts-expect-error a JSON Schema key of type string
export const numericKey: KeyInputOf<Topics['audit.entry']> = 1;
`,
  'clashing-names': `
import type { SchemaVersionInfo } from 'kontract/runtime';
import { cV1, type A, type AInput, type B, type C, type CInput } from './gen/index.js';
import type { WarehouseInput } from './gen/a-value/v1.js';

export const a: A = { w: { x: 'x' }, i: 'input' };
export const aInput: AInput = a;
export const definition: WarehouseInput = 'a JSON Schema definition keeps its name';
export const b: B = { s: 's' };
export const c: C = { x: { n: 1 } };
export const cInput: CInput = { x: {} };
// @ts-expect-error reading, the field with a default is present
export const cRead: C = { x: {} };
export const info: SchemaVersionInfo = cV1.schema;
`,
};

describe('generated code type-checks', () => {
  it('every fixture compiles with zero diagnostics, right shapes compile and wrong shapes do not', async () => {
    const files: Record<string, string> = {};
    for (const [name, build] of Object.entries(fixtures)) {
      const { files: generated } = await generateCode(build());
      for (const file of generated) files[`${name}/gen/${file.path}`] = file.content;
      const usageFile = usage[name];
      expect(usageFile, `a usage file for fixture ${name}`).toBeDefined();
      files[`${name}/usage.ts`] = usageFile!;
    }
    expect(typeCheck(files, ['kontract/runtime', '@acme/kontract/runtime'])).toEqual([]);
  });

  it('a wrong shape that compiles fails the check (the test can fail)', () => {
    const diagnostics = typeCheck({ 'probe/usage.ts': "// @ts-expect-error\nexport const fine: string = 'ok';\n" });
    expect(diagnostics).toEqual([expect.stringContaining("Unused '@ts-expect-error' directive")]);
  });
});
