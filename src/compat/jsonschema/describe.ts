import type { JsonSchemaNode } from '../../schema/jsonschema.js';

/** A short name of what a node accepts, for messages: `string`, `integer`, `enum`, `anyOf`, `{}`, … */
export function describeNode(node: JsonSchemaNode): string {
  switch (node.kind) {
    case 'number':
      return node.requiresInteger ? 'integer' : 'number';
    case 'combined':
      return node.criterion;
    case 'reference':
      return `$ref ${node.ref}`;
    case 'conditional':
      return 'if/then/else';
    case 'empty':
      return '{}';
    default:
      return node.kind;
  }
}

/** A JSON value, compact, for messages. */
export function showValue(value: unknown): string {
  return abbreviate(JSON.stringify(value));
}

/** At most 60 characters of a text, for messages. */
export function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
