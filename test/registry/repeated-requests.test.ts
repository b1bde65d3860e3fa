import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../src/registry/server/http.js';
import { call, errorOf, startTestRegistry } from './helpers.js';

/**
 * The registry remembers the checked, stored form of schema texts it was sent (serializers send the same schema
 * again and again). These cases send the same texts repeatedly in the situations where the answer must still
 * depend on something besides the text.
 */
describe('the same schema text sent again', () => {
  let registry: RunningRegistry;
  const post = (path: string, body: unknown) => call(registry.url, 'POST', path, body);
  const pretty = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] }, null, 2);
  const compact = JSON.stringify(JSON.parse(pretty));

  beforeAll(async () => {
    registry = await startTestRegistry();
  });
  afterAll(async () => {
    await registry.close();
  });

  it('is refused every time when it is invalid (failures are not remembered)', async () => {
    const invalid = { schema: '{"type":"record","name":"Bad","fields":[{"name":"x","type":"nope"}]}' };
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await post('/subjects/repeat-invalid/versions', invalid);
      expect(answer.status).toBe(422);
      expect(errorOf(answer).error_code).toBe(42201);
    }
  });

  it('is found by lookup as often as it is asked for, and only in subjects that hold it', async () => {
    expect((await post('/subjects/repeat-a/versions', { schema: pretty })).status).toBe(200);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await post('/subjects/repeat-a', { schema: pretty })).body).toMatchObject({ subject: 'repeat-a', version: 1, schema: compact });
    }
    const elsewhere = await post('/subjects/repeat-b', { schema: pretty });
    expect(elsewhere.status).toBe(404);
  });

  it('is looked up afresh after a write, and a repeated lookup sent with another content type is judged on its own', async () => {
    const schema = JSON.stringify({ type: 'record', name: 'Shipment', fields: [{ name: 'id', type: 'string' }] });
    expect((await post('/subjects/repeat-write/versions', { schema })).status).toBe(200);
    expect((await post('/subjects/repeat-write', { schema })).body).toMatchObject({ version: 1 });
    expect((await post('/subjects/repeat-write', { schema })).body).toMatchObject({ version: 1 });
    const asText = await call(registry.url, 'POST', '/subjects/repeat-write', { schema }, { headers: { 'Content-Type': 'text/plain' } });
    expect(asText.status).toBe(415);
    // The write (a soft delete) changes the answer to the same request.
    expect((await call(registry.url, 'DELETE', '/subjects/repeat-write/versions/1')).status).toBe(200);
    expect((await post('/subjects/repeat-write', { schema })).status).toBe(404);
    expect((await post('/subjects/repeat-write?deleted=true', { schema })).body).toMatchObject({ version: 1 });
  });

  it('is read as the schema type the request names, not as the type it was first sent with', async () => {
    // A valid Avro schema (a primitive) that is no JSON Schema (not an object or boolean).
    const text = '"string"';
    expect((await post('/subjects/repeat-types/versions', { schema: text })).body).toMatchObject({ version: 1 });
    const asJson = await post('/subjects/repeat-types', { schema: text, schemaType: 'JSON' });
    expect(asJson.status).toBe(422);
    expect(errorOf(asJson).error_code).toBe(42201);
    expect((await post('/subjects/repeat-types', { schema: text })).body).toMatchObject({ version: 1 });
  });

  it('is stored normalised only when normalisation is asked for', async () => {
    const reordered = JSON.stringify({ fields: [{ type: 'string', name: 'id' }], name: 'Order', type: 'record' });
    const plain = await post('/subjects/repeat-norm-plain/versions', { schema: reordered });
    const normalized = await post('/subjects/repeat-norm/versions?normalize=true', { schema: reordered });
    expect((plain.body as { schema: string }).schema).toBe(reordered);
    expect((normalized.body as { schema: string }).schema).not.toBe(reordered);
    // Asked for again, each way gives its own stored form.
    expect((await post('/subjects/repeat-norm-plain', { schema: reordered })).body).toMatchObject({ version: 1 });
    expect((await post('/subjects/repeat-norm?normalize=true', { schema: reordered })).body).toMatchObject({ version: 1 });
  });
});
