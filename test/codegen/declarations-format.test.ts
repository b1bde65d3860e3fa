import { compile } from 'json-schema-to-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { formatDeclarations } from '../../src/codegen/declarations-format.js';

type Schema = Parameters<typeof compile>[0];

/** Schemas exercising what json-schema-to-typescript prints: nesting, unions across lines, enums, tuples, comments. */
const schemas: Record<string, Schema> = {
  nested: {
    title: 'Order',
    description: 'An order.\nWith {braces} and "quotes" in the doc.',
    type: 'object',
    properties: {
      id: { type: 'string', description: 'One line.' },
      'weird key {x}': { type: 'string' },
      lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } }, required: ['sku'], additionalProperties: false } },
      status: { enum: ['NEW', "it's", 'a"b', '{', ')'] },
      nullable: { type: ['string', 'null'] },
    },
    required: ['id'],
    additionalProperties: false,
  },
  unions: {
    type: 'object',
    properties: {
      choice: { oneOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'string' }, { type: 'object', properties: { b: { type: 'array', items: { type: 'object', properties: { c: { type: 'number' } } } } } }] },
      both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'string' } } }] },
      tuple: { type: 'array', items: [{ type: 'string' }, { type: 'object', properties: { z: { type: 'boolean' } } }], minItems: 1 },
      map: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'integer' } } } },
      constant: { const: 'fixed' },
    },
  },
  definitions: {
    $ref: '#/definitions/Root',
    definitions: {
      Root: { type: 'object', properties: { child: { $ref: '#/definitions/Node' }, color: { $ref: '#/definitions/Color' } } },
      Node: { type: 'object', description: 'Recursive.', properties: { next: { $ref: '#/definitions/Node' }, label: { type: 'string', deprecated: true } } },
      Color: { type: 'string', enum: ['red', 'green'], tsEnumNames: ['Red', 'Green'] },
    },
  },
  patterns: {
    type: 'object',
    properties: { known: { type: 'integer' } },
    patternProperties: { '^x-': { type: 'string' } },
    additionalProperties: false,
  },
  scalarRoot: { title: 'Amount', type: ['number', 'string'], description: 'Not an object.' },
};

/**
 * Tokens of a TypeScript text, ignoring formatting: trivia, `;`, `,`, parentheses and the leading `|` prettier
 * puts before multi-line unions; strings by value.
 */
function tokens(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SemicolonToken || kind === ts.SyntaxKind.CommaToken || kind === ts.SyntaxKind.OpenParenToken || kind === ts.SyntaxKind.CloseParenToken) continue;
    if (kind === ts.SyntaxKind.BarToken && (out[out.length - 1] === ':' || out[out.length - 1] === '=')) continue;
    out.push(kind === ts.SyntaxKind.StringLiteral ? JSON.stringify(scanner.getTokenValue()) : scanner.getTokenText());
  }
  return out;
}

function syntaxErrors(text: string): string[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('formatDeclarations', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`formats "${name}" to the same declarations as prettier, in kontract's style`, async () => {
      const options = { bannerComment: '', enableConstEnums: false };
      const raw = await compile(structuredClone(schema), 'Root', { ...options, format: false });
      const pretty = await compile(structuredClone(schema), 'Root', { ...options, format: true });
      const formatted = formatDeclarations(raw);
      expect(syntaxErrors(formatted)).toEqual([]);
      expect(tokens(formatted)).toEqual(tokens(pretty));
      // Style: 2-space indents, no tabs, no trailing spaces.
      for (const line of formatted.split('\n')) {
        expect(line).not.toMatch(/\s$/);
        expect(line).toMatch(/^( {2})*(?! )|^( {2})* \*/);
      }
    });
  }

  it('prints members and aliases with semicolons, unions spaced, no parentheses around whole types', () => {
    const raw = ['/**', ' * Doc', ' */', 'export interface A {', 'a?: ("x" | "y")', 'b: {', 'c: string', '}[]', 't?: [string]|[string, number]', '}', 'export type B = (string | number)', ''].join('\n');
    expect(formatDeclarations(raw)).toBe(
      ['/** Doc */', 'export interface A {', "  a?: 'x' | 'y';", '  b: {', '    c: string;', '  }[];', '  t?: [string] | [string, number];', '}', '', 'export type B = string | number;'].join('\n'),
    );
  });

  it('drops parentheses around a whole member type that spans lines', () => {
    const raw = ['export interface A {', 'u?: ({', 'a: string', '} | string)', 'v?: ({', 'a: string', '} | string)[]', '}'].join('\n');
    expect(formatDeclarations(raw)).toBe(
      ['export interface A {', '  u?: {', '    a: string;', '  } | string;', '  v?: ({', '    a: string;', '  } | string)[];', '}'].join('\n'),
    );
  });

  it('keeps enum members as they are', () => {
    const raw = ['export enum Color {', 'Red = "red",', 'Green = "green"', '}'].join('\n');
    expect(formatDeclarations(raw)).toBe(['export enum Color {', "  Red = 'red',", "  Green = 'green'", '}'].join('\n'));
  });
});
