import descriptor from 'protobufjs/ext/descriptor/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../src/registry/server/http.js';
import { avroFormat } from '../../src/schema/avro.js';
import { avroRecord, call, errorOf, startTestRegistry, type HttpAnswer } from './helpers.js';

let registry: RunningRegistry;
beforeAll(async () => {
  registry = await startTestRegistry();
});
afterAll(async () => {
  await registry.close();
});

const get = (path: string): Promise<HttpAnswer> => call(registry.url, 'GET', path);
const post = (path: string, body: unknown): Promise<HttpAnswer> => call(registry.url, 'POST', path, body);
const put = (path: string, body: unknown): Promise<HttpAnswer> => call(registry.url, 'PUT', path, body);
const del = (path: string): Promise<HttpAnswer> => call(registry.url, 'DELETE', path);

const user = avroRecord('User', [{ name: 'name', type: 'string' }]);
const userWithAge = avroRecord('User', [
  { name: 'name', type: 'string' },
  { name: 'age', type: 'int', default: 0 },
]);
const userRequiringAge = avroRecord('User', [
  { name: 'name', type: 'string' },
  { name: 'email', type: 'string' },
]);

function expectError(answer: HttpAnswer, status: number, code: number): string {
  expect({ status: answer.status, code: errorOf(answer).error_code }).toEqual({ status, code });
  expect(typeof errorOf(answer).message).toBe('string');
  return errorOf(answer).message;
}

