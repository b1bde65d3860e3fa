/**
 * The `.proto` fast path (src/schema/protobuf/fast-parse.ts) against the reference path (protobufjs's parser and
 * buildProtoFile): on every text it takes, it must build exactly the same file (comments, options, labels,
 * positions, order, absent keys); on every text protobufjs refuses, it must give up so protobufjs reports the error.
 * The texts: every `.proto` file of the repository, every string literal of the tests that looks like `.proto`
 * source, the built-in files, the shared vectors, and the cases below (each aimed at a rule of protobufjs's
 * tokenizer or parser the fast path reproduces).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { builtinProtoFile, BUILTIN_PROTO_IMPORTS } from '../../src/schema/protobuf/builtins.js';
import { fastProtoFile } from '../../src/schema/protobuf/fast-parse.js';
import { parseWithProtobufjs } from '../../src/schema/protobuf/file.js';
import type { ProtoFile, ProtoSyntax } from '../../src/schema/protobuf/model.js';
import { scanProto } from '../../src/schema/protobuf/scan.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectorsFile = path.join(path.resolve(repoRoot, '../shared'), 'vectors', 'protobuf-diff-cases.json');

/** Texts the fast path is meant to take (each also checked against protobufjs like every other text). */
const TAKEN: Array<[string, string]> = [
  [
    'an event schema with comments everywhere',
    `syntax = "proto3";
// The package.
package shop.orders.v1;

import "google/protobuf/timestamp.proto";
import public "other.proto";
import weak "weak.proto";

/* A block comment
 * over lines. */
message OrderPlaced {
  // Leading comment,
  // over two lines.
  string order_id = 1; // trailing comment
  google.protobuf.Timestamp placed_at = 2;
  /** doc */ repeated Line lines = 3;
  map<string, int64> counts = 4; /* trailing block */
  optional string note = 5;
  oneof payment {
    // card
    string card_token = 6;
    string iban = 7; // iban
  }
  Status status = 8;

  enum Status {
    STATUS_UNSPECIFIED = 0; // nothing yet
    // Placed.
    PLACED = 1;
    SHIPPED = 2 [deprecated = true];
  }
  message Line {
    string sku = 1;
    int32 quantity = 2;
    .shop.orders.v1.OrderPlaced.Status status = 3;
  }
}
// A comment at the end without a line break`,
  ],
  ['no syntax statement (proto2) with labels, defaults and required fields', 'package p;\nmessage A {\n  required int32 a = 1;\n  optional string b = 2 [default = "x"];\n  repeated E e = 3 [packed = false];\n  optional E f = 4 [default = ONE];\n  enum E { ZERO = 0; ONE = 1; }\n}\n'],
  ['options at every level', `syntax = "proto3";
option java_package = "com.example";
package p;
option go_package = "example.com/p" "/v1";
option optimize_for = SPEED;
option cc_enable_arenas = true;
message A {
  option deprecated = true;
  string a = 1 [deprecated = true, json_name = "alpha"];
  int32 b = 2 [ packed = true ];
}
`],
  ['options of oneofs, enums and enum values', 'syntax = "proto3";\noption java_multiple_files = true;\nmessage A { oneof o { option deprecated = false; string x = 1; } enum E { option allow_alias = false; Z = 0; A = 1 [deprecated = true, debug_redact = true]; } }\n'],
  ['reserved numbers, ranges and names', 'syntax = "proto3";\nmessage A {\n  reserved 2, 15, 9 to 11, 40 to max;\n  reserved "foo", \'bar\';\n  string a = 1;\n  enum E { reserved 5, 7 to 9; reserved "X"; Z = 0; }\n}\n'],
  ['numbers in hex and octal', 'syntax = "proto3";\nmessage A { string a = 0x10; string b = 017; enum E { Z = 0; M = -1; H = 0x2; } }\n'],
  ['type names split over tokens', 'syntax = "proto3";\npackage a.b;\nmessage T { }\nmessage U { a . b.T one = 1; repeated a. b.T two = 2; a .b.T three = 3; }\n'],
  ['deep nesting', 'syntax = "proto3";\nmessage A { message B { message C { message D { int32 x = 1; } D d = 1; } C c = 1; } B b = 1; }\n'],
  ['CRLF line endings and tabs', 'syntax = "proto3";\r\n// comment\r\nmessage A {\r\n\tstring a = 1; // trailing\r\n\t// leading\r\n\tint32 b = 2;\r\n}\r\n'],
  ['comments between tokens and stacked comment styles', 'syntax = /* here */ "proto3";\nmessage /* there */ A /* and */ {\n  // one\n  /* two */\n  string a = /* three */ 1;\n\n  // detached\n\n  int32 b = 2;\n  int32 c = 3; // c1\n  // c2\n  int32 d = 4;\n}\n'],
  ['escapes in strings', 'syntax = "proto3";\noption java_package = "a\\"b\\\\c\\n\\t\\0\\x";\nmessage A { string a = 1 [json_name = \'it\\\'s\']; }\n'],
  ['unicode in comments and strings', 'syntax = "proto3";\n// Größe ✓\nmessage A { string a = 1 [json_name = "é"]; } // 終わり\n'],
  ['semicolons after blocks and empty statements', 'syntax = "proto3";\nmessage A { string a = 1; };\nenum E { Z = 0; };\n'],
  ['number-like option values', 'syntax = "proto2";\nmessage A {\n  optional double a = 1 [default = -inf];\n  optional double b = 2 [default = 1.5e3];\n  optional float c = 3 [default = nan];\n  optional int32 d = 4 [default = -0x1F];\n  optional bool e = 5 [default = TRUE];\n}\n'],
];

