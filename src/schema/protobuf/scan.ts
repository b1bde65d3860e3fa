/**
 * A light scan of `.proto` text that keeps what protobufjs's parser does not: line/column of
 * declarations (for error locations), the declared syntax, import modifiers, and which option values
 * were written as bare identifiers (enum constants) rather than strings. The grammar itself is
 * checked by protobufjs; this scan only finds tokens and tracks braces, so it stays forgiving.
 */
import { KontractError } from '../../errors.js';
import type { ProtoImport, ProtoPosition } from './model.js';

export interface ProtoToken {
  text: string;
  kind: 'word' | 'string' | 'punct';
  line: number;
  column: number;
}

/** What the scan learned about one file. Keys use the message path relative to the package (`Outer.Inner`). */
export interface ProtoScan {
  tokens: readonly ProtoToken[];
  syntax?: { value: string; position: ProtoPosition };
  /** Position of an `edition = "…"` declaration (editions are not supported). */
  edition?: ProtoPosition;
  imports: ProtoImport[];
  /** `Outer.Inner` → positions of `message Inner` / `enum Inner` declarations (several when duplicated). */
  types: Map<string, ProtoPosition[]>;
  /** `Outer.Inner#3` → positions of the names of fields numbered 3 in that message. */
  fieldsByNumber: Map<string, ProtoPosition[]>;
  /** `Outer.Inner#name` → positions of fields (and oneofs) with that name. */
  fieldsByName: Map<string, ProtoPosition[]>;
  /** `Outer.Status#NAME` → positions of enum constants with that name. */
  enumValues: Map<string, ProtoPosition[]>;
  /** `Outer.Status#1` → positions of enum constants with that number. */
  enumNumbers: Map<string, ProtoPosition[]>;
  /** Identifier tokens written as option values (`= SPEED`, `: FOO`). */
  bareOptionValues: Set<string>;
  /** Strings written as option values. */
  quotedOptionValues: Set<string>;
}

const identifierRe = /^[A-Za-z_][A-Za-z0-9_]*$/;
const notIdentifierValues = new Set(['true', 'false', 'TRUE', 'FALSE', 'inf', 'INF', 'Inf', 'nan', 'NAN', 'Nan', 'NaN', 'max', 'MAX', 'Max']);

function syntaxError(message: string, line: number, column: number, hint?: string): KontractError {
  return new KontractError('SCHEMA_SYNTAX', message, { location: { line, column }, hint });
}

const WHITESPACE_RE = /\s/;

/** `/\s/.test(text[index])`, without a regex for ASCII characters (every character of a usual text). */
function isWhitespaceAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return WHITESPACE_RE.test(text[index] as string);
}

/** Whether the character at `index` is one of `{ } = ; : [ ] , ( ) < >`. */
function isDelimiterAt(text: string, index: number): boolean {
  switch (text.charCodeAt(index)) {
    case 0x7b: // {
    case 0x7d: // }
    case 0x3d: // =
    case 0x3b: // ;
    case 0x3a: // :
    case 0x5b: // [
    case 0x5d: // ]
    case 0x2c: // ,
    case 0x28: // (
    case 0x29: // )
    case 0x3c: // <
    case 0x3e: // >
      return true;
    default:
      return false;
  }
}

