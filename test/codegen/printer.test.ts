import { describe, expect, it } from 'vitest';
import { TsFile, tsDocLines } from '../../src/codegen/printer.js';

describe('TsFile', () => {
  it('sorts imports (packages first), merges names per module and aliases names the file declares', () => {
    const file = new TsFile('a/v1.ts', '// header');
    file.declare('Money', 'schema');
    expect(file.importType('Money', '../b/v1.js')).toBe('Money2');
    expect(file.importType('Card', '../b/v1.js')).toBe('Card');
    expect(file.importValue('schema', '../b/v1.js', 'bV1Schema')).toBe('bV1Schema');
    expect(file.importType('SchemaVersionInfo', 'kontract/runtime')).toBe('SchemaVersionInfo');
    expect(file.importType('Card', '../b/v1.js')).toBe('Card');
    expect(file.importNamespace('./v2.js', 'v2')).toBe('v2');
    file.line('export type X = Money2;');
    expect(file.toGeneratedFile()).toEqual({
      path: 'a/v1.ts',
      content: [
        '// header',
        '',
        "import type { SchemaVersionInfo } from 'kontract/runtime';",
        "import { type Card, type Money as Money2, schema as bV1Schema } from '../b/v1.js';",
        "import * as v2 from './v2.js';",
        '',
        'export type X = Money2;',
        '',
      ].join('\n'),
    });
  });

  it('a name imported as a type and later as a value is imported once, as a value', () => {
    const file = new TsFile('x.ts', '// h');
    file.importType('defineTopic', 'kontract/runtime');
    file.importValue('defineTopic', 'kontract/runtime');
    expect(file.toGeneratedFile().content).toBe("// h\n\nimport { defineTopic } from 'kontract/runtime';\n");
  });

  it('indents blocks, collapses blank lines and ends with one newline', () => {
    const file = new TsFile('x.ts', '// h');
    file.line();
    file.block('export interface A {', '}', () => {
      file.doc('One line.');
      file.line('a: string;');
      file.doc('First paragraph', undefined, 'Second\nparagraph */ closed?');
      file.line('b: number;');
    });
    file.line();
    file.line();
    file.line('export type B = A;');
    file.line();
    expect(file.toGeneratedFile().content).toBe(
      [
        '// h',
        '',
        'export interface A {',
        '  /** One line. */',
        '  a: string;',
        '  /**',
        '   * First paragraph',
        '   *',
        '   * Second',
        '   * paragraph *\\/ closed?',
        '   */',
        '  b: number;',
        '}',
        '',
        'export type B = A;',
        '',
      ].join('\n'),
    );
  });

  it('declareUnique picks the next free name', () => {
    const file = new TsFile('x.ts', '// h');
    file.declare('AInput');
    expect(file.declareUnique('AInput')).toBe('AInput2');
    expect(file.isBound('AInput2')).toBe(true);
  });
});

describe('tsDocLines', () => {
  it('drops empty paragraphs and trims blank edges and trailing spaces', () => {
    expect(tsDocLines(['\n  \nText  \n\n', '', undefined, 'More'])).toEqual(['Text', '', 'More']);
    expect(tsDocLines(['a\r\nb'])).toEqual(['a', 'b']);
  });
});
