// The README's checkCompatibility example, kept runnable (test/readme.test.ts checks the README shows this region).
import { describe, expect, it } from 'vitest';
import { checkCompatibility } from 'kontract';

describe('README: checkCompatibility', () => {
  it('reports a reader field without default as READER_FIELD_MISSING_DEFAULT_VALUE', () => {
    // #region readme
    const { compatible, findings } = checkCompatibility({
      schemaType: 'AVRO',
      level: 'BACKWARD',
      previous: ['{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}'],
      candidate: '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "total", "type": "long"}]}',
    });
    expect(compatible).toBe(false);
    expect(findings[0]).toMatchObject({
      ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE',
      direction: 'BACKWARD', // the candidate reads data written with version 1
      location: '/fields/1',
      breaking: true,
      previousVersion: 1,
    });
    // findings[0].message: 'reader field "total" has no default and the writer\'s record "Order" has no field "total"'
    // findings[0].hint: 'Give the field a "default" (for an optional field: type ["null", …] with "default": null), …'
    // #endregion
    expect(findings[0]!.message).toContain('"total"');
  });
});