describe('registration and reads', () => {
  it('answers GET / with {} and lists the schema types', async () => {
    expect((await get('/')).body).toEqual({});
    expect((await get('/schemas/types')).body).toEqual(['JSON', 'PROTOBUF', 'AVRO']);
  });

  it('registers, returns the existing version for a re-registration, and shares ids across subjects', async () => {
    const first = await post('/subjects/users-value/versions', { schema: user });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: expect.any(Number), version: 1 });
    const id = (first.body as { id: number }).id;
    // The same schema pretty-printed is the same schema.
    const again = await post('/subjects/users-value/versions', { schema: JSON.stringify(JSON.parse(user), null, 2) });
    expect(again.body).toMatchObject({ id, version: 1 });
    const other = await post('/subjects/users-copy/versions', { schema: user, schemaType: 'AVRO' });
    expect(other.body).toMatchObject({ id, version: 1 });
    const second = await post('/subjects/users-value/versions', { schema: userWithAge });
    expect(second.body).toMatchObject({ version: 2 });
    expect((second.body as { id: number }).id).toBeGreaterThan(id);
  });

  it('serves versions, latest, -1, raw schemas and schemas by id', async () => {
    expect((await get('/subjects/users-value/versions')).body).toEqual([1, 2]);
    const latest = (await get('/subjects/users-value/versions/latest')).body as Record<string, unknown>;
    expect(latest).toMatchObject({ subject: 'users-value', version: 2, schema: userWithAge });
    expect(latest).not.toHaveProperty('schemaType');
    expect(latest).not.toHaveProperty('references');
    expect((await get('/subjects/users-value/versions/-1')).body).toEqual(latest);
    expect((await get('/subjects/users-value/versions/1/schema')).text).toBe(user);
    const byId = (await get(`/schemas/ids/${latest.id as number}`)).body;
    expect(byId).toMatchObject({ schema: userWithAge });
    expect((await get(`/schemas/ids/${latest.id as number}/schema`)).text).toBe(userWithAge);
    const firstId = ((await get('/subjects/users-value/versions/1')).body as { id: number }).id;
    expect((await get(`/schemas/ids/${firstId}/subjects`)).body).toEqual(['users-copy', 'users-value']);
    expect((await get(`/schemas/ids/${firstId}/versions`)).body).toEqual([
      { subject: 'users-copy', version: 1 },
      { subject: 'users-value', version: 1 },
    ]);
    const subjects = (await get('/subjects')).body as string[];
    expect(subjects).toEqual(expect.arrayContaining(['users-copy', 'users-value']));
    expect((await get('/subjects?subjectPrefix=users-c')).body).toEqual(['users-copy']);
    expect((await get(`/schemas/guids/${latest.guid as string}`)).body).toMatchObject({ schema: userWithAge });
  });

  it('looks a schema up under a subject: found, 40401 for an unknown subject, 40403 for an unknown schema', async () => {
    const found = await post('/subjects/users-value', { schema: user });
    expect(found.body).toMatchObject({ subject: 'users-value', version: 1, schema: user });
    expectError(await post('/subjects/nobody', { schema: user }), 404, 40401);
    expectError(await post('/subjects/users-value', { schema: avroRecord('Other') }), 404, 40403);
  });

  it('refuses an incompatible schema with 409 and the engine\'s findings', async () => {
    const answer = await post('/subjects/users-value/versions', { schema: userRequiringAge });
    const message = expectError(answer, 409, 40901);
    expect(message).toContain('Schema being registered is incompatible with an earlier schema for subject "users-value"');
    expect(message).toContain('READER_FIELD_MISSING_DEFAULT_VALUE');
    expect(message).toContain("compatibility: 'BACKWARD'");
    expect((await get('/subjects/users-value/versions')).body).toEqual([1, 2]);
  });

  it('answers compatibility checks, with messages when verbose', async () => {
    expect((await post('/compatibility/subjects/users-value/versions/latest', { schema: userWithAge })).body).toEqual({ is_compatible: true });
    const verbose = await post('/compatibility/subjects/users-value/versions/latest?verbose=true', { schema: userRequiringAge });
    expect(verbose.body).toMatchObject({ is_compatible: false, messages: expect.arrayContaining([expect.stringContaining('READER_FIELD_MISSING_DEFAULT_VALUE')]) });
    expect((await post('/compatibility/subjects/users-value/versions', { schema: userWithAge })).body).toEqual({ is_compatible: true });
    // No such subject yet: nothing to be incompatible with.
    expect((await post('/compatibility/subjects/new-subject/versions/latest', { schema: user })).body).toEqual({ is_compatible: true });
    expectError(await post('/compatibility/subjects/users-value/versions/9', { schema: user }), 404, 40402);
    expectError(await post('/compatibility/subjects/new-subject/versions/1', { schema: user }), 404, 40401);
  });

  it('normalises on request: registration stores the canonical form, lookup matches through it', async () => {
    const verbose = JSON.stringify({ type: 'record', name: 'Norm', fields: [{ name: 'a', type: { type: 'string' } }] });
    const canonical = avroFormat.normalize({ schema: verbose });
    const registered = await post('/subjects/norm/versions?normalize=true', { schema: verbose });
    expect(registered.body).toMatchObject({ version: 1, schema: canonical });
    expect((await post('/subjects/norm-plain/versions', { schema: verbose })).body).toMatchObject({ schema: verbose });
    // Without normalize=true the two texts differ; with it they are one schema.
    expectError(await post('/subjects/norm', { schema: verbose }), 404, 40403);
    expect((await post('/subjects/norm?normalize=true', { schema: verbose })).body).toMatchObject({ version: 1 });
    expect((await post('/subjects/norm-plain?normalize=true', { schema: canonical })).body).toMatchObject({ version: 1 });
    // The subject config's normalize flag works like the query flag.
    await put('/config/norm-config', { normalize: true });
    expect((await post('/subjects/norm-config/versions', { schema: verbose })).body).toMatchObject({ schema: canonical });
  });

  it('refuses invalid schemas with 42201 and the parser\'s location', async () => {
    const message = expectError(await post('/subjects/bad/versions', { schema: '{"type":"record","name":"R","fields":[{"name":"x","type":"nope"}]}' }), 422, 42201);
    expect(message).toMatch(/fields/);
    expectError(await post('/subjects/bad/versions', { schema: '{"type": ' }), 422, 42201);
    expectError(await post('/subjects/bad/versions', { schema: '' }), 422, 42201);
    expectError(await post('/subjects/bad/versions', { schema: user, schemaType: 'XML' }), 422, 42201);
    expectError(await post('/subjects/bad/versions', { schema: 42 }), 422, 422);
    expectError(await post('/subjects/bad/versions', { schema: user, references: 'x' }), 422, 422);
    expectError(await post('/subjects/bad/versions', { schema: user, references: [{ name: 'a.B', subject: 'missing', version: 1 }] }), 422, 42201);
    expectError(await get('/subjects/bad/versions'), 404, 40401);
  });

  it('names the line, column and schema path of a Protobuf or JSON Schema mistake', async () => {
    const proto = 'syntax = "proto3";\nmessage A {\n  strin x = 1;\n}\n';
    expect(expectError(await post('/subjects/bad/versions', { schema: proto, schemaType: 'PROTOBUF' }), 422, 42201)).toMatch(/line 3:\d+ at #\/A\/1: .*strin/);
    const json = '{"type": "object",\n "properties": 5}';
    expect(expectError(await post('/subjects/bad/versions', { schema: json, schemaType: 'JSON' }), 422, 42201)).toMatch(/line 2:\d+ at #\/properties/);
    const importing = 'syntax = "proto3";\nimport "other.proto";\nmessage A { B b = 1; }\n';
    expect(expectError(await post('/subjects/bad/versions', { schema: importing, schemaType: 'PROTOBUF' }), 422, 42201)).toContain('other.proto');
  });
});

