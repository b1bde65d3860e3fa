import { protobufFormat } from '../../schema/protobuf.js';
import type { StoredSchema } from '../store/types.js';
import type { RegistryService } from './service.js';

/**
 * `?format=serialized`: a Protobuf schema as Confluent's serializers want it, a base64-encoded
 * FileDescriptorProto, built by the Protobuf format module from the stored text and its references.
 */
export function serializeSchemaText(service: RegistryService, schema: Pick<StoredSchema, 'schema' | 'references'>): string {
  return service.withSchemaErrors('PROTOBUF', () =>
    protobufFormat.toFileDescriptorProtoBase64({ schema: schema.schema, references: service.referenceTextsOf(schema.references) }),
  );
}
