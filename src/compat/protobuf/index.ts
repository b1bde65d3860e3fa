/**
 * Protobuf compatibility with Confluent Schema Registry's exact verdicts: `diff(reader, writer)` is
 * Confluent's `diff(original = writer, update = reader)` (spec §4), reporting every difference with
 * Confluent's difference type and location (`#/`, `#/Order/3`, `#/Order/choice/4`, `#/Status/1`).
 */
import { protobufFormat } from '../../schema/protobuf.js';
import type { ParsedProtobufSchema } from '../../schema/protobuf/model.js';
import type { Difference, FormatCompatibility } from '../types.js';
import { DiffContext } from './context.js';
import { compareTypeLevels } from './messages.js';
import { protobufRules } from './rules.js';

export { protobufRules, isBreakingProtobufRule, type ProtobufRuleId } from './rules.js';

/**
 * Every difference between the writer's schema (`original`) and the reader's (`update`), in
 * Confluent's terms: the package, then the top-level messages and enums, recursively.
 */
export function diffProtobufSchemas(original: ParsedProtobufSchema, update: ParsedProtobufSchema): Difference[] {
  const ctx = DiffContext.root(original, update);
  if (original.file.package !== update.file.package) {
    ctx.add('PACKAGE_CHANGED', `package changed from ${original.file.package ?? '(none)'} to ${update.file.package ?? '(none)'}`);
  }
  compareTypeLevels(ctx, original.file, update.file);
  return ctx.differences;
}

export const protobufCompatibility: FormatCompatibility<ParsedProtobufSchema> = {
  format: protobufFormat,
  rules: protobufRules,
  diff: (reader, writer) => diffProtobufSchemas(writer, reader),
};