describe('metadata and rule sets', () => {
  const ruleSet = {
    domainRules: [{ name: 'checkEmail', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: "message.email.contains('@')", onFailure: 'ERROR' }],
    migrationRules: [],
  };
  const metadata = { properties: { owner: 'team-a', 'app.version': '3' }, tags: { 'User.email': ['PII'] }, sensitive: ['email'] };
  const withEmail = avroRecord('User', [
    { name: 'name', type: 'string' },
    { name: 'email', type: 'string', default: '' },
  ]);

  it('keeps the ruleSet and metadata sent with a registration and returns them by version and by id', async () => {
    const registered = await post('/subjects/ruled-value/versions', { schema: withEmail, metadata, ruleSet });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ version: 1, metadata, ruleSet });
    const { id } = registered.body as { id: number };
    expect((await get('/subjects/ruled-value/versions/1')).body).toMatchObject({ subject: 'ruled-value', version: 1, id, schema: withEmail, metadata, ruleSet });
    expect((await get('/subjects/ruled-value/versions/latest')).body).toMatchObject({ metadata, ruleSet });
    expect((await get(`/schemas/ids/${id}`)).body).toMatchObject({ schema: withEmail, metadata, ruleSet });
  });

  it('gives the same text with another ruleSet a new id, each id keeping its own', async () => {
    const first = ((await get('/subjects/ruled-value/versions/1')).body as { id: number }).id;
    const otherRules = { domainRules: [{ name: 'checkName', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.name) > 0' }] };
    const second = await post('/subjects/ruled-value/versions', { schema: withEmail, metadata, ruleSet: otherRules });
    expect(second.body).toMatchObject({ version: 2, ruleSet: otherRules });
    const secondId = (second.body as { id: number }).id;
    expect(secondId).not.toBe(first);
    expect(((await get(`/schemas/ids/${first}`)).body as { ruleSet: unknown }).ruleSet).toEqual(ruleSet);
    expect(((await get(`/schemas/ids/${secondId}`)).body as { ruleSet: unknown }).ruleSet).toEqual(otherRules);
    // A schema registered without either has neither field.
    const plain = (await post('/subjects/unruled-value/versions', { schema: avroRecord('Unruled') })).body as { id: number };
    const byId = (await get(`/schemas/ids/${plain.id}`)).body;
    expect(byId).not.toHaveProperty('ruleSet');
    expect(byId).not.toHaveProperty('metadata');
  });

  it('carries ruleSet and metadata forward to a new version that brings none', async () => {
    const next = avroRecord('User', [
      { name: 'name', type: 'string' },
      { name: 'email', type: 'string', default: '' },
      { name: 'age', type: 'int', default: 0 },
    ]);
    const otherRules = ((await get('/subjects/ruled-value/versions/2')).body as { ruleSet: unknown }).ruleSet;
    const registered = (await post('/subjects/ruled-value/versions', { schema: next })).body as { id: number };
    expect((await get('/subjects/ruled-value/versions/3')).body).toMatchObject({ schema: next, metadata, ruleSet: otherRules });
    expect((await get(`/schemas/ids/${registered.id}`)).body).toMatchObject({ metadata, ruleSet: otherRules });
  });

  it('refuses a ruleSet that is not an object with 422', async () => {
    expectError(await post('/subjects/ruled-bad/versions', { schema: user, ruleSet: 'rules' }), 422, 422);
    expectError(await post('/subjects/ruled-bad/versions', { schema: user, ruleSet: [] }), 422, 422);
  });
});

