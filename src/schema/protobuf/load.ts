/**
 * Loads a schema with everything it imports, registers every message and enum under its full
 * name, resolves every named type (Confluent's scoping rules, see {@link resolveTypeName}) and
 * checks what protobufjs does not: field numbers and reserved declarations.
 */
import { createHash } from 'node:crypto';
import protobuf from 'protobufjs';
import { KontractError, type SourceLocation } from '../../errors.js';
import type { SchemaSource } from '../types.js';
import { buildProtoFile } from './build.js';
import { builtinProtoFile } from './builtins.js';
import { MAIN_FILE_NAME, parseProtoSchemaText } from './file.js';
import type {
  ParsedProtobufSchema,
  ProtoEnum,
  ProtoField,
  ProtoFile,
  ProtoMessage,
  ProtoPosition,
  ProtoTypeEntry,
  ProtoValueType,
} from './model.js';
import { printProtoFile } from './print.js';

const MAX_FIELD_NUMBER = 536870911;
const IMPLEMENTATION_RESERVED = { from: 19000, to: 19999 };

/** Parse `source.schema` and its imports (texts in `source.references`, by import path). */
export function loadProtobufSchema(source: SchemaSource): ParsedProtobufSchema {
  const main = parseProtoSchemaText(source.schema, MAIN_FILE_NAME, { kind: 'main' });
  const dependencies = loadDependencies(main, source.references ?? {});
  for (const file of dependencies) {
    if (file.origin.kind === 'reference') file.origin = { kind: 'reference', identity: identityOf(file, dependencies) };
  }
  const types = registerTypes([main, ...dependencies]);
  for (const file of [main, ...dependencies]) {
    if (file.origin.kind === 'builtin') continue;
    resolveFile(file, types);
    validateFile(file);
  }
  return { file: main, dependencies, types };
}

/** Errors in imported files name the file; errors in the schema itself leave that to the caller. */
function fileLocation(file: ProtoFile, location: SourceLocation): SourceLocation {
  return file.origin.kind === 'main' ? location : { file: file.name, ...location };
}

function withFile<T>(fileName: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof KontractError && error.location?.file === undefined) throw error.withLocation({ file: fileName });
    throw error;
  }
}

function loadDependencies(main: ProtoFile, references: Readonly<Record<string, string>>): ProtoFile[] {
  const loaded = new Map<string, ProtoFile>();
  const queue: ProtoFile[] = [main];
  while (queue.length > 0) {
    const importer = queue.shift() as ProtoFile;
    for (const imp of importer.imports) {
      if (loaded.has(imp.path)) continue;
      const file = loadImport(imp.path, references);
      if (!file) {
        throw new KontractError('REFERENCE_UNRESOLVED', `import "${imp.path}" cannot be resolved`, {
          location: fileLocation(importer, { path: '#/', ...positionOf(imp.position) }),
          hint: `Add a schema reference named "${imp.path}" (subject and version of the schema that is that file), or remove the import.`,
          context: { import: imp.path },
        });
      }
      loaded.set(imp.path, file);
      queue.push(file);
    }
  }
  return [...loaded.values()];
}

function loadImport(path: string, references: Readonly<Record<string, string>>): ProtoFile | undefined {
  const text = references[path];
  if (text !== undefined) return withFile(path, () => parseProtoSchemaText(text, path, { kind: 'reference', identity: '' }));
  return builtinFile(path);
}

const builtinCache = new Map<string, ProtoFile>();

/** Built-in files are parsed and resolved once per process, on their own, and shared (they never change). */
function builtinFile(path: string): ProtoFile | undefined {
  const cached = builtinCache.get(path);
  if (cached) return cached;
  const builtin = builtinProtoFile(path);
  if (!builtin) return undefined;
  let file: ProtoFile;
  if ('text' in builtin) {
    file = parseProtoSchemaText(builtin.text, path, { kind: 'builtin' });
  } else {
    file = buildProtoFile({
      root: protobuf.Root.fromJSON(builtin.json),
      packageName: builtin.packageName,
      syntax: builtin.syntax,
      name: path,
      origin: { kind: 'builtin' },
      text: '',
      imports: builtin.imports.map((p) => ({ path: p })),
      snakeCaseFieldNames: builtin.camelCaseFieldNames,
    });
  }
  builtinCache.set(path, file);
  const dependencies = file.imports.map((i) => builtinFile(i.path)).filter((f): f is ProtoFile => f !== undefined);
  const closure = new Map<string, ProtoFile>();
  const collect = (f: ProtoFile): void => {
    if (closure.has(f.name)) return;
    closure.set(f.name, f);
    for (const i of f.imports) {
      const dep = builtinCache.get(i.path);
      if (dep) collect(dep);
    }
  };
  dependencies.forEach(collect);
  resolveFile(file, registerTypes([file, ...closure.values()]));
  if (file.text === '') file.text = printProtoFile(file);
  return file;
}

