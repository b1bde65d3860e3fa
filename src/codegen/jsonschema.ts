/**
 * JSON Schema → TypeScript through json-schema-to-typescript: `$ref`s to other files are served from the
 * version's reference texts by an in-memory resolver (no network, no disk), its unformatted output is
 * formatted by {@link formatDeclarations}, and the root type is named after the schema's `title` (else the
 * subject). Types of referenced schemas are declared in the referring file too: JSON Schema types are
 * structural, so the copies are interchangeable with the referenced subject's own.
 */
import { compile } from 'json-schema-to-typescript';
import { KontractError } from '../errors.js';
import { escapePointerToken, parseJsonDocument, pointerToPath, type JsonDocument, type JsonValue } from '../schema/json-text.js';
import type { SchemaVersion } from '../project/types.js';
import type { TypeGeneratorContext, VersionTypes } from './context.js';
import { formatDeclarations } from './declarations-format.js';
import { isUsableTypeName, pascalCase } from './names.js';

type JsonSchemaInput = Parameters<typeof compile>[0];
type CompileOptions = NonNullable<Parameters<typeof compile>[2]>;

/** Base every relative `$ref` is resolved against; it never leaves this module (nothing is fetched). */
const REF_BASE = '/';

export async function generateJsonSchemaTypes(context: TypeGeneratorContext): Promise<VersionTypes> {
  const { version, file } = context;
  const root = parseSchemaText(version.schema, version.file);
  const title = isObject(root) && typeof root['title'] === 'string' ? root['title'] : undefined;
  const rootName = rootTypeName(title, context.fallbackRootName);

  let declarations: string;
  if (typeof root === 'boolean') {
    // `true` accepts every value, `false` none.
    declarations = `/** A value of \`${version.subject}\` version ${version.version}: ${root ? 'any JSON value' : 'no value is valid'}. */\nexport type ${rootName} = ${root ? 'unknown' : 'never'};`;
  } else if (isObject(root)) {
    checkToolRules(root, version.schema, version.file);
    // Every type gets TSDoc: a root without a description is described by where it comes from.
    const description = typeof root['description'] === 'string' ? root['description'] : `A value of \`${version.subject}\` version ${version.version}.`;
    const output = await compileSchema({ ...root, title: rootName, description }, rootName, version);
    declarations = formatDeclarations(output);
  } else {
    throw new KontractError('SCHEMA_INVALID', 'a JSON Schema must be an object or a boolean', {
      location: { file: version.file, line: 1, column: 1 },
      hint: 'Start the schema with {"type": "object", "properties": {…}}.',
    });
  }

  const declared = declaredNames(declarations);
  if (!declared.includes(rootName)) {
    throw new Error(`json-schema-to-typescript did not declare the root type ${rootName} for ${version.file}`);
  }
  file.declare(...declared);
  const inputName = file.declareUnique(`${rootName}Input`);
  file.printLines(declarations);
  file.line();
  file.doc(`{@link ${rootName}} as producers write it: the same type (JSON Schema defaults are not filled in).`);
  file.line(`export type ${inputName} = ${rootName};`);
  return { root: { type: rootName, input: inputName, inputDiffers: false }, named: new Map(), ...(title === undefined ? {} : { recordName: title }) };
}

/** The root type's name: PascalCase of the `title` when that makes a usable name, else the subject's type name. */
function rootTypeName(title: string | undefined, fallback: string): string {
  if (title !== undefined) {
    const name = pascalCase(title);
    if (isUsableTypeName(name) && name !== '_') return name;
  }
  return isUsableTypeName(fallback) ? fallback : `${fallback}Type`;
}

async function compileSchema(schema: Record<string, JsonValue>, rootName: string, version: SchemaVersion): Promise<string> {
  const resolver = new ReferenceTextResolver(version.referenceTexts);
  const options: Partial<CompileOptions> = {
    bannerComment: '',
    format: false,
    cwd: REF_BASE,
    declareExternallyReferenced: true,
    enableConstEnums: false,
    unknownAny: true,
    additionalProperties: true,
    strictIndexSignatures: false,
    unreachableDefinitions: false,
    $refOptions: {
      resolve: {
        external: true,
        file: false,
        http: false,
        kontract: { order: 1, canRead: true, read: (info: { url: string }) => resolver.read(info.url) },
      },
    },
  };
  try {
    // The document came from JSON text, so it is plain JSON data; the tool's schema type only adds optional keywords.
    return await compile(schema as JsonSchemaInput, rootName, options);
  } catch (error) {
    const unresolvedUrl = resolver.unresolved[0];
    if (unresolvedUrl !== undefined) {
      const unresolved = writtenRefFor(schema, unresolvedUrl);
      const known = Object.keys(version.referenceTexts);
      throw new KontractError('REFERENCE_UNRESOLVED', `$ref "${unresolved}" names no schema reference of this version`, {
        location: { file: version.file },
        hint: known.length > 0 ? `References of this version: ${known.join(', ')}.` : 'Declare the referenced schema as a reference of this version.',
        cause: error,
      });
    }
    throw new KontractError('SCHEMA_INVALID', `cannot generate types: ${error instanceof Error ? error.message : String(error)}`, {
      location: { file: version.file },
      hint: 'Check the $refs and keywords the message names.',
      cause: error,
    });
  }
}