describe('schema types', () => {
  const jsonOrder = JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } });
  const jsonOrderWithNote = JSON.stringify({ type: 'object', description: 'An order', properties: { id: { type: 'string' } } });

  it('refuses a change of schema type with 409, except at level NONE', async () => {
    await post('/subjects/typed/versions', { schema: user });
    const message = expectError(await post('/subjects/typed/versions', { schema: jsonOrder, schemaType: 'JSON' }), 409, 40901);
    expect(message).toContain('SCHEMA_TYPE_CHANGED');
    await put('/config/typed', { compatibility: 'NONE' });
    const json = await post('/subjects/typed/versions', { schema: jsonOrder, schemaType: 'JSON' });
    expect(json.body).toMatchObject({ version: 2, schemaType: 'JSON' });
    expect((await get('/subjects/typed/versions/2')).body).toMatchObject({ schemaType: 'JSON', schema: jsonOrder });
  });

  it('walks transitive levels newest to oldest and stops at the first version of another type', async () => {
    await put('/config/typed', { compatibility: 'BACKWARD_TRANSITIVE' });
    // Compatible with version 2 (JSON), so the walk reaches version 1 (AVRO) and fails there.
    const message = expectError(await post('/subjects/typed/versions', { schema: jsonOrderWithNote, schemaType: 'JSON' }), 409, 40901);
    expect(message).toContain('SCHEMA_TYPE_CHANGED');
    expect(message).toContain('{oldSchemaVersion: 1}');
    await put('/config/typed', { compatibility: 'BACKWARD' });
    expect((await post('/subjects/typed/versions', { schema: jsonOrderWithNote, schemaType: 'JSON' })).body).toMatchObject({ version: 3 });
  });
});