/** Same import name, same text, same imports (recursively) ⇔ same identity. */
function identityOf(file: ProtoFile, all: readonly ProtoFile[], visiting = new Set<string>()): string {
  const hash = createHash('sha256').update(file.name).update('\u0000').update(file.text);
  visiting.add(file.name);
  for (const imp of [...file.imports].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const dep = all.find((f) => f.name === imp.path);
    if (!dep || visiting.has(dep.name)) continue;
    hash.update('\u0000').update(dep.origin.kind === 'builtin' ? `builtin:${dep.name}` : identityOf(dep, all, visiting));
  }
  visiting.delete(file.name);
  return hash.digest('hex');
}

function positionOf(position: ProtoPosition | undefined): Partial<ProtoPosition> {
  return position ? { line: position.line, column: position.column } : {};
}

function elementPath(localName: string, ...rest: Array<string | number>): string {
  return `#/${[...localName.split('.'), ...rest.map(String)].join('/')}`;
}

// ---------------------------------------------------------------------------------------------
// registry

function registerTypes(files: readonly ProtoFile[]): Map<string, ProtoTypeEntry> {
  const types = new Map<string, ProtoTypeEntry>();
  const add = (entry: ProtoTypeEntry, position: ProtoPosition | undefined): void => {
    const existing = types.get(entry.fullName);
    if (existing) {
      const where = existing.file === entry.file ? 'twice' : `in ${describeFile(existing.file)} and in ${describeFile(entry.file)}`;
      throw new KontractError('NAME_CLASH', `type ${entry.fullName} is defined ${where}`, {
        location: fileLocation(entry.file, { path: elementPath(entry.localName), ...positionOf(position) }),
        hint: 'Rename one of the types, or put the files in different packages.',
      });
    }
    types.set(entry.fullName, entry);
  };
  const visitMessage = (message: ProtoMessage, file: ProtoFile): void => {
    add({ kind: 'message', fullName: message.fullName, localName: message.localName, declaration: message, file }, message.position);
    for (const nested of message.messages) visitMessage(nested, file);
    for (const group of message.groups) visitMessage(group.message, file);
    for (const enumType of message.enums) add({ kind: 'enum', fullName: enumType.fullName, localName: enumType.localName, declaration: enumType, file }, enumType.position);
  };
  for (const file of files) {
    for (const message of file.messages) visitMessage(message, file);
    for (const enumType of file.enums) add({ kind: 'enum', fullName: enumType.fullName, localName: enumType.localName, declaration: enumType, file }, enumType.position);
  }
  return types;
}

function describeFile(file: ProtoFile): string {
  return file.origin.kind === 'main' ? 'the schema' : `"${file.name}"`;
}

/**
 * Confluent's (and protoc's) scoping: a leading dot means fully qualified; otherwise try the name in
 * the innermost scope (`package.Outer.Inner.T`), then drop one scope component at a time, down to `T`.
 */
export function resolveTypeName(
  written: string,
  packageName: string | undefined,
  scope: readonly string[],
  types: ReadonlyMap<string, ProtoTypeEntry>,
): ProtoTypeEntry | undefined {
  return resolveInScopes(written, enclosingScopes(packageName, scope), types);
}

/**
 * The prefixes {@link resolveTypeName} tries a name with, innermost first: `a.b.c.`, `a.b.`, `a.`, then `''`.
 * The same for every field of a message, so worked out once per message.
 */
function enclosingScopes(packageName: string | undefined, scope: readonly string[]): string[] {
  const components = [...(packageName ? packageName.split('.') : []), ...scope];
  const prefixes: string[] = [];
  let joined = components.join('.');
  for (let i = components.length; i > 0; i--) {
    prefixes.push(`${joined}.`);
    joined = joined.slice(0, Math.max(0, joined.length - (components[i - 1] as string).length - 1));
  }
  prefixes.push('');
  return prefixes;
}