/** Texts protobufjs refuses (or that the fast path must not take): it must give up on each. */
const REFUSED: Array<[string, string]> = [
  ['a missing semicolon', 'syntax = "proto3";\nmessage A { string a = 1 }\n'],
  ['a duplicate field number', 'syntax = "proto3";\nmessage A { string a = 1; string b = 1; }\n'],
  ['a duplicate field name', 'syntax = "proto3";\nmessage A { string a = 1; int32 a = 2; }\n'],
  ['a field named like a nested type', 'syntax = "proto3";\nmessage A { message B {} string B = 1; }\n'],
  ['a proto3 optional field clashing with its synthetic oneof', 'syntax = "proto3";\nmessage A { optional string a = 1; string _a = 2; }\n'],
  ['a duplicate enum value', 'syntax = "proto3";\nenum E { Z = 0; Z = 1; }\n'],
  ['an aliased enum value', 'syntax = "proto3";\nenum E { option allow_alias = true; Z = 0; Y = 0; }\n'],
  ['an unknown map key type', 'syntax = "proto3";\nmessage A { map<double, string> m = 1; }\n'],
  ['required in proto3', 'syntax = "proto3";\nmessage A { required string a = 1; }\n'],
  ['a field without a label in proto2', 'syntax = "proto2";\nmessage A { string a = 1; }\n'],
  ['an unterminated block comment', 'syntax = "proto3";\nmessage A { /* never closed\n string a = 1; }\n'],
  ['a package after a message', 'syntax = "proto3";\nmessage A {}\npackage p;\n'],
  ['two packages', 'syntax = "proto3";\npackage p;\npackage q;\n'],
  ['a negative field number', 'syntax = "proto3";\nmessage A { string a = -1; }\n'],
  ['a service', 'syntax = "proto3";\nmessage A {}\nservice S { rpc Get (A) returns (A); }\n'],
  ['an extend block', 'syntax = "proto2";\nmessage A { extensions 100 to 200; }\nextend A { optional int32 x = 100; }\n'],
  ['a group', 'syntax = "proto2";\nmessage A { optional group G = 1 { optional int32 x = 2; } }\n'],
  ['an aggregate option', 'syntax = "proto3";\nmessage A { string a = 1 [(x) = { y: 1 }]; }\n'],
  ['a custom option', 'syntax = "proto3";\noption (my.opt) = 1;\n'],
  ['a field named __proto__', 'syntax = "proto3";\nmessage A { string __proto__ = 1; }\n'],
  ['an unlabelled field whose type ends with a dot', 'syntax = "proto3";\nmessage T {}\nmessage U { T. x = 1; }\n'],
  ['text after the last brace', 'syntax = "proto3";\nmessage A {} x\n'],
  ['end of input inside a message', 'syntax = "proto3";\nmessage A { string a = 1;'],
  ['an edition', 'edition = "2023";\nmessage A { string a = 1; }\n'],
  ['an unknown syntax', 'syntax = "proto4";\nmessage A { string a = 1; }\n'],
  ['a syntax written as two strings', 'syntax = "pro" "to3";\nmessage A { string a = 1; }\n'],
  ['an extra closing brace', 'syntax = "proto3";\nmessage A { string a = 1; }\n}\n'],
  ['a line break escaped in a string', 'syntax = "proto3";\noption java_package = "a\\\nb";\nmessage A { string a = 1; }\n'],
  ['a word running into a comment', 'syntax = "proto3";\nmessage A { string a = 1;}//x\nmessage B { string//x\n b = 1; }\n'],
  ['a file option without a semicolon before an import', 'syntax = "proto3";\noption java_package = "x"\nimport "y.proto";\nmessage A {}\n'],
];