describe('references', () => {
  const address = JSON.stringify({ type: 'record', name: 'Address', namespace: 'shop', fields: [{ name: 'city', type: 'string' }] });
  const customer = JSON.stringify({ type: 'record', name: 'Customer', namespace: 'shop', fields: [{ name: 'address', type: 'shop.Address' }] });

  it('resolves references, reports referrers and refuses to delete what is referenced (42206)', async () => {
    const ref = (await post('/subjects/address/versions', { schema: address })).body as { id: number; version: number };
    const references = [{ name: 'shop.Address', subject: 'address', version: 1 }];
    const registered = await post('/subjects/customer-value/versions', { schema: customer, references });
    expect(registered.status).toBe(200);
    const customerId = (registered.body as { id: number }).id;
    const latest = (await get('/subjects/customer-value/versions/latest')).body;
    expect(latest).toMatchObject({ references });
    expect((await get(`/schemas/ids/${customerId}`)).body).toMatchObject({ references });
    expect((await get('/subjects/address/versions/1/referencedby')).body).toEqual([customerId]);
    expectError(await del('/subjects/address/versions/1'), 422, 42206);
    expectError(await del('/subjects/address'), 422, 42206);
    // -1 pins the latest version at registration time.
    const pinned = await post('/subjects/customer-pinned/versions', { schema: customer, references: [{ name: 'shop.Address', subject: 'address', version: -1 }] });
    expect(pinned.status).toBe(200);
    expect(((await get('/subjects/customer-pinned/versions/1')).body as { references: unknown }).references).toEqual(references);
    expect(ref.version).toBe(1);
    // Without the reference the schema does not parse.
    expectError(await post('/subjects/customer-unresolved/versions', { schema: customer }), 422, 42201);
  });

  it('resolves Protobuf imports through references and serves the file as a serialized descriptor', async () => {
    const money = 'syntax = "proto3";\npackage shop;\nmessage Money {\n  int64 cents = 1;\n}\n';
    const order = 'syntax = "proto3";\npackage shop;\nimport "shop/money.proto";\nmessage Order {\n  Money total = 1;\n}\n';
    expect((await post('/subjects/money/versions', { schema: money, schemaType: 'PROTOBUF' })).status).toBe(200);
    const references = [{ name: 'shop/money.proto', subject: 'money', version: 1 }];
    const registered = (await post('/subjects/order-value/versions', { schema: order, schemaType: 'PROTOBUF', references })).body as { id: number };
    const byId = (await get(`/schemas/ids/${registered.id}`)).body;
    expect(byId).toMatchObject({ schemaType: 'PROTOBUF', schema: order, references });
    const serialized = (await get(`/schemas/ids/${registered.id}?format=serialized`)).body as { schema: string };
    expect(serialized.schema).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // The descriptor names its import and its message.
    const bytes = Buffer.from(serialized.schema, 'base64').toString('latin1');
    expect(bytes).toContain('shop/money.proto');
    expect(bytes).toContain('Order');
    const version = (await get('/subjects/order-value/versions/1?format=serialized')).body as { schema: string };
    expect(version.schema).toBe(serialized.schema);
    // Avro ignores format=serialized.
    expect(((await get('/subjects/address/versions/1?format=serialized')).body as { schema: string }).schema).toBe(address);
  });
  it('serves a Protobuf schema by id as raw text, or with format=serialized as a base64 FileDescriptorProto', async () => {
    const currency = 'syntax = "proto3";\npackage billing;\nenum Currency {\n  CURRENCY_UNSPECIFIED = 0;\n  EUR = 1;\n}\n';
    const invoice =
      'syntax = "proto3";\npackage billing;\nimport "billing/currency.proto";\nmessage Invoice {\n  string id = 1;\n  repeated Line lines = 2;\n  message Line {\n    int64 cents = 1;\n    Currency currency = 2;\n  }\n}\n';
    expect((await post('/subjects/currency/versions', { schema: currency, schemaType: 'PROTOBUF' })).status).toBe(200);
    const references = [{ name: 'billing/currency.proto', subject: 'currency', version: 1 }];
    const { id } = (await post('/subjects/invoice-value/versions', { schema: invoice, schemaType: 'PROTOBUF', references })).body as { id: number };
    expect((await get(`/schemas/ids/${id}/schema`)).text).toBe(invoice);
    const raw = await get(`/schemas/ids/${id}/schema?format=serialized`);
    expect(raw.status).toBe(200);
    expect(raw.text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // The same descriptor as /schemas/ids/{id}?format=serialized gives, and it parses as a FileDescriptorProto.
    expect(raw.text).toBe(((await get(`/schemas/ids/${id}?format=serialized`)).body as { schema: string }).schema);
    const file = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(Buffer.from(raw.text, 'base64')), { enums: String }) as {
      package: string;
      dependency: string[];
      syntax: string;
      messageType: Array<{ name: string; field: Array<Record<string, unknown>>; nestedType: Array<{ name: string; field: Array<Record<string, unknown>> }> }>;
    };
    expect(file).toMatchObject({ package: 'billing', dependency: ['billing/currency.proto'], syntax: 'proto3' });
    const [message] = file.messageType;
    expect(message?.name).toBe('Invoice');
    expect(message?.field.map((field) => [field.name, field.number, field.label, field.type, field.typeName ?? null])).toEqual([
      ['id', 1, 'LABEL_OPTIONAL', 'TYPE_STRING', null],
      ['lines', 2, 'LABEL_REPEATED', 'TYPE_MESSAGE', '.billing.Invoice.Line'],
    ]);
    expect(message?.nestedType.map((nested) => nested.name)).toEqual(['Line']);
    expect(message?.nestedType[0]?.field.map((field) => [field.name, field.type, field.typeName ?? null])).toEqual([
      ['cents', 'TYPE_INT64', null],
      ['currency', 'TYPE_ENUM', '.billing.Currency'],
    ]);
    // The referenced file is served serialized too; Avro and JSON ignore the flag.
    const currencyId = ((await get('/subjects/currency/versions/1')).body as { id: number }).id;
    const currencyFile = descriptor.FileDescriptorProto.decode(Buffer.from((await get(`/schemas/ids/${currencyId}/schema?format=serialized`)).text, 'base64'));
    expect(descriptor.FileDescriptorProto.toObject(currencyFile)).toMatchObject({ package: 'billing', enumType: [{ name: 'Currency' }] });
    const avroId = ((await get('/subjects/address/versions/1')).body as { id: number }).id;
    expect((await get(`/schemas/ids/${avroId}/schema?format=serialized`)).text).toBe(address);
  });
});

