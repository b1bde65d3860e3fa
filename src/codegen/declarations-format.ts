/**
 * Formats the declarations json-schema-to-typescript prints with `format: false` in kontract's style:
 * 2-space indentation, semicolons after members and type aliases, single-quoted strings, spaces around `|`,
 * no parentheses around a whole member type, one-line TSDoc where it fits, one blank line between declarations.
 *
 * Why not its prettier pass: prettier costs about three times as much as everything else
 * json-schema-to-typescript does. Its unformatted output is regular — one member per line, comments only as
 * whole-line `/** … *\/` blocks, strings only as JSON string literals — so a single linear pass that tracks
 * brackets (outside strings and comments) formats it.
 */
import { tsString } from './names.js';

type FrameKind = 'members' | 'enum' | 'other';

interface Frame {
  kind: FrameKind;
  /** Indentation level of the line that opened the bracket; its closing line gets the same. */
  indent: number;
  /** For a `(` that starts a whole member or alias type: the output line it is on (it goes if its `)` ends the type). */
  wholeTypeParenLine?: number;
}

type StatementKind = 'interface' | 'enum' | 'type';

/** Format json-schema-to-typescript output produced with `format: false`. */
export function formatDeclarations(text: string): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  let inComment = false;
  let commentStart = 0;
  let statement: StatementKind = 'type';
  let statementEnded = false;

  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const top = stack[stack.length - 1];
    const bodyIndent = top ? top.indent + 1 : 0;

    if (stack.length === 0 && statementEnded && !inComment) {
      // A new top-level declaration (or its comment) starts: separate it from the previous one.
      out.push('');
      statementEnded = false;
    }

    if (inComment || line.startsWith('/*')) {
      if (line.startsWith('/*')) {
        commentStart = out.length;
        inComment = !line.includes('*/', 2);
      } else if (line.includes('*/')) inComment = false;
      out.push('  '.repeat(bodyIndent) + (line.startsWith('*') ? ` ${line}` : line));
      if (!inComment) collapseOneLineComment(out, commentStart);
      continue;
    }

    if (stack.length === 0) statement = statementKindOf(line);
    const atMemberLevel = !top || top.kind === 'members';
    const hasParenthesis = line.includes('(');
    const code = atMemberLevel && hasParenthesis ? stripWholeTypeParentheses(line) : line;
    const closesFirst = code[0] === '}' || code[0] === ')' || code[0] === ']';
    const indent = closesFirst && top ? top.indent : bodyIndent;
    const braceKind: FrameKind = /^export (?:const )?enum /.test(code) ? 'enum' : 'members';
    const typeStart = atMemberLevel && hasParenthesis ? wholeTypeStart(code) : undefined;
    const lineIndex = out.length;
    const dropParens: number[] = [];
    const converted = scanLine(code, (char, index) => {
      if (char === '{') stack.push({ kind: braceKind, indent });
      else if (char === '(' || char === '[') {
        stack.push({ kind: 'other', indent, ...(char === '(' && index === typeStart ? { wholeTypeParenLine: lineIndex } : {}) });
      } else {
        const frame = stack.pop();
        if (frame?.wholeTypeParenLine !== undefined && frame.wholeTypeParenLine !== lineIndex && index === code.length - 1) {
          dropParens.push(frame.wholeTypeParenLine);
        }
      }
    });

    let printed = converted;
    for (const openingLine of dropParens) {
      // The type's `(` opened a line above and its `)` ends this one: drop both.
      out[openingLine] = dropWholeTypeParen(out[openingLine]!);
      printed = printed.slice(0, -1);
    }
    const last = printed[printed.length - 1];
    const opensBlock = last === '{' || last === '(' || last === '[';
    const enclosing = stack[stack.length - 1];
    let semicolon = false;
    if (!opensBlock && last !== ',' && last !== '|' && last !== '&') {
      semicolon = enclosing ? enclosing.kind === 'members' : statement === 'type';
    }
    out.push('  '.repeat(indent) + printed + (semicolon ? ';' : ''));
    if (stack.length === 0) statementEnded = true;
  }
  return out.join('\n');
}

