/**
 * The protobufjs `Root` serializers encode and decode with, built lazily from a parsed schema: every
 * file (the schema, its references and the built-in files it uses) parsed into one root, field names
 * kept exactly as written (`keepCase`), all types resolved.
 */
import protobuf from 'protobufjs';
import { KontractError } from '../../errors.js';
import { builtinProtoFile } from './builtins.js';
import type { ParsedProtobufSchema } from './model.js';

const roots = new WeakMap<ParsedProtobufSchema, protobuf.Root>();

/** The resolved protobufjs root of a parsed schema (built once per parsed schema). */
export function protobufRoot(parsed: ParsedProtobufSchema): protobuf.Root {
  const cached = roots.get(parsed);
  if (cached) return cached;
  const root = new protobuf.Root();
  try {
    for (const file of [...parsed.dependencies, parsed.file]) {
      const builtin = file.origin.kind === 'builtin' ? builtinProtoFile(file.name) : undefined;
      if (builtin && 'json' in builtin) root.addJSON(builtin.json.nested ?? {});
      else protobuf.parse(file.text, root, { keepCase: true, alternateCommentMode: true });
    }
    root.resolveAll();
  } catch (error) {
    throw new KontractError('SCHEMA_INVALID', `protobufjs cannot load the schema: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Check that no two files declare the same names (package and type names share one namespace).',
      cause: error,
    });
  }
  roots.set(parsed, root);
  return root;
}

/** The protobufjs message type for `fullName` (default: the first message of the schema, as Confluent's serializers use). */
export function protobufMessageType(parsed: ParsedProtobufSchema, fullName?: string): protobuf.Type {
  const name = fullName ?? parsed.file.messages[0]?.fullName;
  const entry = name === undefined ? undefined : parsed.types.get(name.replace(/^\./, ''));
  if (!entry || entry.kind !== 'message') {
    throw new KontractError('REFERENCE_UNRESOLVED', name === undefined ? 'the schema declares no message' : `the schema declares no message ${name}`, {
      hint: 'Name a message the schema (or one of its references) declares.',
      context: { message: name },
    });
  }
  return protobufRoot(parsed).lookupType(`.${entry.fullName}`);
}