describe('deletes', () => {
  it('soft-deletes, then deletes permanently, with Confluent\'s error codes for each wrong order', async () => {
    const v1 = (await post('/subjects/orders/versions', { schema: avroRecord('Order') })).body as { id: number };
    await post('/subjects/orders/versions', { schema: avroRecord('Order', [{ name: 'n', type: 'int', default: 1 }]) });
    expectError(await del('/subjects/orders/versions/1?permanent=true'), 404, 40407);
    expect((await del('/subjects/orders/versions/1')).body).toBe(1);
    expectError(await del('/subjects/orders/versions/1'), 404, 40406);
    expectError(await get('/subjects/orders/versions/1'), 404, 40402);
    expect((await get('/subjects/orders/versions/1?deleted=true')).body).toMatchObject({ version: 1 });
    expect((await get('/subjects/orders/versions')).body).toEqual([2]);
    expect((await get('/subjects/orders/versions?deleted=true')).body).toEqual([1, 2]);
    // Still readable by id: consumers must decode old data.
    expect((await get(`/schemas/ids/${v1.id}`)).status).toBe(200);
    expectError(await del('/subjects/orders?permanent=true'), 404, 40405);
    expect((await del('/subjects/orders')).body).toEqual([2]);
    expectError(await del('/subjects/orders'), 404, 40404);
    expectError(await get('/subjects/orders/versions'), 404, 40401);
    expect((await get('/subjects')).body).not.toContain('orders');
    expect((await get('/subjects?deleted=true')).body).toContain('orders');
    expect((await del('/subjects/orders?permanent=true')).body).toEqual([1, 2]);
    expectError(await del('/subjects/orders'), 404, 40401);
    expectError(await get(`/schemas/ids/${v1.id}`), 404, 40403);
    expectError(await del('/subjects/orders/versions/3'), 404, 40401);
    // After a permanent delete the same schema gets a new id: ids are never reused.
    const again = (await post('/subjects/orders/versions', { schema: avroRecord('Order') })).body as { id: number; version: number };
    expect(again.id).toBeGreaterThan(v1.id);
    expect(again.version).toBe(1);
    expectError(await del('/subjects/orders/versions/7'), 404, 40402);
  });

  it('registers a soft-deleted schema again as a new version with its old id', async () => {
    const first = (await post('/subjects/revived/versions', { schema: avroRecord('Revived') })).body as { id: number };
    await del('/subjects/revived/versions/1');
    const again = (await post('/subjects/revived/versions', { schema: avroRecord('Revived') })).body as { id: number; version: number };
    expect(again).toMatchObject({ id: first.id, version: 2 });
  });
});