function resolveInScopes(written: string, prefixes: readonly string[], types: ReadonlyMap<string, ProtoTypeEntry>): ProtoTypeEntry | undefined {
  if (written.startsWith('.')) return types.get(written.slice(1));
  for (const prefix of prefixes) {
    const entry = types.get(prefix + written);
    if (entry) return entry;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// resolution

function resolveFile(file: ProtoFile, types: ReadonlyMap<string, ProtoTypeEntry>): void {
  const resolveValue = (type: ProtoValueType, scopes: readonly string[], describe: () => { what: string; path: string; position?: ProtoPosition }): void => {
    if (type.kind !== 'named') return;
    const entry = resolveInScopes(type.written, scopes, types);
    if (!entry) {
      const { what, path, position } = describe();
      throw new KontractError('REFERENCE_UNRESOLVED', `type "${type.written}" used by ${what} is not defined`, {
        location: fileLocation(file, { path, ...positionOf(position) }),
        hint: `Define ${type.written}, qualify its name with its package, or import the file that defines it (and add that file as a schema reference).`,
        context: { type: type.written },
      });
    }
    type.fullName = entry.fullName;
    type.target = entry.kind;
  };
  // `pathBase` is asked for only when the type does not resolve: most fields resolve, and paths are strings to build.
  const resolveField = (field: ProtoField, scopes: readonly string[], owner: string, pathBase: () => string): void => {
    const describe = () => ({ what: `field ${owner}.${field.name}`, path: `${pathBase()}/${field.number}`, ...(field.position ? { position: field.position } : {}) });
    if (field.type.kind === 'map') resolveValue(field.type.value, scopes, describe);
    else resolveValue(field.type, scopes, describe);
  };
  const resolveMessageType = (written: string, scopes: readonly string[], what: string, path: string): string => {
    const entry = resolveInScopes(written, scopes, types);
    if (!entry || entry.kind !== 'message') {
      throw new KontractError('REFERENCE_UNRESOLVED', `message type "${written}" used by ${what} is not defined`, {
        location: fileLocation(file, { path }),
        hint: `Define message ${written}, qualify its name with its package, or import the file that defines it.`,
        context: { type: written },
      });
    }
    return entry.fullName;
  };
  const fileScopes = enclosingScopes(file.package, []);
  // A message's scopes are its parent's with its own in front (its local name is the parent's plus its name), which
  // spares splitting and joining names for every message.
  const visitMessage = (message: ProtoMessage, parentScopes: readonly string[]): void => {
    const scopes = [`${parentScopes[0] as string}${message.name}.`, ...parentScopes];
    const messagePath = (): string => elementPath(message.localName);
    for (const field of message.fields) resolveField(field, scopes, message.localName, messagePath);
    for (const extension of message.extensions) {
      if (!extension.extendeeFullName) {
        extension.extendeeFullName = resolveMessageType(extension.extendee, scopes, `an extend block in ${message.localName}`, elementPath(message.localName));
      }
      for (const field of extension.fields) resolveField(field, scopes, extension.extendee, messagePath);
    }
    for (const nested of message.messages) visitMessage(nested, scopes);
    for (const group of message.groups) visitMessage(group.message, scopes);
  };
  for (const message of file.messages) visitMessage(message, fileScopes);
  for (const extension of file.extensions) {
    if (!extension.extendeeFullName) extension.extendeeFullName = resolveMessageType(extension.extendee, fileScopes, 'an extend block', '#/');
    for (const field of extension.fields) resolveField(field, fileScopes, extension.extendee, () => '#');
  }
  for (const service of file.services) {
    for (const method of service.methods) {
      method.inputFullName = resolveMessageType(method.inputType, fileScopes, `rpc ${service.name}.${method.name}`, `#/${service.name}/${method.name}`);
      method.outputFullName = resolveMessageType(method.outputType, fileScopes, `rpc ${service.name}.${method.name}`, `#/${service.name}/${method.name}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// validation

function invalid(file: ProtoFile, message: string, path: string, position: ProtoPosition | undefined, hint: string): KontractError {
  return new KontractError('SCHEMA_INVALID', message, { location: fileLocation(file, { path, ...positionOf(position) }), hint });
}

function validateFile(file: ProtoFile): void {
  const visitMessage = (message: ProtoMessage): void => {
    const numbered: Array<{ name: string; number: number; position?: ProtoPosition }> = [
      ...message.fields,
      ...message.groups.map((g) => ({ name: g.fieldName, number: g.number, ...(g.message.position ? { position: g.message.position } : {}) })),
    ];
    for (const field of numbered) validateFieldNumber(file, message, field);
    for (const extension of message.extensions) {
      for (const field of extension.fields) {
        validateNumberRange(file, () => `${extension.extendee}.${field.name}`, field.number, () => elementPath(message.localName, field.number), field.position);
      }
    }
    validateEnumScope(file, message.localName, message.enums, message.messages);
    for (const nested of message.messages) visitMessage(nested);
    for (const group of message.groups) visitMessage(group.message);
    for (const enumType of message.enums) validateEnum(file, enumType);
  };
  for (const message of file.messages) visitMessage(message);
  for (const enumType of file.enums) validateEnum(file, enumType);
  validateEnumScope(file, '', file.enums, file.messages);
  for (const extension of file.extensions) {
    for (const field of extension.fields) validateNumberRange(file, () => `${extension.extendee}.${field.name}`, field.number, () => `#/${field.number}`, field.position);
  }
}

// The element path and the description of a field are built only once something is wrong: checking valid
// fields is the common case, and building those strings for every field cost more than the checks.
function validateNumberRange(file: ProtoFile, what: () => string, number: number, path: () => string, position: ProtoPosition | undefined): void {
  if (number < 1 || number > MAX_FIELD_NUMBER) {
    throw invalid(file, `field ${what()} has number ${number}; field numbers must be between 1 and ${MAX_FIELD_NUMBER}`, path(), position, 'Use a field number from 1 to 536870911.');
  }
  if (number >= IMPLEMENTATION_RESERVED.from && number <= IMPLEMENTATION_RESERVED.to) {
    throw invalid(
      file,
      `field ${what()} has number ${number}; numbers 19000 to 19999 are reserved for the Protobuf implementation`,
      path(),
      position,
      'Use a field number outside 19000-19999.',
    );
  }
}

function validateFieldNumber(file: ProtoFile, message: ProtoMessage, field: { name: string; number: number; position?: ProtoPosition }): void {
  const what = (): string => `${message.localName}.${field.name}`;
  const path = (): string => elementPath(message.localName, field.number);
  validateNumberRange(file, what, field.number, path, field.position);
  if (message.reservedRanges.some((r) => field.number >= r.from && field.number <= r.to)) {
    throw invalid(file, `field ${what()} uses number ${field.number}, which ${message.localName} reserves`, path(), field.position, 'Use a number that is not reserved (reserved numbers belong to deleted fields).');
  }
  if (message.reservedNames.includes(field.name)) {
    throw invalid(file, `field ${what()} uses the name "${field.name}", which ${message.localName} reserves`, path(), field.position, 'Use a name that is not reserved (reserved names belong to deleted fields).');
  }
  if (message.extensionRanges.some((r) => field.number >= r.from && field.number <= r.to)) {
    throw invalid(file, `field ${what()} uses number ${field.number}, which is in an extensions range of ${message.localName}`, path(), field.position, 'Use a number outside the extensions ranges.');
  }
}

function validateEnum(file: ProtoFile, enumType: ProtoEnum): void {
  if (enumType.values.length === 0) {
    throw invalid(file, `enum ${enumType.localName} has no values`, elementPath(enumType.localName), enumType.position, 'Declare at least one value (proto3: the first one must be 0).');
  }
  for (const value of enumType.values) {
    const path = (): string => elementPath(enumType.localName, value.number);
    if (enumType.reservedRanges.some((r) => value.number >= r.from && value.number <= r.to)) {
      throw invalid(file, `enum value ${enumType.localName}.${value.name} uses number ${value.number}, which the enum reserves`, path(), value.position, 'Use a number that is not reserved.');
    }
    if (enumType.reservedNames.includes(value.name)) {
      throw invalid(file, `enum value ${enumType.localName}.${value.name} uses a reserved name`, path(), value.position, 'Use a name that is not reserved.');
    }
  }
}

/**
 * Enum values are scoped like C++ enums: they live beside their enum, so two enums in one scope may
 * not declare the same value name, nor may a value share its name with a sibling type (protoc and the
 * Java descriptor builder Confluent uses both reject this).
 */
function validateEnumScope(file: ProtoFile, scopeLocalName: string, enums: readonly ProtoEnum[], messages: readonly ProtoMessage[]): void {
  const seen = new Map<string, string>();
  for (const sibling of [...enums, ...messages]) seen.set(sibling.name, `${sibling.kind} ${sibling.localName}`);
  for (const enumType of enums) {
    for (const value of enumType.values) {
      const other = seen.get(value.name);
      if (other !== undefined && other !== `enum-value ${enumType.localName}`) {
        throw new KontractError(
          'NAME_CLASH',
          `enum value ${value.name} of ${enumType.localName} clashes with ${other.startsWith('enum-value') ? `a value of enum ${other.slice('enum-value '.length)}` : other}${scopeLocalName ? ` in ${scopeLocalName}` : ''}`,
          {
            location: fileLocation(file, { path: elementPath(enumType.localName, value.number), ...positionOf(value.position) }),
            hint: `Enum values share their enum's enclosing scope; prefix them with the enum name (e.g. ${toUpperSnake(enumType.name)}_${value.name}).`,
          },
        );
      }
      seen.set(value.name, `enum-value ${enumType.localName}`);
    }
  }
}

function toUpperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
