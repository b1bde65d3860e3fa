/**
 * A fast path for the `.proto` texts schemas usually are — `syntax`, `package`, `import`, messages with scalar,
 * message, enum, `map<…>` and `oneof` fields, nested types, enums, `reserved`, comments and simple options — that
 * yields exactly the {@link ProtoFile} `protobufjs.parse` followed by `buildProtoFile` yields, in a fraction of the
 * time (protobufjs builds a reflection tree and tokenizes with a regex per character; parsing was most of the
 * cost of a compatibility check).
 *
 * It ports protobufjs 7.6.6's tokenizer (alternate comment mode, line counting and comment attachment included,
 * quirks too) and the parts of its parser for those constructs, calling them in protobufjs's order so comments
 * attach to the same declarations. Whenever the text uses anything else (services, `extend`, extensions, groups,
 * editions, custom or aggregate options, …) or is not what protobufjs accepts (a syntax error, a duplicate name
 * or number, a number its `reserved` already claims, …), it gives up and returns `undefined`: the caller then
 * parses with protobufjs, which also produces every error message. `test/schema/protobuf-fast-parse.test.ts`
 * checks both paths give identical files on every `.proto` text of the repository's tests and vectors.
 */
import { optionValue, type OptionOwner } from './build.js';
import { isProtoScalar } from './model.js';
import type {
  ProtoEnum,
  ProtoEnumValue,
  ProtoField,
  ProtoFieldType,
  ProtoFile,
  ProtoImport,
  ProtoLabel,
  ProtoMessage,
  ProtoOneof,
  ProtoOption,
  ProtoOrigin,
  ProtoPosition,
  ProtoRange,
  ProtoScalar,
  ProtoSyntax,
  ProtoValueType,
} from './model.js';
import { noteValueSpelling, unescapeProtoString, type OptionValueSpellings } from './scan.js';

/** Thrown where protobufjs would fail or where the fast path does not go; the caller falls back to protobufjs. */
class GiveUp extends Error {}

function giveUp(): never {
  throw new GiveUp();
}