describe('config and mode', () => {
  it('reads and writes the global and subject configs', async () => {
    expect((await get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expectError(await get('/config/cfg-subject'), 404, 40408);
    expect((await get('/config/cfg-subject?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await put('/config/cfg-subject', { compatibility: 'full' })).body).toEqual({ compatibility: 'FULL' });
    expect((await get('/config/cfg-subject')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect((await put('/config/cfg-subject', { normalize: true, compatibilityGroup: 'app.version', defaultMetadata: { properties: { owner: 'x' } } })).status).toBe(200);
    expect((await get('/config/cfg-subject')).body).toEqual({
      compatibilityLevel: 'FULL',
      normalize: true,
      compatibilityGroup: 'app.version',
      defaultMetadata: { properties: { owner: 'x' } },
    });
    expectError(await put('/config/cfg-subject', { compatibility: 'SIDEWAYS' }), 422, 42203);
    expectError(await put('/config', { compatibility: 7 }), 422, 42203);
    expect((await del('/config/cfg-subject')).body).toMatchObject({ compatibilityLevel: 'FULL' });
    expectError(await del('/config/cfg-subject'), 404, 40408);
    expect((await put('/config', { compatibility: 'NONE' })).body).toEqual({ compatibility: 'NONE' });
    expect((await get('/config')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await del('/config')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('applies the subject level over the global one at registration', async () => {
    await post('/subjects/levels/versions', { schema: user });
    await put('/config/levels', { compatibility: 'NONE' });
    expect((await post('/subjects/levels/versions', { schema: userRequiringAge })).status).toBe(200);
    await put('/config/levels', { compatibility: 'FORWARD_TRANSITIVE' });
    // FORWARD_TRANSITIVE: version 1 cannot read a schema that drops a field without default... (name has none)
    const dropped = avroRecord('User', [{ name: 'email', type: 'string' }]);
    expectError(await post('/subjects/levels/versions', { schema: dropped }), 409, 40901);
  });

  it('checks confluent:reserved when validateFields is on', async () => {
    const reservedMeta = { properties: { 'confluent:reserved': 'ssn' } };
    await put('/config/reserved', { validateFields: true });
    expect((await post('/subjects/reserved/versions', { schema: user, metadata: reservedMeta })).status).toBe(200);
    // Metadata carries forward from the latest version when a new schema brings none.
    const withSsn = avroRecord('User', [
      { name: 'name', type: 'string' },
      { name: 'ssn', type: 'string', default: '' },
    ]);
    expect(expectError(await post('/subjects/reserved/versions', { schema: withSsn }), 409, 40901)).toContain('FIELD_CONFLICTS_WITH_RESERVED_FIELD');
    expect(expectError(await post('/subjects/reserved/versions', { schema: userWithAge, metadata: { properties: {} } }), 409, 40901)).toContain('RESERVED_FIELD_REMOVED');
    const ok = await post('/subjects/reserved/versions', { schema: userWithAge });
    expect(ok.body).toMatchObject({ version: 2, metadata: reservedMeta });
  });

  it('finds the latest version carrying given metadata', async () => {
    await post('/subjects/meta/versions', { schema: user, metadata: { properties: { app: 'a' } } });
    await post('/subjects/meta/versions', { schema: userWithAge, metadata: { properties: { app: 'b' } } });
    expect((await get('/subjects/meta/metadata?key=app&value=a')).body).toMatchObject({ version: 1 });
    expect((await get('/subjects/meta/metadata?key=app&value=b')).body).toMatchObject({ version: 2 });
    expectError(await get('/subjects/meta/metadata?key=app&value=c'), 404, 40403);
  });

  it('switches modes: READONLY refuses writes (42205), IMPORT takes ids and versions', async () => {
    expect((await get('/mode')).body).toEqual({ mode: 'READWRITE' });
    expectError(await get('/mode/ro'), 404, 40409);
    expect((await get('/mode/ro?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
    expectError(await put('/mode/ro', { mode: 'SLEEPING' }), 422, 42204);
    expect((await put('/mode/ro', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    expectError(await post('/subjects/ro/versions', { schema: user }), 422, 42205);
    expect((await del('/mode/ro')).body).toEqual({ mode: 'READONLY' });
    expectError(await del('/mode/ro'), 404, 40409);
    await post('/subjects/ro/versions', { schema: user });
    expectError(await put('/mode/ro', { mode: 'IMPORT' }), 422, 42205);
    expectError(await post('/subjects/ro/versions', { schema: user, id: 5000 }), 422, 42205);

    expect((await put('/mode/imported', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    const imported = await post('/subjects/imported/versions', { schema: avroRecord('Imported'), id: 5000, version: 3 });
    expect(imported.body).toMatchObject({ id: 5000, version: 3 });
    expect((await get('/schemas/ids/5000')).body).toMatchObject({ schema: avroRecord('Imported') });
    expectError(await post('/subjects/imported/versions', { schema: avroRecord('Different'), id: 5000 }), 422, 42207);
    await del('/mode/imported');
    const next = (await post('/subjects/fresh/versions', { schema: avroRecord('Fresh') })).body as { id: number };
    expect(next.id).toBeGreaterThan(5000);

    expect((await put('/mode', { mode: 'READONLY_OVERRIDE' })).body).toEqual({ mode: 'READONLY_OVERRIDE' });
    expectError(await del('/subjects/fresh'), 422, 42205);
    await put('/mode', { mode: 'READWRITE' });
  });
});

describe('protocol details', () => {
  it('answers associations with 40410 so Confluent clients fall back to TopicNameStrategy', async () => {
    expectError(await get('/associations/resources/-/orders?resourceType=topic&associationType=value'), 404, 40410);
  });

  it('answers unknown paths with 404 and wrong methods with 405, both as JSON', async () => {
    expectError(await get('/nothing/here'), 404, 404);
    const wrong = await call(registry.url, 'PATCH', '/subjects');
    expectError(wrong, 405, 405);
    expect(wrong.headers.allow).toBe('GET');
  });

  it('answers with Confluent\'s content type', async () => {
    expect((await get('/subjects')).headers['content-type']).toBe('application/vnd.schemaregistry.v1+json');
  });
});
