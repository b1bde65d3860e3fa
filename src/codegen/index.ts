/**
 * Code generation: the schema repository becomes typed TypeScript. {@link generateCode} is pure;
 * {@link writeGeneratedCode} writes (or checks) the files under `codegen.outDir`.
 */
export { generateCode, type GenerateOptions, type GenerateProgress, type GeneratedCode, type GeneratedFile } from './generate.js';
export { writeGeneratedCode, type FileAction, type WriteOptions, type WriteProgress, type WriteResult, type WriteSummary } from './write.js';
export { avroLogicalMapping, type AvroLogicalMapping } from './avro.js';
export { protobufWellKnownType, type ProtobufWellKnownMapping } from './protobuf.js';
export { GENERATED_MARKER } from './printer.js';
export { subjectTypeName } from './names.js';