function statementKindOf(line: string): StatementKind {
  if (/^export interface /.test(line)) return 'interface';
  if (/^export (?:const )?enum /.test(line)) return 'enum';
  return 'type';
}

/** `/**`, ` * text`, ` *​/` → `/** text *​/` when the comment has a single line of text. */
function collapseOneLineComment(out: string[], start: number): void {
  if (out.length - start !== 3) return;
  const opening = out[start]!;
  const body = out[start + 1]!.trim();
  if (opening.trim() !== '/**' || !body.startsWith('* ') || out[start + 2]!.trim() !== '*/') return;
  const indent = opening.slice(0, opening.length - opening.trimStart().length);
  out.splice(start, 3, `${indent}/** ${body.slice(2)} */`);
}

/**
 * Walk one line of code: report every bracket outside string literals to `onBracket` (with its index in
 * `line`), and return the line with double-quoted (JSON) strings single-quoted and `|`, `&` spaced.
 */
function scanLine(line: string, onBracket: (char: string, index: number) => void): string {
  // Most lines (`name?: string`) hold nothing to rewrite or track.
  if (!/["'{}()[\]|&]/.test(line)) return line;
  let out = '';
  let i = 0;
  while (i < line.length) {
    const char = line[i]!;
    if (char === '"' || char === "'") {
      const end = stringEnd(line, i);
      const literal = line.slice(i, end);
      out += char === '"' ? tsString(JSON.parse(literal) as string) : literal;
      i = end;
      continue;
    }
    if ('{}()[]'.includes(char)) onBracket(char, i);
    if ((char === '|' || char === '&') && out.length > 0) {
      out = out.trimEnd() + ` ${char} `;
      i++;
      while (line[i] === ' ') i++;
      continue;
    }
    out += char;
    i++;
  }
  return out.trimEnd();
}

/** Index just after the string literal starting at `start` (quote at `start`). */
function stringEnd(line: string, start: number): number {
  const quote = line[start];
  let i = start + 1;
  while (i < line.length) {
    if (line[i] === '\\') i += 2;
    else if (line[i] === quote) return i + 1;
    else i++;
  }
  return line.length;
}

/**
 * `key?: (A | B)` → `key?: A | B` and `export type X = (A | B)` → `export type X = A | B`, when the
 * parentheses enclose the whole type (they never change its meaning there).
 */
function stripWholeTypeParentheses(line: string): string {
  const typeStart = wholeTypeStart(line);
  if (typeStart === undefined || line[typeStart] !== '(' || !line.endsWith(')')) return line;
  let depth = 0;
  let i = typeStart;
  while (i < line.length) {
    const char = line[i]!;
    if (char === '"' || char === "'") {
      i = stringEnd(line, i);
      continue;
    }
    if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      depth--;
      if (depth === 0) return i === line.length - 1 ? line.slice(0, typeStart) + line.slice(typeStart + 1, -1) : line;
    }
    i++;
  }
  return line;
}

/** Drop the `(` that starts the type on an already printed line (`  key?: ({` → `  key?: {`). */
function dropWholeTypeParen(printed: string): string {
  const indent = printed.slice(0, printed.length - printed.trimStart().length);
  const code = printed.trimStart();
  const start = wholeTypeStart(code);
  if (start === undefined || code[start] !== '(') return printed;
  return indent + code.slice(0, start) + code.slice(start + 1);
}

/** Where the type starts in a member line (`key: T`) or a type alias (`export type X = T`). */
function wholeTypeStart(line: string): number | undefined {
  const alias = /^export type [A-Za-z_$][\w$]* = /.exec(line);
  if (alias) return alias[0].length;
  if (/^export /.test(line)) return undefined;
  let depth = 0;
  let i = 0;
  while (i < line.length) {
    const char = line[i]!;
    if (char === '"' || char === "'") {
      i = stringEnd(line, i);
      continue;
    }
    if (char === '[' || char === '(' || char === '{') depth++;
    else if (char === ']' || char === ')' || char === '}') depth--;
    else if (depth === 0 && char === ':' && line[i + 1] === ' ') return i + 2;
    i++;
  }
  return undefined;
}
