/**
 * One `.proto` text → one {@link ProtoFile} (named types not yet resolved). protobufjs checks the
 * grammar; its error messages are turned into `KontractError`s with line/column and element path.
 */
import protobuf from 'protobufjs';
import { KontractError } from '../../errors.js';
import { buildProtoFile } from './build.js';
import { fastProtoFile } from './fast-parse.js';
import { protoTextFromDescriptorBase64 } from './descriptor.js';
import type { ProtoFile, ProtoOrigin, ProtoPosition, ProtoSyntax } from './model.js';
import { columnOfToken, scanProto, type ProtoScan } from './scan.js';

/** The file name Confluent gives a schema's own file (imports are named by their path). */
export const MAIN_FILE_NAME = 'default';

/**
 * Parse a schema text given as `.proto` source or, as Confluent also accepts, as base64 of a
 * serialized `FileDescriptorProto` (tried only when the text is not valid `.proto` source).
 */
export function parseProtoSchemaText(text: string, name: string, origin: ProtoOrigin): ProtoFile {
  try {
    return parseProtoText(text, name, origin);
  } catch (error) {
    if (error instanceof KontractError && error.code === 'SCHEMA_SYNTAX' && looksLikeBase64(text)) {
      const printed = protoTextFromDescriptorBase64(text);
      if (printed !== undefined) return parseProtoText(printed, name, origin);
    }
    throw error;
  }
}

/** Base64 alphabet only (whitespace allowed), length a multiple of 4: not plausible `.proto` source. */
export function looksLikeBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact);
}

/** Parse `.proto` source. */
export function parseProtoText(text: string, name: string, origin: ProtoOrigin): ProtoFile {
  // Most schemas take the fast path, which finds declaration positions itself; the scan and protobufjs handle the
  // rest, and report every error.
  const fast = fastProtoFile(text, name, origin);
  if (fast) return fast;
  const scan = scanProto(text);
  if (scan.edition) {
    throw new KontractError('SCHEMA_INVALID', 'Protobuf editions are not supported', {
      location: { ...scan.edition, path: '#/' },
      hint: 'Use syntax = "proto3" (or "proto2").',
    });
  }
  return parseWithProtobufjs(text, scan, syntaxOf(scan), name, origin);
}

/**
 * The reference path of {@link parseProtoText}: protobufjs's parser, then {@link buildProtoFile}. Also what the
 * fast path ({@link fastProtoFile}) is tested against.
 */
