import { describe, expect, it } from 'vitest';
import { estimateAvroSize, estimateJsonSize, estimateProtobufSize } from '../../src/contract/lint/size.js';
import { avroFormat } from '../../src/schema/avro.js';
import { protobufFormat } from '../../src/schema/protobuf.js';

const assumptions = { assumedStringBytes: 256, assumedItems: 32, assumedRecursionDepth: 3 };
const avro = (schema: object) => estimateAvroSize(avroFormat.parse({ schema: JSON.stringify(schema) }), assumptions);

describe('the message size estimate', () => {
  it('counts Avro at its widest, with declared bounds on types and fields', () => {
    const estimate = avro({
      type: 'record',
      name: 'R',
      fields: [
        { name: 'a', type: 'int' },
        { name: 's', type: 'string', maxLength: 10 },
        { name: 'xs', type: { type: 'array', items: 'long', maxItems: 4 } },
      ],
    });
    // frame 5 + int 5 + (length 5 + 10) + (block count 10 + 4 × 10 + end 1)
    expect(estimate).toEqual({ bytes: 76, assumed: { strings: 0, collections: 0, recursions: 0 } });
    expect(avro({ type: 'record', name: 'S', fields: [{ name: 's', type: 'string' }] })).toEqual({ bytes: 266, assumed: { strings: 1, collections: 0, recursions: 0 } });
  });

  it('cuts recursion at the assumed depth and says so', () => {
    const estimate = avro({ type: 'record', name: 'Node', fields: [{ name: 'value', type: 'int' }, { name: 'next', type: ['null', 'Node'], default: null }] });
    // Four levels of (int 5 + union index 5), the fifth is cut.
    expect(estimate).toEqual({ bytes: 45, assumed: { strings: 0, collections: 0, recursions: 1 } });
  });

  it('reads Protobuf bounds from @maxLength/@maxItems comments', () => {
    const parsed = protobufFormat.parse({ schema: 'syntax = "proto3";\nmessage M {\n  int32 a = 1;\n  // A code. @maxLength 8\n  string s = 2;\n  repeated bool flags = 3;\n}\n' });
    // frame 5 + indexes 2; a: tag 1 + varint 10; s: tag 1 + length 5 + 8; flags: 32 × (tag 1 + 1)
    expect(estimateProtobufSize(parsed, assumptions)).toEqual({ bytes: 96, assumed: { strings: 0, collections: 1, recursions: 0 } });
  });

  it('sizes JSON text from formats and declared properties', () => {
    const schema = JSON.stringify({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, n: { type: 'integer' } } });
    // frame 5 + braces 2 + "id": + uuid in quotes (4 + 2 + 38) + "n": + 20 digits (3 + 2 + 20)
    expect(estimateJsonSize({ schema, referenceTexts: {} }, assumptions)).toEqual({ bytes: 76, assumed: { strings: 0, collections: 0, recursions: 0 } });
  });
});