/** Split `.proto` text into tokens with positions; comments are skipped. */
export function tokenizeProto(text: string): ProtoToken[] {
  const tokens: ProtoToken[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const length = text.length;
  while (offset < length) {
    const ch = text[offset];
    if (ch === '\n') {
      line++;
      offset++;
      lineStart = offset;
      continue;
    }
    if (isWhitespaceAt(text, offset)) {
      offset++;
      continue;
    }
    const column = offset - lineStart + 1;
    if (ch === '/' && text[offset + 1] === '/') {
      while (offset < length && text[offset] !== '\n') offset++;
      continue;
    }
    if (ch === '/' && text[offset + 1] === '*') {
      const end = text.indexOf('*/', offset + 2);
      if (end < 0) throw syntaxError('unterminated /* comment', line, column, 'Close the comment with */.');
      for (let i = offset; i < end; i++) {
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      offset = end + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let i = offset + 1;
      const startLine = line;
      while (i < length && text[i] !== ch) {
        // An escape keeps both characters in the token text (the escaped one is not a closing quote).
        if (text[i] === '\\' && i + 1 < length) {
          i += 2;
          continue;
        }
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      if (i >= length) throw syntaxError('unterminated string', startLine, column, `Close the string with ${ch}.`);
      tokens.push({ text: text.slice(offset + 1, i), kind: 'string', line: startLine, column });
      offset = i + 1;
      continue;
    }
    if (isDelimiterAt(text, offset)) {
      tokens.push({ text: ch, kind: 'punct', line, column });
      offset++;
      continue;
    }
    let end = offset;
    while (end < length && !isWhitespaceAt(text, end) && !isDelimiterAt(text, end) && text[end] !== '"' && text[end] !== "'") {
      if (text[end] === '/' && (text[end + 1] === '/' || text[end + 1] === '*')) break;
      end++;
    }
    tokens.push({ text: text.slice(offset, end), kind: 'word', line, column });
    offset = end;
  }
  return tokens;
}

interface Scope {
  kind: 'message' | 'enum' | 'oneof' | 'block';
  /** Message (or enum) path this scope belongs to, joined with `.` (the scan's keys use it for every member). */
  key: string;
  open: ProtoToken;
}

/** `[...path, name].join('.')` for a path already joined as `key`. */
function childKey(key: string, name: string): string {
  return key === '' ? name : `${key}.${name}`;
}

function push(map: Map<string, ProtoPosition[]>, key: string, token: ProtoToken): void {
  const position = { line: token.line, column: token.column };
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

/** How option values were written: the spellings `isIdentifierValue` (build.ts) tells enum constants from strings by. */
export type OptionValueSpellings = Pick<ProtoScan, 'bareOptionValues' | 'quotedOptionValues'>;

/** Record the token right after a `=` or `:`: a string (as written, escapes undone) or a bare identifier. */
export function noteValueSpelling(spellings: OptionValueSpellings, kind: ProtoToken['kind'], text: string): void {
  if (kind === 'string') spellings.quotedOptionValues.add(unescapeProtoString(text));
  else if (kind === 'word' && identifierRe.test(text) && !notIdentifierValues.has(text)) spellings.bareOptionValues.add(text);
}

/** Scan a `.proto` text. Throws `SCHEMA_SYNTAX` for unterminated strings/comments and unbalanced braces. */
export function scanProto(text: string): ProtoScan {
  const tokens = tokenizeProto(text);
  const scan: ProtoScan = {
    tokens,
    imports: [],
    types: new Map(),
    fieldsByNumber: new Map(),
    fieldsByName: new Map(),
    enumValues: new Map(),
    enumNumbers: new Map(),
    bareOptionValues: new Set(),
    quotedOptionValues: new Set(),
  };
  const stack: Scope[] = [];
  let pending: Omit<Scope, 'open'> | undefined;
  const fileScope: Omit<Scope, 'open'> = { kind: 'block', key: '' };
  let bracketDepth = 0;
  const at = (i: number): ProtoToken | undefined => tokens[i];
  const isStatementStart = (i: number): boolean => {
    const previous = at(i - 1);
    return previous === undefined || (previous.kind === 'punct' && (previous.text === ';' || previous.text === '{' || previous.text === '}'));
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const scope = stack[stack.length - 1];
    const messageKey = scope ? scope.key : fileScope.key;
    if (token.kind === 'punct') {
      if (token.text === '{') {
        const opened = pending ?? { kind: 'block', key: messageKey };
        stack.push({ kind: opened.kind, key: opened.key, open: token });
        pending = undefined;
      } else if (token.text === '}') {
        if (stack.length === 0) throw syntaxError("unexpected '}'", token.line, token.column, 'Remove the extra closing brace.');
        stack.pop();
      } else if (token.text === '[') bracketDepth++;
      else if (token.text === ']') bracketDepth = Math.max(0, bracketDepth - 1);
      else if (token.text === ';') pending = undefined;
      continue;
    }
    const previous = at(i - 1);
    if (previous?.kind === 'punct' && (previous.text === '=' || previous.text === ':')) noteValueSpelling(scan, token.kind, token.text);
    if (token.kind !== 'word' || bracketDepth > 0) continue;
    const next = at(i + 1);
    const afterNext = at(i + 2);

    if (isStatementStart(i) && (token.text === 'message' || token.text === 'enum' || token.text === 'oneof') && next?.kind === 'word') {
      if (token.text === 'oneof') {
        push(scan.fieldsByName, `${messageKey}#${next.text}`, next);
        pending = { kind: 'oneof', key: messageKey };
      } else {
        const key = childKey(messageKey, next.text);
        push(scan.types, key, next);
        pending = { kind: token.text === 'message' ? 'message' : 'enum', key };
      }
      i++;
      continue;
    }
    if (!scope) {
      if (isStatementStart(i)) readFileStatement(scan, tokens, i);
      continue;
    }
    if (scope.kind === 'message' || scope.kind === 'oneof') {
      if (token.text === 'group' && next?.kind === 'word' && afterNext?.text === '=' && at(i + 3)?.kind === 'word') {
        const key = childKey(messageKey, next.text);
        push(scan.types, key, next);
        push(scan.fieldsByNumber, `${messageKey}#${String(parseFieldNumber(at(i + 3)?.text ?? ''))}`, next);
        push(scan.fieldsByName, `${messageKey}#${next.text.toLowerCase()}`, next);
        pending = { kind: 'message', key };
        i += 3;
        continue;
      }
      const isFieldName =
        identifierRe.test(token.text) &&
        next?.text === '=' &&
        afterNext?.kind === 'word' &&
        previous !== undefined &&
        (previous.kind === 'word' ? previous.text !== 'option' : previous.text === '>');
      if (isFieldName) {
        push(scan.fieldsByNumber, `${messageKey}#${String(parseFieldNumber(afterNext.text))}`, token);
        push(scan.fieldsByName, `${messageKey}#${token.text}`, token);
      }
      continue;
    }
    if (scope.kind === 'enum' && identifierRe.test(token.text) && next?.text === '=' && isStatementStart(i) && token.text !== 'option') {
      push(scan.enumValues, `${messageKey}#${token.text}`, token);
      if (afterNext?.kind === 'word') push(scan.enumNumbers, `${messageKey}#${String(parseEnumNumber(afterNext.text))}`, token);
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1].open;
    const last = tokens[tokens.length - 1];
    throw syntaxError(
      `unexpected end of input: the '{' at line ${open.line}:${open.column} is never closed`,
      last.line,
      last.column + last.text.length,
      "Add the missing '}'.",
    );
  }
  return scan;
}

function readFileStatement(scan: ProtoScan, tokens: readonly ProtoToken[], i: number): void {
  const token = tokens[i];
  const position = (t: ProtoToken): ProtoPosition => ({ line: t.line, column: t.column });
  if (token.text === 'syntax' && tokens[i + 1]?.text === '=' && tokens[i + 2]?.kind === 'string') {
    scan.syntax = { value: tokens[i + 2].text, position: position(tokens[i + 2]) };
  } else if (token.text === 'edition') {
    scan.edition = position(token);
  } else if (token.text === 'import') {
    let j = i + 1;
    let modifier: 'public' | 'weak' | undefined;
    if (tokens[j]?.kind === 'word' && (tokens[j].text === 'public' || tokens[j].text === 'weak')) {
      modifier = tokens[j].text as 'public' | 'weak';
      j++;
    }
    const pathToken = tokens[j];
    if (pathToken?.kind === 'string') {
      scan.imports.push({ path: unescapeProtoString(pathToken.text), ...(modifier ? { modifier } : {}), position: position(pathToken) });
    }
  }
}

function parseFieldNumber(text: string): number {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text, 16);
  if (/^0[0-7]+$/.test(text)) return parseInt(text, 8);
  if (text === 'max' || text === 'MAX' || text === 'Max') return 536870911;
  return parseInt(text, 10);
}

function parseEnumNumber(text: string): number {
  return text.startsWith('-') ? -parseFieldNumber(text.slice(1)) : parseFieldNumber(text);
}

/** Undo the escapes protobufjs undoes (`\n`, `\t`, `\r`, `\0`, `\\`, `\"`, `\'`). */
export function unescapeProtoString(raw: string): string {
  return raw.replace(/\\(.?)/g, (_match, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '0':
        return '\0';
      default:
        return ch;
    }
  });
}

/** The column of `token` on 1-based `line` of `text` (the first whole-token occurrence), if present. */
export function columnOfToken(text: string, line: number, token: string): number | undefined {
  const lineText = text.split('\n')[line - 1];
  if (lineText === undefined || token === '') return undefined;
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wordLike = /^[A-Za-z0-9_]/.test(token);
  const match = new RegExp(wordLike ? `(^|[^A-Za-z0-9_.])(${escaped})(?![A-Za-z0-9_])` : `()(${escaped})`).exec(lineText);
  if (!match) return undefined;
  return match.index + match[1].length + 1;
}