// protobufjs's patterns (src/parse.js, src/util/patterns.js, src/tokenize.js).
const nameRe = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const typeRefRe = /^(?:\.?[a-zA-Z_][a-zA-Z_0-9]*)(?:\.[a-zA-Z_][a-zA-Z_0-9]*)*$/;
const base10Re = /^[1-9][0-9]*$/;
const base10NegRe = /^-?[1-9][0-9]*$/;
const base16Re = /^0[x][0-9a-fA-F]+$/;
const base16NegRe = /^-?0[x][0-9a-fA-F]+$/;
const base8Re = /^0[0-7]+$/;
const base8NegRe = /^-?0[0-7]+$/;
const numberRe = /^(?![eE])[0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/;
const stringDoubleRe = /(?:"([^"\\]*(?:\\.[^"\\]*)*)")/g;
const stringSingleRe = /(?:'([^'\\]*(?:\\.[^'\\]*)*)')/g;
const setCommentAltRe = /^\s*\*?\/*/;
const doubleSlashLineRe = /^\s*\/\//;
const whitespaceRe = /\s/;
const unescapeRe = /\\(.?)/g;
const MAP_KEY_TYPES: ReadonlySet<string> = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'bool', 'string']);
const NESTING_LIMIT = 32;
const MAX_FIELD_ID = 536870911;

/** protobufjs's `tokenize.unescape` (unknown escapes become nothing). */
function unescapeLikeProtobufjs(text: string): string {
  return text.replace(unescapeRe, (_match, ch: string) => {
    switch (ch) {
      case '\\':
      case '':
        return ch;
      case '0':
        return '\0';
      case 'r':
        return '\r';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      default:
        return '';
    }
  });
}

/** ASCII characters by class: the tokenizer tests every character of a text, and a table lookup beats a switch. */
const ASCII_WHITESPACE = 1;
const ASCII_DELIMITER = 2;
const asciiClasses = new Uint8Array(0x80);
for (const code of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) asciiClasses[code] = ASCII_WHITESPACE | ASCII_DELIMITER;
for (const delimiter of '{}=;:[],\'"()<>') asciiClasses[delimiter.charCodeAt(0)] = ASCII_DELIMITER;

/** `/\s/.test(source.charAt(index))`, without the regex for ASCII. */
function isWhitespaceAt(source: string, index: number): boolean {
  const code = source.charCodeAt(index);
  if (code !== code) return false; // past the end: charAt gives ''
  if (code < 0x80) return ((asciiClasses[code] as number) & ASCII_WHITESPACE) !== 0;
  return whitespaceRe.test(source.charAt(index));
}

/** protobufjs's `delimRe`: whitespace or one of `{ } = ; : [ ] , ' " ( ) < >`. */
function isDelimiterAt(source: string, index: number): boolean {
  const code = source.charCodeAt(index);
  if (code < 0x80) return ((asciiClasses[code] as number) & ASCII_DELIMITER) !== 0;
  return isWhitespaceAt(source, index); // past the end (NaN) or beyond ASCII
}

interface Comment {
  type: string;
  lineEmpty: boolean;
  leading: boolean;
  text: string;
}

interface StackedToken {
  text: string;
  start: number;
}

/**
 * protobufjs's `tokenize(source, alternateCommentMode = true)`, step for step, plus where each token starts in
 * the text (for declaration positions). Gives up on the two spots where protobufjs's tokens and the position
 * scan's (scan.ts) could disagree: a string its regex does not match at the quote (a line break escaped with a
 * backslash), and a word running into `//` or `/*` without a space.
 */
class Tokenizer {
  private offset = 0;
  private readonly length: number;
  line = 1;
  private lastCommentLine = 0;
  private readonly comments = new Map<number, Comment>();
  private readonly stack: StackedToken[] = [];
  private stringDelim: string | null = null;
  /** Where the token `next` returned last starts (for a string's content: its opening quote). */
  lastStart = 0;
  /** The content of the string read last, as written (escapes not undone). */
  lastRawString = '';

  constructor(private readonly source: string) {
    this.length = source.length;
  }

  private readString(): string {
    const re = this.stringDelim === "'" ? stringSingleRe : stringDoubleRe;
    const quote = this.offset - 1;
    re.lastIndex = quote;
    const match = re.exec(this.source);
    if (!match || match.index !== quote) giveUp();
    this.offset = re.lastIndex;
    this.push(this.stringDelim as string, this.offset - 1);
    this.stringDelim = null;
    this.lastStart = quote;
    this.lastRawString = match[1] as string;
    return unescapeLikeProtobufjs(this.lastRawString);
  }

  private setComment(start: number, end: number, isLeading: boolean): void {
    const source = this.source;
    const type = source.charAt(start++);
    let lineEmpty = false;
    let commentOffset = start - 2;
    let c: string;
    do {
      if (--commentOffset < 0 || (c = source.charAt(commentOffset)) === '\n') {
        lineEmpty = true;
        break;
      }
    } while (c === ' ' || c === '\t');
    const lines = source.substring(start, end).split('\n');
    for (let i = 0; i < lines.length; ++i) lines[i] = (lines[i] as string).replace(setCommentAltRe, '').trim();
    this.comments.set(this.line, { type, lineEmpty, leading: isLeading, text: lines.join('\n').trim() });
    this.lastCommentLine = this.line;
  }

  private findEndOfLine(cursor: number): number {
    let end = cursor;
    while (end < this.length && this.source.charCodeAt(end) !== 0x0a) end++;
    return end;
  }

  private isDoubleSlashCommentLine(startOffset: number): boolean {
    return doubleSlashLineRe.test(this.source.substring(startOffset, this.findEndOfLine(startOffset)));
  }

  next(): string | null {
    const stacked = this.stack.shift();
    if (stacked !== undefined) {
      this.lastStart = stacked.start;
      return stacked.text;
    }
    if (this.stringDelim !== null) return this.readString();
    const source = this.source;
    const length = this.length;
    let repeat: boolean;
    let isLeadingComment = this.offset === 0;
    do {
      if (this.offset === length) return null;
      repeat = false;
      while (isWhitespaceAt(source, this.offset)) {
        if (source.charCodeAt(this.offset) === 0x0a) {
          isLeadingComment = true;
          ++this.line;
        }
        if (++this.offset === length) return null;
      }
      if (source.charCodeAt(this.offset) === 0x2f) {
        if (++this.offset === length) giveUp();
        if (source.charCodeAt(this.offset) === 0x2f) {
          // Line comment: consecutive `//` lines after a line break make one comment (but count as one line).
          const start = this.offset;
          let isDoc = false;
          if (this.isDoubleSlashCommentLine(this.offset - 1)) {
            isDoc = true;
            do {
              this.offset = this.findEndOfLine(this.offset);
              if (this.offset === length) break;
              this.offset++;
              if (!isLeadingComment) break;
            } while (this.isDoubleSlashCommentLine(this.offset));
          } else {
            this.offset = Math.min(length, this.findEndOfLine(this.offset) + 1);
          }
          if (isDoc) {
            this.setComment(start, this.offset, isLeadingComment);
            isLeadingComment = true;
          }
          this.line++;
          repeat = true;
        } else if (source.charAt(this.offset) === '*') {
          const start = this.offset + 1;
          let curr = '*';
          let prev: string;
          do {
            if (curr === '\n') ++this.line;
            if (++this.offset === length) giveUp();
            prev = curr;
            curr = source.charAt(this.offset);
          } while (prev !== '*' || curr !== '/');
          ++this.offset;
          this.setComment(start, this.offset - 2, isLeadingComment);
          isLeadingComment = true;
          repeat = true;
        } else {
          return '/';
        }
      }
    } while (repeat);
    let end = this.offset;
    const delimiter = isDelimiterAt(source, end++);
    if (!delimiter) {
      // A word: looked at once, for where it ends and for a `/` in it (see the class comment).
      let hasSlash = source.charCodeAt(end - 1) === 0x2f;
      for (; end < length && !isDelimiterAt(source, end); ++end) if (source.charCodeAt(end) === 0x2f) hasSlash = true;
      if (hasSlash) giveUp();
    }
    const token = source.substring(this.offset, end);
    this.lastStart = this.offset;
    this.offset = end;
    if (token === '"' || token === "'") this.stringDelim = token;
    return token;
  }

  /** Put a token back; by default the one `next` returned last, where it was. */
  push(token: string, start = this.lastStart): void {
    this.stack.push({ text: token, start });
  }

  peek(): string | null {
    if (this.stack.length === 0) {
      const token = this.next();
      if (token === null) return null;
      this.push(token);
    }
    return (this.stack[0] as StackedToken).text;
  }

  /** A token that must be there (protobufjs fails on end of input in every place the fast path uses this). */
  nextToken(): string {
    return this.next() ?? giveUp();
  }

  skip(expected: string, optional = false): boolean {
    if (this.peek() === expected) {
      this.next();
      return true;
    }
    if (!optional) giveUp();
    return false;
  }

  cmnt(trailingLine?: number): string | null {
    if (trailingLine === undefined) {
      const comment = this.comments.get(this.line - 1);
      this.comments.delete(this.line - 1);
      return comment && comment.leading ? comment.text : null;
    }
    if (this.lastCommentLine < trailingLine) this.peek();
    const comment = this.comments.get(trailingLine);
    this.comments.delete(trailingLine);
    return comment && !comment.lineEmpty && !comment.leading ? comment.text : null;
  }
}

// ------------------------------------------------------------------------------------------------ parsed shapes

/** What protobufjs's reflection objects hold that `buildProtoFile` reads, for the supported constructs. */
interface Commented {
  comment: string | null | undefined;
}

interface OptionHolder {
  /** `setParsedOption` entries, in order (`undefined` until the first one, as protobufjs's `parsedOptions`). */
  parsedOptions?: Array<[string, unknown]>;
}

interface ParsedField extends Commented, OptionHolder {
  kind: 'field';
  name: string;
  nameStart: number;
  id: number;
  type: string;
  /** `map<keyType, type>` fields. */
  keyType?: string;
  rule?: 'repeated' | 'required' | undefined;
  proto3Optional: boolean;
  partOf?: ParsedOneof;
}

interface ParsedOneof extends Commented, OptionHolder {
  kind: 'oneof';
  name: string;
  nameStart: number;
  fields: ParsedField[];
}

interface ParsedType extends Commented, OptionHolder {
  kind: 'message';
  name: string;
  nameStart: number;
  /** In the order protobufjs adds them (declaration order, a oneof's fields when the oneof closes). */
  fields: ParsedField[];
  oneofs: ParsedOneof[];
  nested: Array<ParsedType | ParsedEnum>;
  reserved?: Array<[number, number] | string>;
  /** Names of fields, oneofs and nested types, which protobufjs keeps unique. */
  names: Set<string>;
  ids: Set<number>;
}

interface ParsedEnum extends Commented, OptionHolder {
  kind: 'enum';
  name: string;
  nameStart: number;
  values: Map<string, number>;
  valueStarts: Map<string, number>;
  valueComments: Map<string, string | null>;
  valueOptions: Map<string, Map<string, unknown>>;
  reserved?: Array<[number, number] | string>;
  ids: Set<number>;
}

/** The dummy objects protobufjs gives enum values and `reserved` statements: a comment and flat options. */
interface Dummy extends Commented {
  options?: Map<string, unknown>;
  /** Whether `setParsedOption` records anything (protobufjs's enum-value dummy has a no-op one). */
  kind: 'enumValue' | 'ranges';
}

type OptionTarget = ParsedType | ParsedEnum | ParsedField | ParsedOneof | Dummy | FileScope;

interface FileScope extends OptionHolder {
  kind: 'file';
}

interface DeclaredImport {
  path: string;
  modifier?: 'public' | 'weak';
  /** Where its string's opening quote is. */
  quoteAt: number;
}

/** Line and column of text offsets as scan.ts counts them: every line break starts a line; columns count UTF-16 units. */
class TextPositions {
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  at(offset: number): ProtoPosition {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function isReservedId(reserved: ParsedType['reserved'], id: number): boolean {
  return reserved !== undefined && reserved.some((entry) => typeof entry !== 'string' && id >= entry[0] && id <= entry[1]);
}

function isReservedName(reserved: ParsedType['reserved'], name: string): boolean {
  return reserved !== undefined && reserved.includes(name);
}

// ------------------------------------------------------------------------------------------------ parser

class FastParser {
  private readonly tn: Tokenizer;
  private edition = 'proto2';
  private head = true;
  private packageName: string | undefined;
  private readonly rootScope: FileScope = { kind: 'file' };
  private readonly packageScope: FileScope = { kind: 'file' };
  private readonly topLevel: Array<ParsedType | ParsedEnum> = [];
  private readonly topLevelNames = new Set<string>();
  private sawSyntax = false;
  /** What scan.ts would record: imports, and how option values were spelled. */
  readonly imports: DeclaredImport[] = [];
  readonly spellings: OptionValueSpellings = { bareOptionValues: new Set(), quotedOptionValues: new Set() };
  /** The content of the first string of the last `readString`, as written. */
  private firstRawString = '';

  constructor(text: string) {
    this.tn = new Tokenizer(text);
  }

  private get ptr(): FileScope {
    return this.packageName === undefined ? this.rootScope : this.packageScope;
  }

  parse(): void {
    const tn = this.tn;
    for (let token = tn.next(); token !== null; token = tn.next()) {
      switch (token) {
        case 'package':
          if (!this.head || this.packageName !== undefined) giveUp();
          this.parsePackage();
          break;
        case 'import':
          if (!this.head) giveUp();
          this.parseImport();
          break;
        case 'syntax':
          if (!this.head) giveUp();
          this.parseSyntax();
          break;
        case 'option':
          this.parseOption(this.ptr, token);
          // protobufjs lets a file option go without `;`; the scan would then miss the statement after it.
          if (!tn.skip(';', true)) giveUp();
          break;
        case 'message':
          this.addTopLevel(this.parseType(1));
          this.head = false;
          break;
        case 'enum':
          this.addTopLevel(this.parseEnum());
          this.head = false;
          break;
        default:
          // `edition`, `service`, `extend`, and anything protobufjs refuses.
          giveUp();
      }
    }
  }

  private parsePackage(): void {
    const name = this.tn.nextToken();
    if (!typeRefRe.test(name) || name.startsWith('.')) giveUp();
    this.packageName = name;
    this.tn.skip(';');
  }

  private parseImport(): void {
    const tn = this.tn;
    const token = tn.peek();
    let modifier: 'public' | 'weak' | undefined;
    if (token === 'weak' || token === 'public') {
      tn.next();
      modifier = token;
    }
    const quoteAt = this.singleString();
    tn.skip(';');
    // As the scan records it: the string as written with its escapes undone (the scan's way), at its opening quote.
    this.imports.push({ path: unescapeProtoString(this.firstRawString), ...(modifier ? { modifier } : {}), quoteAt });
  }

  /** One string, not several in a row (the scan would take the first alone); returns where its quote is. */
  private singleString(): number {
    const tn = this.tn;
    const quote = tn.nextToken();
    if (quote !== '"' && quote !== "'") giveUp();
    const quoteAt = tn.lastStart;
    tn.nextToken();
    this.firstRawString = tn.lastRawString;
    tn.skip(quote);
    const after = tn.peek();
    if (after === '"' || after === "'") giveUp();
    return quoteAt;
  }

  private parseSyntax(): void {
    if (this.sawSyntax) giveUp();
    this.sawSyntax = true;
    this.tn.skip('=');
    this.singleString();
    noteValueSpelling(this.spellings, 'string', this.firstRawString);
    // The scan reads the syntax as written; escapes would make it differ from protobufjs's reading.
    const value = this.firstRawString;
    if (value !== 'proto2' && value !== 'proto3') giveUp();
    this.edition = value;
    this.tn.skip(';');
  }

  private addTopLevel(declaration: ParsedType | ParsedEnum): void {
    if (declaration.name === '__proto__' || this.topLevelNames.has(declaration.name)) giveUp();
    this.topLevelNames.add(declaration.name);
    this.topLevel.push(declaration);
  }

  private readString(): string {
    const tn = this.tn;
    const values: string[] = [];
    let token: string | null;
    do {
      token = tn.next();
      if (token !== '"' && token !== "'") giveUp();
      values.push(tn.nextToken());
      if (values.length === 1) this.firstRawString = tn.lastRawString;
      tn.skip(token);
      token = tn.peek();
    } while (token === '"' || token === "'");
    return values.join('');
  }

  private readValue(): unknown {
    const token = this.tn.nextToken();
    switch (token) {
      case "'":
      case '"':
        this.tn.push(token);
        return this.readString();
      case 'true':
      case 'TRUE':
        return true;
      case 'false':
      case 'FALSE':
        return false;
    }
    const number = parseNumber(token);
    if (number !== undefined) return number;
    if (typeRefRe.test(token)) return token;
    return giveUp();
  }

  /** `ifBlock`: the declaration's comment, then a `{ … }` block or the rest of a one-line declaration. */
  private ifBlock(object: Commented | undefined, onBlockToken: (token: string) => void, onLine?: () => void): void {
    const tn = this.tn;
    const trailingLine = tn.line;
    if (object && typeof object.comment !== 'string') object.comment = tn.cmnt();
    if (tn.skip('{', true)) {
      for (let token = tn.nextToken(); token !== '}'; token = tn.nextToken()) onBlockToken(token);
      tn.skip(';', true);
    } else {
      onLine?.();
      tn.skip(';');
      if (object && typeof object.comment !== 'string') object.comment = tn.cmnt(trailingLine) || object.comment;
    }
  }

  /** `ifBlock` for a declaration whose block may hold only options: a field, an enum value, a `reserved` list. */
  private optionsOnlyBlock(object: ParsedField | Dummy): void {
    const tn = this.tn;
    const trailingLine = tn.line;
    if (typeof object.comment !== 'string') object.comment = tn.cmnt();
    if (tn.skip('{', true)) {
      for (let token = tn.nextToken(); token !== '}'; token = tn.nextToken()) this.optionStatement(object, token);
      tn.skip(';', true);
    } else {
      this.parseInlineOptions(object);
      tn.skip(';');
      if (typeof object.comment !== 'string') object.comment = tn.cmnt(trailingLine) || object.comment;
    }
  }

  private parseType(depth: number): ParsedType {
    if (depth > NESTING_LIMIT) giveUp();
    const name = this.tn.nextToken();
    const nameStart = this.tn.lastStart;
    if (!nameRe.test(name)) giveUp();
    const type: ParsedType = { kind: 'message', name, nameStart, comment: null, fields: [], oneofs: [], nested: [], names: new Set(), ids: new Set() };
    this.ifBlock(type, (token) => {
      switch (token) {
        case 'option':
          this.parseOption(type, token);
          this.tn.skip(';');
          return;
        case 'message':
          addNested(type, this.parseType(depth + 1));
          return;
        case 'enum':
          addNested(type, this.parseEnum());
          return;
        case 'map':
          this.parseMapField(type);
          return;
        case 'required':
          if (this.edition !== 'proto2') giveUp();
          this.parseField(type, 'required');
          return;
        case 'repeated':
          this.parseField(type, 'repeated');
          return;
        case 'optional':
          this.parseField(type, this.edition === 'proto3' ? 'proto3_optional' : 'optional');
          return;
        case 'oneof':
          this.parseOneof(type);
          return;
        case 'reserved':
          this.readRanges((type.reserved ??= []));
          return;
        default:
          // `service`, `extend`, `extensions`, and fields without a label in proto2 (an error there).
          if (this.edition === 'proto2' || !typeRefRe.test(token) || token === 'service' || token === 'extend' || token === 'extensions') giveUp();
          this.tn.push(token);
          this.parseField(type, 'optional');
      }
    });
    return type;
  }

  private parseField(parent: ParsedType | ParsedOneof, rule: 'repeated' | 'required' | 'optional' | 'proto3_optional'): void {
    const tn = this.tn;
    let type = tn.nextToken();
    if (type === 'group') giveUp();
    while (type.endsWith('.') || (tn.peek() ?? giveUp()).startsWith('.')) type += tn.nextToken();
    if (!typeRefRe.test(type)) giveUp();
    const name = tn.nextToken();
    const nameStart = tn.lastStart;
    if (!nameRe.test(name)) giveUp();
    tn.skip('=');
    const id = parseId(tn.nextToken(), false);
    const field: ParsedField = {
      kind: 'field',
      name,
      nameStart,
      id,
      type,
      rule: rule === 'repeated' || rule === 'required' ? rule : undefined,
      proto3Optional: false,
      comment: null,
    };
    this.optionsOnlyBlock(field);
    if (rule === 'proto3_optional') {
      field.proto3Optional = true;
      const oneof: ParsedOneof = { kind: 'oneof', name: `_${name}`, nameStart, fields: [], comment: undefined };
      addToOneof(oneof, field);
      addOneof(parent as ParsedType, oneof);
    } else if (parent.kind === 'message') {
      addField(parent, field);
    } else {
      addToOneof(parent, field);
    }
  }

  private parseMapField(parent: ParsedType): void {
    const tn = this.tn;
    tn.skip('<');
    const keyType = tn.nextToken();
    if (!MAP_KEY_TYPES.has(keyType)) giveUp();
    tn.skip(',');
    const valueType = tn.nextToken();
    if (!typeRefRe.test(valueType)) giveUp();
    tn.skip('>');
    const name = tn.nextToken();
    const nameStart = tn.lastStart;
    if (!nameRe.test(name)) giveUp();
    tn.skip('=');
    const field: ParsedField = { kind: 'field', name, nameStart, id: parseId(tn.nextToken(), false), type: valueType, keyType, rule: undefined, proto3Optional: false, comment: null };
    this.optionsOnlyBlock(field);
    addField(parent, field);
  }

  private parseOneof(parent: ParsedType): void {
    const name = this.tn.nextToken();
    const nameStart = this.tn.lastStart;
    if (!nameRe.test(name)) giveUp();
    const oneof: ParsedOneof = { kind: 'oneof', name, nameStart, fields: [], comment: undefined };
    this.ifBlock(oneof, (token) => {
      if (token === 'option') {
        this.parseOption(oneof, token);
        this.tn.skip(';');
      } else {
        this.tn.push(token);
        this.parseField(oneof, 'optional');
      }
    });
    addOneof(parent, oneof);
  }

  private parseEnum(): ParsedEnum {
    const name = this.tn.nextToken();
    const nameStart = this.tn.lastStart;
    if (!nameRe.test(name)) giveUp();
    const enumType: ParsedEnum = {
      kind: 'enum',
      name,
      nameStart,
      comment: null,
      values: new Map(),
      valueStarts: new Map(),
      valueComments: new Map(),
      valueOptions: new Map(),
      ids: new Set(),
    };
    this.ifBlock(enumType, (token) => {
      switch (token) {
        case 'option':
          this.parseOption(enumType, token);
          this.tn.skip(';');
          return;
        case 'reserved':
          this.readRanges((enumType.reserved ??= []));
          return;
        default:
          this.parseEnumValue(enumType, token);
      }
    });
    return enumType;
  }

  private parseEnumValue(enumType: ParsedEnum, name: string): void {
    const nameStart = this.tn.lastStart;
    if (!nameRe.test(name)) giveUp();
    this.tn.skip('=');
    const id = parseId(this.tn.nextToken(), true);
    const dummy: Dummy = { kind: 'enumValue', comment: undefined };
    this.optionsOnlyBlock(dummy);
    if (name === '__proto__' || enumType.values.has(name) || enumType.ids.has(id)) giveUp();
    if (isReservedId(enumType.reserved, id) || isReservedName(enumType.reserved, name)) giveUp();
    enumType.values.set(name, id);
    enumType.valueStarts.set(name, nameStart);
    enumType.ids.add(id);
    if (dummy.options) enumType.valueOptions.set(name, dummy.options);
    enumType.valueComments.set(name, dummy.comment || null);
  }

  private readRanges(target: Array<[number, number] | string>): void {
    const tn = this.tn;
    do {
      const token = tn.peek();
      if (token === '"' || token === "'") {
        target.push(this.readString());
      } else {
        const start = parseId(tn.nextToken(), false);
        target.push([start, tn.skip('to', true) ? parseId(tn.nextToken(), false) : start]);
      }
    } while (tn.skip(',', true));
    const dummy: Dummy = { kind: 'ranges', comment: undefined };
    this.optionsOnlyBlock(dummy);
  }

  /** `option …;` inside a field's, enum value's or range's block: the only statement protobufjs allows there. */
  private optionStatement(target: OptionTarget, token: string): void {
    if (token !== 'option') giveUp();
    this.parseOption(target, token);
    this.tn.skip(';');
  }

  private parseInlineOptions(target: OptionTarget): void {
    if (this.tn.skip('[', true)) {
      do this.parseOption(target, 'option');
      while (this.tn.skip(',', true));
      this.tn.skip(']');
    }
  }

  /** A plain option, `name = value`: custom (`(ext)`), dotted and aggregate (`{ … }`) ones are left to protobufjs. */
  private parseOption(target: OptionTarget, token: string): void {
    const tn = this.tn;
    const name = token === 'option' ? tn.nextToken() : token;
    if (!nameRe.test(name) || name === '__proto__') giveUp();
    if (tn.nextToken() !== '=') giveUp();
    const first = tn.peek() ?? giveUp();
    if (first === '{') giveUp();
    const value = this.readValue();
    // What the scan records of the token after `=`: a string's first part as written, or the word.
    if (first === '"' || first === "'") noteValueSpelling(this.spellings, 'string', this.firstRawString);
    else noteValueSpelling(this.spellings, 'word', first);
    setOption(target, name, value);
    setParsedOption(target, name, value);
  }

  /** The file as `buildProtoFile` makes it from protobufjs's result and the scan. */
  build(name: string, origin: ProtoOrigin, text: string): ProtoFile {
    const syntax = this.edition as ProtoSyntax;
    const positions = new TextPositions(text);
    const builder = new ModelBuilder(this.spellings, positions, syntax, this.packageName);
    const options = [...builder.options(this.rootScope, 'file'), ...(this.packageName !== undefined ? builder.options(this.packageScope, 'file') : [])];
    const imports: ProtoImport[] = this.imports.map(({ path, modifier, quoteAt }) => ({ path, ...(modifier ? { modifier } : {}), position: positions.at(quoteAt) }));
    return {
      name,
      syntax,
      ...(this.packageName ? { package: this.packageName } : {}),
      imports,
      options,
      messages: this.topLevel.filter((d): d is ParsedType => d.kind === 'message').map((t) => builder.message(t, '')),
      enums: this.topLevel.filter((d): d is ParsedEnum => d.kind === 'enum').map((e) => builder.enumType(e, '')),
      services: [],
      extensions: [],
      origin,
      text,
    };
  }
}

// protobufjs's `Type#add` / `OneOf#add` / `OneOf#onAdd` checks and bookkeeping.

function checkMemberName(type: ParsedType, name: string): void {
  if (name === '__proto__' || type.names.has(name)) giveUp();
}

function addField(type: ParsedType, field: ParsedField): void {
  checkMemberName(type, field.name);
  if (type.ids.has(field.id) || isReservedId(type.reserved, field.id) || isReservedName(type.reserved, field.name)) giveUp();
  type.names.add(field.name);
  type.ids.add(field.id);
  type.fields.push(field);
}

function addToOneof(oneof: ParsedOneof, field: ParsedField): void {
  oneof.fields.push(field);
  field.partOf = oneof;
}

function addOneof(type: ParsedType, oneof: ParsedOneof): void {
  checkMemberName(type, oneof.name);
  type.names.add(oneof.name);
  type.oneofs.push(oneof);
  for (const field of oneof.fields) addField(type, field);
}

function addNested(type: ParsedType, nested: ParsedType | ParsedEnum): void {
  checkMemberName(type, nested.name);
  type.names.add(nested.name);
  type.nested.push(nested);
}

function isDummy(target: OptionTarget): target is Dummy {
  return target.kind === 'enumValue' || target.kind === 'ranges';
}

function setOption(target: OptionTarget, name: string, value: unknown): void {
  // Other holders' flat options are not read when they have parsed options, which every plain option adds.
  if (isDummy(target)) (target.options ??= new Map()).set(name, value);
}

function setParsedOption(target: OptionTarget, name: string, value: unknown): void {
  // protobufjs's enum-value dummy has a no-op `setParsedOption`, its range dummy none.
  if (isDummy(target)) return;
  const holder: OptionHolder = target;
  (holder.parsedOptions ??= []).push([name, value]);
}

function parseNumber(token: string): number | undefined {
  let sign = 1;
  let digits = token;
  if (digits.charAt(0) === '-') {
    sign = -1;
    digits = digits.substring(1);
  }
  switch (digits) {
    case 'inf':
    case 'INF':
    case 'Inf':
      return sign * Infinity;
    case 'nan':
    case 'NAN':
    case 'Nan':
    case 'NaN':
      return NaN;
    case '0':
      return 0;
  }
  if (base10Re.test(digits)) return sign * parseInt(digits, 10);
  if (base16Re.test(digits)) return sign * parseInt(digits, 16);
  if (base8Re.test(digits)) return sign * parseInt(digits, 8);
  if (numberRe.test(digits)) return sign * parseFloat(digits);
  return undefined;
}

function parseId(token: string, acceptNegative: boolean): number {
  switch (token) {
    case 'max':
    case 'MAX':
    case 'Max':
      return MAX_FIELD_ID;
    case '0':
      return 0;
  }
  if (!acceptNegative && token.charAt(0) === '-') giveUp();
  if (base10NegRe.test(token)) return parseInt(token, 10);
  if (base16NegRe.test(token)) return parseInt(token, 16);
  if (base8NegRe.test(token)) return parseInt(token, 8);
  return giveUp();
}

// ------------------------------------------------------------------------------------------------ model

/**
 * The one empty list every message's groups, extensions and extension ranges and every option-less field and enum
 * value share: a parsed schema stays in the compatibility engine's cache, and these empty arrays were a good part of
 * what the garbage collector had to carry. Frozen, as the model's lists are read-only.
 */
const NONE: readonly never[] = Object.freeze([]);

/** `buildProtoFile`'s conversions, from the parsed shapes instead of protobufjs's reflection objects. */
class ModelBuilder {
  constructor(
    private readonly spellings: OptionValueSpellings,
    private readonly positions: TextPositions,
    private readonly syntax: ProtoSyntax,
    private readonly packageName: string | undefined,
  ) {}

  options(holder: OptionHolder, owner: OptionOwner): ProtoOption[] {
    const options: ProtoOption[] = [];
    for (const [name, value] of holder.parsedOptions ?? []) {
      if (name !== 'proto3_optional') options.push({ name, value: optionValue(value, name, this.spellings, owner) });
    }
    return options;
  }

  private qualify(localName: string): string {
    return this.packageName ? `${this.packageName}.${localName}` : localName;
  }

  /** `parentName` is the local name of the enclosing message, `''` at the top level. */
  message(type: ParsedType, parentName: string): ProtoMessage {
    const localName = parentName === '' ? type.name : `${parentName}.${type.name}`;
    const fields = type.fields.map((field) => this.field(field));
    const oneofs: ProtoOneof[] = [];
    for (const o of type.oneofs) if (!isSyntheticOneof(o)) oneofs.push(this.oneof(o));
    const messages: ProtoMessage[] = [];
    const enums: ProtoEnum[] = [];
    for (const nested of type.nested) {
      if (nested.kind === 'message') messages.push(this.message(nested, localName));
      else enums.push(this.enumType(nested, localName));
    }
    const { ranges, names } = reservedOf(type.reserved);
    const options = this.options(type, 'message');
    const comment = commentOf(type);
    // Assigned in buildMessage's key order, optional keys only when present: a literal with conditional spreads
    // in it is built key by key on a slow path, and messages are many.
    const built = { kind: 'message', name: type.name, fullName: this.qualify(localName), localName } as ProtoMessage;
    if (comment) built.comment = comment;
    built.fields = fields;
    built.oneofs = oneofs;
    built.messages = messages;
    built.enums = enums;
    built.groups = NONE;
    built.extensions = NONE;
    built.reservedRanges = ranges;
    built.reservedNames = names;
    built.extensionRanges = NONE;
    built.options = options;
    built.isMapEntry = options.some((o) => o.name === 'map_entry' && o.value === true);
    built.position = this.positions.at(type.nameStart);
    return built;
  }

  private oneof(oneof: ParsedOneof): ProtoOneof {
    const comment = commentOf(oneof);
    const built: Partial<ProtoOneof> = { name: oneof.name, fieldNumbers: oneof.fields.map((f) => f.id) };
    if (comment) built.comment = comment;
    built.options = this.options(oneof, 'oneof');
    built.position = this.positions.at(oneof.nameStart);
    return built as ProtoOneof;
  }

  private field(field: ParsedField): ProtoField {
    const type: ProtoFieldType = field.keyType !== undefined ? { kind: 'map', key: field.keyType as ProtoScalar, value: valueType(field.type) } : valueType(field.type);
    const oneof = field.partOf && !isSyntheticOneof(field.partOf) ? field.partOf.name : undefined;
    const label = this.label(field, oneof);
    const comment = commentOf(field);
    const pos = this.positions.at(field.nameStart);
    // Assigned in buildField's key order; optional keys only when present (fields are the most numerous objects).
    const built = { name: field.name, number: field.id } as ProtoField;
    if (label) built.label = label;
    built.type = type;
    if (oneof) built.oneof = oneof;
    built.proto3Optional = field.proto3Optional;
    if (comment) built.comment = comment;
    built.options = field.parsedOptions === undefined ? NONE : this.options(field, type.kind === 'named' ? 'enumField' : 'field');
    built.position = pos;
    return built;
  }

  /** `labelOf` in build.ts. */
  private label(field: ParsedField, realOneof: string | undefined): ProtoLabel | undefined {
    if (field.rule === 'repeated') return 'repeated';
    if (field.rule === 'required') return 'required';
    if (field.proto3Optional) return 'optional';
    if (field.keyType !== undefined || realOneof !== undefined) return undefined;
    return this.syntax === 'proto2' ? 'optional' : undefined;
  }

  /** `parentName` is the local name of the enclosing message, `''` at the top level. */
  enumType(enumType: ParsedEnum, parentName: string): ProtoEnum {
    const localName = parentName === '' ? enumType.name : `${parentName}.${enumType.name}`;
    const values: ProtoEnumValue[] = [];
    for (const [name, number] of enumType.values) {
      const comment = enumType.valueComments.get(name);
      const valueOptions = enumType.valueOptions.get(name);
      // Key order and optional keys as in build.ts (see `message`).
      const value = { name, number } as ProtoEnumValue;
      if (typeof comment === 'string' && comment.trim() !== '') value.comment = comment;
      value.options = valueOptions ? [...valueOptions].map(([optionName, option]) => ({ name: optionName, value: optionValue(option, optionName, this.spellings, 'enumValue') })) : NONE;
      value.position = this.positions.at(enumType.valueStarts.get(name) as number);
      values.push(value);
    }
    const { ranges, names } = reservedOf(enumType.reserved);
    const comment = commentOf(enumType);
    const built = { kind: 'enum', name: enumType.name, fullName: this.qualify(localName), localName } as ProtoEnum;
    if (comment) built.comment = comment;
    built.values = values;
    built.reservedRanges = ranges;
    built.reservedNames = names;
    built.options = this.options(enumType, 'enum');
    built.position = this.positions.at(enumType.nameStart);
    return built;
  }
}

function isSyntheticOneof(oneof: ParsedOneof): boolean {
  return oneof.fields.length > 0 && oneof.fields.every((f) => f.proto3Optional);
}

function commentOf(object: Commented): string | undefined {
  return typeof object.comment === 'string' && object.comment.trim() !== '' ? object.comment : undefined;
}

function valueType(written: string): ProtoValueType {
  return isProtoScalar(written) ? { kind: 'scalar', scalar: written } : { kind: 'named', written, fullName: '', target: 'message' };
}

function reservedOf(reserved: ParsedType['reserved']): { ranges: ProtoRange[]; names: string[] } {
  const ranges: ProtoRange[] = [];
  const names: string[] = [];
  for (const entry of reserved ?? []) {
    if (typeof entry === 'string') names.push(entry);
    else ranges.push({ from: entry[0], to: entry[1] });
  }
  return { ranges, names };
}

/**
 * The file the scan, protobufjs and `buildProtoFile` would make of `text` (positions included, found the way
 * scan.ts finds them), or `undefined` when the text goes beyond the fast path (see the module comment). Never
 * throws for a bad text: the caller's scan and protobufjs path report errors.
 */
export function fastProtoFile(text: string, name: string, origin: ProtoOrigin): ProtoFile | undefined {
  try {
    const parser = new FastParser(text);
    parser.parse();
    return parser.build(name, origin, text);
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}