/**
 * Serves `$ref`ed files from the reference texts. A reference is found by its name as written (what Confluent
 * uses as the reference name), by that name resolved like a relative `$ref`, or by its last path segment.
 */
class ReferenceTextResolver {
  readonly unresolved: string[] = [];

  constructor(private readonly texts: Readonly<Record<string, string>>) {}

  read(url: string): JsonValue {
    const text = this.lookup(url);
    if (text === undefined) {
      this.unresolved.push(url);
      throw new Error(`no reference named ${url}`);
    }
    return JSON.parse(text) as JsonValue;
  }

  private lookup(url: string): string | undefined {
    const names = Object.keys(this.texts);
    const exact = names.find((name) => name === url || resolveAgainstBase(name) === url);
    if (exact !== undefined) return this.texts[exact];
    const segment = lastSegment(url);
    const bySegment = names.filter((name) => lastSegment(name) === segment);
    return bySegment.length === 1 ? this.texts[bySegment[0]!] : undefined;
  }
}

/** The `$ref` as the schema writes it that resolved to `url` (the URL itself when none did). */
function writtenRefFor(schema: JsonValue, url: string): string {
  let found: string | undefined;
  const visit = (value: JsonValue): void => {
    if (found !== undefined || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const ref = value['$ref'];
    if (typeof ref === 'string') {
      const withoutFragment = ref.replace(/#.*$/, '');
      if (withoutFragment === url || resolveAgainstBase(withoutFragment) === url) found = ref;
    }
    Object.values(value).forEach(visit);
  };
  visit(schema);
  return found ?? url;
}

function resolveAgainstBase(name: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name)) return name;
  return new URL(name, 'file:///').pathname;
}

function lastSegment(url: string): string {
  return url.replace(/[?#].*$/, '').split('/').pop() ?? url;
}

/** Names of the top-level declarations in formatted declarations. */
function declaredNames(declarations: string): string[] {
  const names: string[] = [];
  for (const match of declarations.matchAll(/^export (?:interface|type|enum|const enum) ([A-Za-z_$][\w$]*)/gm)) names.push(match[1]!);
  return names;
}

/**
 * The schema as JSON data. `JSON.parse` is several times faster than the position-keeping parser, which is
 * only run to locate a problem (a syntax error here, a rejected keyword in {@link checkToolRules}).
 */
function parseSchemaText(text: string, file: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return locatedDocument(text, file).value;
  }
}

function locatedDocument(text: string, file: string): JsonDocument {
  try {
    return parseJsonDocument(text);
  } catch (error) {
    if (error instanceof KontractError) throw error.withLocation({ file });
    throw error;
  }
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * json-schema-to-typescript's own checks print to the console and throw an error without a location, so
 * the same rules are checked here first, with the JSON path and line of the offending keyword.
 */
function checkToolRules(root: JsonValue, text: string, file: string): void {
  // Most schemas use none of these keywords: skip the walk.
  if (!/"(?:minItems|maxItems|deprecated|tsEnumNames)"/.test(text)) return;
  const fail = (pointer: string, message: string, hint: string): never => {
    const position = locatedDocument(text, file).positions.get(pointer);
    throw new KontractError('SCHEMA_INVALID', message, { location: { file, path: pointerToPath(pointer), ...position }, hint });
  };
  const visit = (value: JsonValue, pointer: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${pointer}/${index}`));
      return;
    }
    if (!isObject(value)) return;
    const { minItems, maxItems, deprecated, tsEnumNames } = value;
    if (typeof minItems === 'number' && minItems < 0) fail(`${pointer}/minItems`, 'minItems must not be negative', 'Use 0 or more.');
    if (typeof maxItems === 'number' && maxItems < 0) fail(`${pointer}/maxItems`, 'maxItems must not be negative', 'Use 0 or more.');
    if (typeof minItems === 'number' && typeof maxItems === 'number' && maxItems < minItems) {
      fail(`${pointer}/maxItems`, `maxItems (${maxItems}) is less than minItems (${minItems})`, 'Make maxItems at least minItems.');
    }
    if (deprecated !== undefined && typeof deprecated !== 'boolean') fail(`${pointer}/deprecated`, '"deprecated" must be true or false', 'Use a boolean.');
    if (tsEnumNames !== undefined) {
      const names = Array.isArray(tsEnumNames) ? tsEnumNames : [];
      if (!Array.isArray(tsEnumNames) || names.some((name) => typeof name !== 'string')) {
        fail(`${pointer}/tsEnumNames`, 'tsEnumNames must be an array of strings', 'List one identifier per enum value.');
      }
      if (!Array.isArray(value['enum']) || value['enum'].length !== names.length) {
        fail(`${pointer}/tsEnumNames`, 'tsEnumNames must have one name per enum value', 'Make tsEnumNames as long as enum.');
      }
    }
    for (const [key, child] of Object.entries(value)) {
      // Values of these keywords are data, not schemas.
      if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
      visit(child, `${pointer}/${escapePointerToken(key)}`);
    }
  };
  visit(root, '');
}
