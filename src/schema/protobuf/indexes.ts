/**
 * Confluent's Protobuf wire format names the message a payload was written with by its "message
 * indexes": the path from the file's top-level messages down to the message, each step the index
 * among the messages (not enums) declared at that level, in source order. `[0]` is the first
 * top-level message; `[1, 0]` the first message nested in the second one.
 */
import { KontractError } from '../../errors.js';
import type { ParsedProtobufSchema, ProtoMessage } from './model.js';

/** The message indexes of the message `fullName` (with or without the package, with or without a leading dot). */
export function messageIndexes(parsed: ParsedProtobufSchema, fullName: string): number[] {
  const packageName = parsed.file.package;
  let localName = fullName.startsWith('.') ? fullName.slice(1) : fullName;
  if (packageName && localName.startsWith(`${packageName}.`)) localName = localName.slice(packageName.length + 1);
  const indexes: number[] = [];
  let level: readonly ProtoMessage[] = parsed.file.messages;
  for (const part of localName.split('.')) {
    const index = level.findIndex((m) => m.name === part);
    if (index < 0) {
      throw new KontractError('REFERENCE_UNRESOLVED', `the schema declares no message ${fullName}`, {
        hint: `Use one of: ${allMessageNames(parsed).join(', ') || '(the schema declares no message)'}.`,
        context: { message: fullName },
      });
    }
    indexes.push(index);
    level = level[index].messages;
  }
  return indexes;
}

/**
 * The full name of the message at `indexes` (the inverse of {@link messageIndexes}). An empty list means
 * `[0]`, as on the wire. Throws `PAYLOAD_INVALID` when the indexes point at no message.
 */
export function messageNameAt(parsed: ParsedProtobufSchema, indexes: readonly number[]): string {
  const path = indexes.length === 0 ? [0] : indexes;
  let level: readonly ProtoMessage[] = parsed.file.messages;
  let message: ProtoMessage | undefined;
  for (const index of path) {
    message = Number.isInteger(index) && index >= 0 ? level[index] : undefined;
    if (!message) {
      throw new KontractError('PAYLOAD_INVALID', `message indexes [${path.join(', ')}] point at no message of the schema`, {
        hint: 'The payload was written with a different schema than the one its schema id names, or it is corrupt.',
        context: { messageIndexes: path.join(',') },
      });
    }
    level = message.messages;
  }
  return (message as ProtoMessage).fullName;
}

function allMessageNames(parsed: ParsedProtobufSchema): string[] {
  const names: string[] = [];
  const visit = (m: ProtoMessage): void => {
    names.push(m.fullName);
    m.messages.forEach(visit);
  };
  parsed.file.messages.forEach(visit);
  return names;
}
