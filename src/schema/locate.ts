import { parseJsonDocument, type Position } from './json-text.js';
import type { SchemaType } from './types.js';

/**
 * Line and column of a finding's location inside a schema text, where it can be known: the deepest existing
 * prefix of a JSON path (`#/properties/x/type`, `/fields/0/type`) for Avro and JSON Schema, the message or field
 * declaration of a proto element path (`#/Order/Line/3`). Pure; `undefined` when nothing matches.
 */
export function locateInSchema(schemaType: SchemaType, text: string, location: string): Position | undefined {
  try {
    return schemaType === 'PROTOBUF' ? locateInProto(text, location) : locateInJson(text, location);
  } catch {
    return undefined; // an unparsable text has no positions; callers report the file without a line
  }
}

function locateInJson(text: string, location: string): Position | undefined {
  const { positions } = parseJsonDocument(text);
  let pointer = location.replace(/^#/, '');
  if (pointer !== '' && !pointer.startsWith('/')) pointer = `/${pointer}`;
  pointer = pointer.replace(/\/$/, '');
  for (;;) {
    const found = positions.get(pointer);
    if (found) return found;
    if (pointer === '') return undefined;
    pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  }
}

function positionOf(text: string, index: number): Position {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function locateInProto(text: string, location: string): Position | undefined {
  const parts = location.replace(/^#\/?/, '').split('/').filter((p) => p.length > 0);
  let from = 0;
  let found: Position | undefined;
  for (const part of parts) {
    const pattern = /^\d+$/.test(part)
      ? new RegExp(`=\\s*${part}\\s*[;\\[]`, 'g')
      : new RegExp(`\\b(?:message|enum|oneof)\\s+${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
    pattern.lastIndex = from;
    const m = pattern.exec(text);
    if (!m) return found;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const indent = /^\s*/.exec(text.slice(lineStart))![0].length;
    found = positionOf(text, /^\d+$/.test(part) ? lineStart + indent : m.index);
    from = m.index + m[0].length;
  }
  return found;
}