function walkFiles(dir: string, accept: (file: string) => boolean, into: string[]): void {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === '.git' || entry === 'dist') continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walkFiles(full, accept, into);
    else if (accept(full)) into.push(full);
  }
}

/** String literals of the test files that look like `.proto` source (templates with substitutions excluded). */
function protoLiteralsOfTests(): string[] {
  const files: string[] = [];
  walkFiles(path.join(repoRoot, 'test'), (file) => file.endsWith('.ts'), files);
  const texts: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
    const visit = (node: ts.Node): void => {
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /\b(message|enum)\s+\w+\s*\{/.test(node.text)) texts.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return texts;
}

function corpusTexts(): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  const protoFiles: string[] = [];
  walkFiles(repoRoot, (file) => file.endsWith('.proto'), protoFiles);
  for (const file of protoFiles) texts.push([path.relative(repoRoot, file), readFileSync(file, 'utf8')]);
  protoLiteralsOfTests().forEach((text, index) => texts.push([`test literal ${index}`, text]));
  for (const importPath of BUILTIN_PROTO_IMPORTS) {
    const builtin = builtinProtoFile(importPath);
    if (builtin && 'text' in builtin) texts.push([`built-in ${importPath}`, builtin.text]);
  }
  if (existsSync(vectorsFile)) {
    const cases = JSON.parse(readFileSync(vectorsFile, 'utf8')) as Array<{ original_schema: string; update_schema: string }>;
    cases.forEach((c, index) => texts.push([`vector ${index} original`, c.original_schema], [`vector ${index} update`, c.update_schema]));
  } else {
    console.log(`protobuf fast path: ${vectorsFile} is absent; the shared vectors are not part of this run`);
  }
  return texts;
}

type Outcome = { file: ProtoFile } | { error: unknown };

/**
 * Both paths on one text: the fast one, and the reference one as parseProtoText runs it without the fast path
 * (the scan, which refuses editions, unknown syntaxes and unbalanced text, then protobufjs and buildProtoFile).
 */
function bothPaths(text: string): { reference: Outcome; fast: ProtoFile | undefined } {
  let reference: Outcome;
  try {
    const scan = scanProto(text);
    const declared = scan.syntax?.value ?? 'proto2';
    if (scan.edition || (declared !== 'proto2' && declared !== 'proto3')) throw new Error(`not proto2/proto3: ${declared}`);
    reference = { file: parseWithProtobufjs(text, scan, declared as ProtoSyntax, 'default', { kind: 'main' }) };
  } catch (error) {
    reference = { error };
  }
  return { reference, fast: fastProtoFile(text, 'default', { kind: 'main' }) };
}

describe('the .proto fast path', () => {
  it.each(TAKEN)('builds what protobufjs builds for %s', (_label, text) => {
    const { reference, fast } = bothPaths(text);
    expect(reference).toHaveProperty('file');
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual((reference as { file: ProtoFile }).file);
  });

  it.each(REFUSED)('gives up on %s', (_label, text) => {
    expect(bothPaths(text).fast).toBeUndefined();
  });

  it('builds what protobufjs builds, or gives up, on every .proto text of the repository, its tests, the built-ins and the vectors', () => {
    const texts = corpusTexts();
    let taken = 0;
    let refused = 0;
    for (const [label, text] of texts) {
      const { reference, fast } = bothPaths(text);
      if ('error' in reference) {
        expect(fast, `${label}: protobufjs refuses it, the fast path must give up`).toBeUndefined();
        refused++;
        continue;
      }
      if (fast === undefined) continue;
      taken++;
      expect(fast, label).toStrictEqual(reference.file);
    }
    console.log(`protobuf fast path: ${taken} of ${texts.length} texts built identically to the scan and protobufjs, ${refused} refused by both, the rest left to them`);
    // The corpus is mostly ordinary schemas: the fast path must take most of them, or it is not the fast path.
    expect(taken).toBeGreaterThan(texts.length / 2);
  });
});