export function parseWithProtobufjs(text: string, scan: ProtoScan, syntax: ProtoSyntax, name: string, origin: ProtoOrigin): ProtoFile {
  let result: protobuf.IParserResult;
  try {
    result = protobuf.parse(text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
  } catch (error) {
    throw translateParseError(error, text, scan);
  }
  return buildProtoFile({
    root: result.root,
    ...(result.package ? { packageName: result.package } : {}),
    syntax,
    scan,
    name,
    origin,
    text,
    imports: scan.imports,
  });
}

function syntaxOf(scan: ProtoScan): ProtoSyntax {
  if (!scan.syntax) return 'proto2';
  const { value, position } = scan.syntax;
  if (value === 'proto2' || value === 'proto3') return value;
  throw new KontractError('SCHEMA_SYNTAX', `unknown syntax "${value}"`, {
    location: { ...position, path: '#/' },
    hint: 'Use syntax = "proto3" or syntax = "proto2".',
  });
}

const illegalTokenRe = /^illegal (.+?) '(.*?)'(?:, '(.*)' expected)? \((?:.*, )?line (\d+)\)$/s;
const illegalTokenizerRe = /^illegal (\w+) \((?:.*, )?line (\d+)\)$/;
const duplicateNameRe = /^duplicate name '(.+)' in (\w+) ?(.*)$/;
const duplicateIdRe = /^duplicate id (-?\d+) in (\w+) ?(.*)$/;
const reservedIdRe = /^id (-?\d+) is reserved in (\w+) ?(.*)$/;
const reservedNameRe = /^name '(.+)' is reserved in (\w+) ?(.*)$/;

/** Turn a protobufjs parse error into a located `KontractError`. */
function translateParseError(error: unknown, text: string, scan: ProtoScan): KontractError {
  const message = error instanceof Error ? error.message : String(error);
  let m = illegalTokenRe.exec(message);
  if (m) {
    const [, what, token, expected, lineText] = m;
    const line = Number(lineText);
    const column = tokenColumn(scan, text, line, token);
    const subject = token === 'null' ? 'end of input' : `'${token}'`;
    const description =
      what === 'token' ? `unexpected ${subject}` : `invalid ${what} ${subject}`;
    return new KontractError('SCHEMA_SYNTAX', expected ? `${description}: expected '${expected}'` : description, {
      location: { line, ...(column !== undefined ? { column } : {}) },
      hint: 'Check the .proto syntax at this position.',
      cause: error,
    });
  }
  m = illegalTokenizerRe.exec(message);
  if (m) {
    return new KontractError('SCHEMA_SYNTAX', `invalid ${m[1]}`, {
      location: { line: Number(m[2]) },
      hint: 'Check the .proto syntax at this position.',
      cause: error,
    });
  }
  m = duplicateNameRe.exec(message);
  if (m) {
    const name = m[1];
    const found = locateDuplicateName(scan, name);
    return new KontractError('NAME_CLASH', `the name "${name}" is declared twice${found ? ` in ${found.scope}` : ''}`, {
      location: found ? { ...found.position, path: found.path } : {},
      hint: 'Rename one of the two declarations.',
      cause: error,
    });
  }
  m = duplicateIdRe.exec(message);
  if (m) {
    const number = Number(m[1]);
    const isEnum = m[2] === 'Enum';
    const found = locateDuplicateNumber(scan, number, lastSegment(m[3]), isEnum);
    return new KontractError(
      'SCHEMA_INVALID',
      isEnum ? `enum value number ${number} is used twice${found ? ` in ${found.scope}` : ''}` : `field number ${number} is used twice${found ? ` in ${found.scope}` : ''}`,
      {
        location: found ? { ...found.position, path: found.path } : {},
        hint: isEnum ? 'Give each value its own number, or add `option allow_alias = true;` to the enum.' : 'Give each field its own number.',
        cause: error,
      },
    );
  }
  m = reservedIdRe.exec(message);
  if (m) {
    const number = Number(m[1]);
    const container = lastSegment(m[3]);
    const found = locateInScope(scan, m[2] === 'Enum' ? scan.enumNumbers : scan.fieldsByNumber, container, String(number));
    return new KontractError('SCHEMA_INVALID', `number ${number} is reserved in ${m[2] === 'Enum' ? 'enum' : 'message'} ${found?.scope ?? container}`, {
      location: found ? { ...found.position, path: `${found.path}/${number}` } : {},
      hint: 'Use a number that is not reserved (reserved numbers belong to deleted fields or values).',
      cause: error,
    });
  }
  m = reservedNameRe.exec(message);
  if (m) {
    const name = m[1];
    const container = lastSegment(m[3]);
    const isEnum = m[2] === 'Enum';
    const found = locateInScope(scan, isEnum ? scan.enumValues : scan.fieldsByName, container, name);
    const number = found ? numberAt(isEnum ? scan.enumNumbers : scan.fieldsByNumber, found.scope, found.position) : undefined;
    return new KontractError('SCHEMA_INVALID', `the name "${name}" is reserved in ${isEnum ? 'enum' : 'message'} ${found?.scope ?? container}`, {
      location: found ? { ...found.position, path: number === undefined ? found.path : `${found.path}/${number}` } : {},
      hint: 'Use a name that is not reserved (reserved names belong to deleted fields or values).',
      cause: error,
    });
  }
  if (message.includes('max depth exceeded')) {
    return new KontractError('SCHEMA_INVALID', 'types are nested too deeply', { hint: 'Flatten the nesting of messages.', cause: error });
  }
  return new KontractError('SCHEMA_SYNTAX', `invalid .proto text: ${message}`, { hint: 'Check the .proto syntax.', cause: error });
}

function lastSegment(name: string): string {
  const parts = name.split('.');
  return parts[parts.length - 1];
}

function tokenColumn(scan: ProtoScan, text: string, line: number, token: string): number | undefined {
  const match = scan.tokens.find((t) => t.line === line && t.text === token);
  return match ? match.column : columnOfToken(text, line, token);
}

interface Located {
  path: string;
  position: ProtoPosition;
  scope: string;
}

function elementPath(localPath: string, ...rest: Array<string | number>): string {
  return `#/${[...(localPath ? localPath.split('.') : []), ...rest.map(String)].join('/')}`;
}

function describeScope(localPath: string, kind: string): string {
  return localPath ? `${kind} ${localPath}` : 'the file';
}

/** The second declaration of `name` found by the scan: a type, a field, a oneof or an enum value. */
function locateDuplicateName(scan: ProtoScan, name: string): Located | undefined {
  for (const [key, positions] of scan.types) {
    const parent = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
    const clashesWithField = scan.fieldsByName.has(`${parent}#${name}`);
    if (lastSegment(key) === name && (positions.length > 1 || clashesWithField)) {
      return { path: elementPath(key), position: positions[positions.length - 1], scope: describeScope(parent, 'message') };
    }
  }
  for (const [key, positions] of scan.fieldsByName) {
    const [scope, fieldName] = key.split('#');
    if (fieldName === name && positions.length > 1) {
      return { path: elementPath(scope), position: positions[positions.length - 1], scope: describeScope(scope, 'message') };
    }
  }
  for (const [key, positions] of scan.enumValues) {
    const [scope, valueName] = key.split('#');
    if (valueName === name && positions.length > 1) {
      return { path: elementPath(scope), position: positions[positions.length - 1], scope: describeScope(scope, 'enum') };
    }
  }
  return undefined;
}

/** The first declaration keyed `<scope>#<member>` whose scope ends with `container`. */
function locateInScope(scan: ProtoScan, map: ReadonlyMap<string, ProtoPosition[]>, container: string, member: string): Located | undefined {
  for (const [key, positions] of map) {
    const [scope, name] = key.split('#');
    if (name === member && lastSegment(scope) === container) return { path: elementPath(scope), position: positions[0], scope };
  }
  return undefined;
}

/** The number declared at `position` in `scope` (the scan indexes members by name and by number). */
function numberAt(map: ReadonlyMap<string, ProtoPosition[]>, scope: string, position: ProtoPosition): number | undefined {
  for (const [key, positions] of map) {
    const [keyScope, number] = key.split('#');
    if (keyScope === scope && positions.some((p) => p.line === position.line && p.column === position.column)) return Number(number);
  }
  return undefined;
}

function locateDuplicateNumber(scan: ProtoScan, number: number, container: string, isEnum: boolean): Located | undefined {
  const map = isEnum ? scan.enumNumbers : scan.fieldsByNumber;
  for (const [key, positions] of map) {
    const [scope, numberText] = key.split('#');
    if (Number(numberText) === number && positions.length > 1 && lastSegment(scope) === container) {
      return { path: elementPath(scope, number), position: positions[positions.length - 1], scope: describeScope(scope, isEnum ? 'enum' : 'message') };
    }
  }
  return undefined;
}
