/**
 * Avro schema parsing and validation (`.avsc`), following the Avro 1.12 specification and, where the
 * specification is silent, Apache Avro's Java parser — the one Confluent Schema Registry runs.
 *
 * - Named types are single nodes: every reference to a name is the same object, so recursive types are
 *   cyclic graphs and identity comparisons work (the compatibility engine memoises by identity).
 *   Everything else (primitives, arrays, maps, unions) is a fresh node per occurrence, as in Java.
 * - Name resolution is Java's: an unqualified name inside namespace `x` means `x.Name`; if no such type is
 *   known yet, a type `Name` in the null namespace already defined is used; a record's own name becomes
 *   known once its fields are parsed. Names still unknown after every text is parsed are looked up again
 *   (so references may use each other in any order) and are otherwise `REFERENCE_UNRESOLVED`.
 * - A named type defined twice is accepted only when both definitions are equal in Java's sense (same
 *   name, fields, symbols, size, types, defaults and properties; docs and aliases do not count), as Java
 *   accepts it; the first definition stays the one names refer to. Different definitions are `NAME_CLASH`.
 * - `strict` (a schema being registered) additionally validates field defaults and rejects anonymous
 *   records, empty unions, short names that are primitive names and malformed field aliases.
 */
import { KontractError, type KontractErrorCode } from '../errors.js';
import type {
  AvroArray,
  AvroEnum,
  AvroField,
  AvroFixed,
  AvroMap,
  AvroNamedType,
  AvroPrimitive,
  AvroPrimitiveName,
  AvroRecord,
  AvroType,
  AvroUnion,
  ParsedAvroSchema,
} from './avro-model.js';
import type { ParseOptions, SchemaFormat } from './format.js';
import { escapePointerToken, parseJsonDocument, pointerToPath, type JsonDocument, type JsonValue } from './json-text.js';
import { pointerToken, readJsonDocument } from './json-read.js';
import type { SchemaSource } from './types.js';
import { withNestingGuard } from './nesting.js';

type JsonObject = { [key: string]: JsonValue };

const PRIMITIVE_NAMES: ReadonlySet<string> = new Set<AvroPrimitiveName>([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

/** Attributes Avro itself interprets on a type; everything else is a custom property. */
const TYPE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'type',
  'name',
  'namespace',
  'doc',
  'aliases',
  'fields',
  'symbols',
  'items',
  'values',
  'size',
  'logicalType',
]);
const ENUM_ATTRIBUTES: ReadonlySet<string> = new Set([...TYPE_ATTRIBUTES, 'default']);
const FIELD_ATTRIBUTES: ReadonlySet<string> = new Set(['name', 'type', 'doc', 'default', 'order', 'aliases']);
const FIELD_ORDERS = ['ascending', 'descending', 'ignore'] as const;

/** Java's `Character.isLetter`/`isLetterOrDigit` rule, which Confluent's parser applies (the spec's ASCII rule, extended to Unicode letters). */
const NAME_PATTERN = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
const NAME_HINT = 'Avro names start with a letter or "_" and contain only letters, digits and "_"; namespaces are such names joined by ".".';

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** One schema text being parsed: the main schema or one of its references. */
interface SchemaText {
  document: JsonDocument;
  /** The reference name, for texts of references. */
  reference?: string;
}

/** A place in a schema text, for error locations. */
interface Site {
  text: SchemaText;
  pointer: string;
}

/** A name used before the type it names is known; resolved when every text is parsed. */
interface PendingName {
  fullName: string;
  shortName: string;
  site: Site;
  attach: Array<(type: AvroNamedType) => void>;
}

/** Placeholder slot value until a pending name is resolved; never visible once parsing succeeded. */
const UNRESOLVED: AvroPrimitive = { kind: 'primitive', type: 'null', path: '', props: {} };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** `x.y` + `Name` → `x.y.Name`; names that already contain a dot are full names. */
function qualify(name: string, namespace: string | undefined): string {
  return namespace !== undefined && !name.includes('.') ? `${namespace}.${name}` : name;
}

/** Split a possibly dotted name the way Java's `Schema.Name` does; `''` as namespace means the null namespace. */
function splitName(name: string, namespace: string | undefined): { shortName: string; namespace?: string } {
  const lastDot = name.lastIndexOf('.');
  const space = lastDot < 0 ? namespace : name.slice(0, lastDot);
  const shortName = lastDot < 0 ? name : name.slice(lastDot + 1);
  return space === undefined || space === '' ? { shortName } : { shortName, namespace: space };
}

/**
 * Aliases are qualified with the type's namespace, as Java's `getAliases()` returns them: a dotted alias is
 * already a full name; an alias that ends up in the null namespace while the type has one is written
 * `.Name` (so it can never match a namespaced writer — Java's behaviour, which compatibility must mirror).
 */
function qualifyAlias(alias: string, typeNamespace: string | undefined): string {
  const { shortName, namespace } = splitName(alias, typeNamespace);
  if (namespace === undefined) return typeNamespace === undefined ? shortName : `.${shortName}`;
  return `${namespace}.${shortName}`;
}

function isIntegerLiteral(text: string | undefined): text is string {
  return text !== undefined && /^-?\d+$/.test(text);
}

function inRange(text: string, min: bigint, max: bigint): boolean {
  const value = BigInt(text);
  return value >= min && value <= max;
}

/** What Java's `Double.parseDouble` accepts, which Avro applies to string defaults of float/double fields. */
function isJavaDoubleText(text: string): boolean {
  return /^\s*[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?|0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+[fFdD]?)\s*$/.test(text);
}

class AvroParser {
  /** Every named type by full name; the first definition wins. */
  readonly named = new Map<string, AvroNamedType>();
  /** Named types defined in the main text, in order of appearance. */
  readonly mainDefinitions: AvroNamedType[] = [];
  private readonly pending = new Map<string, PendingName>();
  private readonly redefinitions: Array<{ existing: AvroNamedType; again: AvroNamedType; site: Site }> = [];
  private readonly unions: Array<{ union: AvroUnion; site: Site }> = [];
  private readonly fieldsWithDefaults: Array<{ field: AvroField; site: Site }> = [];

  constructor(private readonly strict: boolean) {}

  /** Parse one text (a reference's or the main one); `attach` receives its root type. */
  parseText(text: string, reference: string | undefined, attach: (type: AvroType) => void): void {
    let document: JsonDocument;
    try {
      document = readJsonDocument(text);
    } catch (error) {
      if (error instanceof KontractError && reference !== undefined) {
        throw new KontractError(error.code, `in referenced schema "${reference}": ${error.message}`, {
          location: error.location,
          hint: error.hint,
          context: { reference },
        });
      }
      throw error;
    }
    this.parseType({ text: { document, reference }, pointer: '' }, document.value, undefined, attach);
  }

  /** After every text: resolve pending names, then the checks that need resolved types. */
  finish(): void {
    for (const pending of this.pending.values()) this.resolvePending(pending);
    for (const { existing, again, site } of this.redefinitions) this.checkRedefinition(existing, again, site);
    for (const { union, site } of this.unions) this.checkUnionBranches(union, site);
    if (this.strict) for (const { field, site } of this.fieldsWithDefaults) this.checkFieldDefault(field, site);
  }

  // ---------------------------------------------------------------- errors

  private fail(code: KontractErrorCode, site: Site, message: string, hint: string): never {
    const position = site.text.document.positions.get(site.pointer);
    const reference = site.text.reference;
    throw new KontractError(code, reference === undefined ? message : `in referenced schema "${reference}": ${message}`, {
      location: { path: pointerToPath(site.pointer), line: position?.line, column: position?.column },
      hint,
      context: reference === undefined ? undefined : { reference },
    });
  }

  private invalid(site: Site, message: string, hint: string): never {
    return this.fail('SCHEMA_INVALID', site, message, hint);
  }

  // ---------------------------------------------------------------- types

  private parseType(site: Site, value: JsonValue, namespace: string | undefined, attach: (type: AvroType) => void): void {
    if (typeof value === 'string') return this.parseTypeName(site, value, namespace, attach);
    if (Array.isArray(value)) return attach(this.parseUnion(site, value, namespace));
    if (isObject(value)) return this.parseTypeObject(site, value, namespace, attach);
    this.invalid(
      site,
      `expected a schema, found ${describeJson(value)}`,
      'A schema is a type name ("string", "com.example.Order"), a JSON object with a "type", or an array (a union).',
    );
  }

  private parseTypeName(site: Site, name: string, namespace: string | undefined, attach: (type: AvroType) => void): void {
    if (PRIMITIVE_NAMES.has(name)) {
      attach({ kind: 'primitive', type: name as AvroPrimitiveName, path: pointerToPath(site.pointer), props: {} });
      return;
    }
    this.referTo(site, name, namespace, attach);
  }

  /** A use of a named type: resolved now if known (Java's rule: the qualified name, then the name as written), else later. */
  private referTo(site: Site, name: string, namespace: string | undefined, attach: (type: AvroType) => void): void {
    const fullName = qualify(name, namespace);
    const known = this.named.get(fullName) ?? this.named.get(name);
    if (known) return attach(known);
    let pending = this.pending.get(fullName);
    if (!pending) {
      pending = { fullName, shortName: name, site, attach: [] };
      this.pending.set(fullName, pending);
    }
    pending.attach.push(attach);
  }

  private resolvePending(pending: PendingName): void {
    const type = this.named.get(pending.fullName) ?? this.named.get(pending.shortName);
    if (!type) {
      this.fail(
        'REFERENCE_UNRESOLVED',
        pending.site,
        `unknown type "${pending.fullName}": no such named type is defined in this schema or its references`,
        `Define "${pending.fullName}" here, or add a schema reference whose name is "${pending.fullName}" (in the repository: reference the subject that defines it), or fix the spelling.`,
      );
    }
    for (const attach of pending.attach) attach(type);
  }

  private parseTypeObject(site: Site, value: JsonObject, namespace: string | undefined, attach: (type: AvroType) => void): void {
    const type = value['type'];
    const typeSite = this.child(site, 'type');
    if (type === undefined) {
      this.invalid(site, 'schema object has no "type"', 'Add "type": a primitive name or "record", "enum", "fixed", "array" or "map".');
    }
    if (typeof type !== 'string') {
      this.invalid(
        typeSite,
        `"type" of a schema object must be a string, found ${describeJson(type)}`,
        'Only a field\'s "type" may hold a nested schema; write a union or nested type directly instead of wrapping it in {"type": …}.',
      );
    }
    if (PRIMITIVE_NAMES.has(type)) return attach(this.parsePrimitiveObject(site, value, type as AvroPrimitiveName));
    switch (type) {
      case 'record':
      case 'error':
        return attach(this.parseRecord(site, value, namespace, type));
      case 'enum':
        return attach(this.parseEnum(site, value, namespace));
      case 'fixed':
        return attach(this.parseFixed(site, value, namespace));
      case 'array':
        return attach(this.parseArray(site, value, namespace));
      case 'map':
        return attach(this.parseMap(site, value, namespace));
      default:
        return this.parseLegacyTypeReference(typeSite, type, namespace, attach);
    }
  }

  /**
   * `{"type": "com.example.Foo"}`: Avro ≤ 1.11 (and so schemas stored by older registries) accepted an
   * already defined name in object form. Accepted when reading stored schemas; new schemas use the plain name.
   */
  private parseLegacyTypeReference(site: Site, name: string, namespace: string | undefined, attach: (type: AvroType) => void): void {
    const known = this.named.get(qualify(name, namespace)) ?? this.named.get(name);
    if (known && !this.strict) return attach(known);
    this.invalid(
      site,
      known ? `a named type is referred to by its name, not by {"type": "${name}"}` : `unknown schema type "${name}"`,
      known
        ? `Write the name itself as the schema: "${name}".`
        : 'Use a primitive type (null, boolean, int, long, float, double, bytes, string), "record", "enum", "fixed", "array", "map", or the name of a defined type as a plain string.',
    );
  }

  private parsePrimitiveObject(site: Site, value: JsonObject, type: AvroPrimitiveName): AvroPrimitive {
    const node: AvroPrimitive = { kind: 'primitive', type, path: pointerToPath(site.pointer), props: this.props(value, TYPE_ATTRIBUTES) };
    this.applyLogicalType(site, value, node);
    return node;
  }

  private parseArray(site: Site, value: JsonObject, namespace: string | undefined): AvroArray {
    const items = value['items'];
    if (items === undefined) this.invalid(site, 'array schema has no "items"', 'Add "items": the schema of the array elements.');
    const node: AvroArray = { kind: 'array', items: UNRESOLVED, path: pointerToPath(site.pointer), props: this.props(value, TYPE_ATTRIBUTES) };
    this.parseType(this.child(site, 'items'), items, namespace, (type) => (node.items = type));
    this.applyLogicalType(site, value, node);
    return node;
  }

  private parseMap(site: Site, value: JsonObject, namespace: string | undefined): AvroMap {
    const values = value['values'];
    if (values === undefined) this.invalid(site, 'map schema has no "values"', 'Add "values": the schema of the map values (keys are always strings).');
    const node: AvroMap = { kind: 'map', values: UNRESOLVED, path: pointerToPath(site.pointer), props: this.props(value, TYPE_ATTRIBUTES) };
    this.parseType(this.child(site, 'values'), values, namespace, (type) => (node.values = type));
    this.applyLogicalType(site, value, node);
    return node;
  }

  private parseUnion(site: Site, branches: JsonValue[], namespace: string | undefined): AvroUnion {
    const node: AvroUnion = { kind: 'union', branches: [], path: pointerToPath(site.pointer), props: {} };
    if (branches.length === 0 && this.strict) {
      this.invalid(site, 'empty union: no value can be written with it', 'List at least one branch, e.g. ["null", "string"].');
    }
    branches.forEach((branch, index) => {
      const branchSite = this.child(site, index);
      if (Array.isArray(branch)) {
        this.invalid(branchSite, 'a union may not directly contain another union', 'Merge the inner union\'s branches into the outer one.');
      }
      node.branches.push(UNRESOLVED);
      this.parseType(branchSite, branch, namespace, (type) => (node.branches[index] = type));
    });
    this.unions.push({ union: node, site });
    return node;
  }

  /** Java's rule: no anonymous branch, and no two branches with the same full name (`int`, `array`, `map` or a named type's name). */
  private checkUnionBranches(union: AvroUnion, site: Site): void {
    const seen = new Map<string, number>();
    union.branches.forEach((branch, index) => {
      const branchSite = this.child(site, index);
      const key = branchKey(branch);
      if (key === '') {
        this.invalid(branchSite, 'a union branch may not be an anonymous record', 'Give the record a "name".');
      }
      const first = seen.get(key);
      if (first !== undefined) {
        this.invalid(
          branchSite,
          `union has two branches of type "${key}" (branches ${first} and ${index})`,
          'A union may hold each unnamed type (array, map, each primitive) once; use differently named records/enums/fixed for more.',
        );
      }
      seen.set(key, index);
    });
  }

  // ---------------------------------------------------------------- named types

  private parseRecord(site: Site, value: JsonObject, namespace: string | undefined, recordType: 'record' | 'error'): AvroRecord {
    const naming = this.parseNaming(site, value, namespace, 'record');
    const node: AvroRecord = {
      kind: 'record',
      recordType,
      ...naming,
      fields: [],
      path: pointerToPath(site.pointer),
      props: this.props(value, TYPE_ATTRIBUTES),
    };
    if (site.text.reference === undefined && naming.name !== '') this.mainDefinitions.push(node);
    const fields = value['fields'];
    const fieldsSite = this.child(site, 'fields');
    if (!Array.isArray(fields)) {
      this.invalid(fields === undefined ? site : fieldsSite, `record "${naming.name}" has no "fields" array`, 'Add "fields": [...] (it may be empty).');
    }
    const fieldNames = new Set<string>();
    fields.forEach((field, index) => {
      const parsed = this.parseField(this.child(fieldsSite, index), field, naming.namespace);
      if (fieldNames.has(parsed.name)) {
        this.invalid(
          this.child(this.child(fieldsSite, index), 'name'),
          `record "${naming.name}" has two fields named "${parsed.name}"`,
          'Field names must be unique within a record; rename or remove one.',
        );
      }
      fieldNames.add(parsed.name);
      node.fields.push(parsed);
    });
    this.applyLogicalType(site, value, node);
    // As in Java, the record's own name becomes known only now (after its fields).
    if (naming.name !== '') this.define(node, site);
    return node;
  }

  private parseField(site: Site, value: JsonValue, namespace: string | undefined): AvroField {
    if (!isObject(value)) {
      this.invalid(site, `a record field must be an object, found ${describeJson(value)}`, 'Write the field as {"name": "...", "type": ...}.');
    }
    const name = this.requiredString(site, value, 'name', 'field has no "name"', 'Add "name" to the field.');
    this.checkName(this.child(site, 'name'), name, 'field name');
    if (value['type'] === undefined) {
      this.invalid(site, `field "${name}" has no "type"`, 'Add "type" to the field, e.g. "string" or ["null", "string"].');
    }
    const field: AvroField = {
      name,
      type: UNRESOLVED,
      hasDefault: Object.prototype.hasOwnProperty.call(value, 'default'),
      aliases: this.parseFieldAliases(site, value),
      path: pointerToPath(site.pointer),
      props: this.props(value, FIELD_ATTRIBUTES),
    };
    const doc = this.optionalString(site, value, 'doc');
    if (doc !== undefined) field.doc = doc;
    const order = this.parseOrder(site, value);
    if (order !== undefined) field.order = order;
    if (field.hasDefault) {
      field.default = value['default'];
      this.fieldsWithDefaults.push({ field, site });
    }
    this.parseType(this.child(site, 'type'), value['type'] as JsonValue, namespace, (type) => (field.type = type));
    this.checkNumericStringDefault(site, field);
    return field;
  }

  /** Java converts a string default of a float/double field to a number while parsing (even without default validation); one that does not convert is an error. */
  private checkNumericStringDefault(site: Site, field: AvroField): void {
    const { type } = field;
    if (typeof field.default !== 'string' || type.kind !== 'primitive' || (type.type !== 'float' && type.type !== 'double')) return;
    if (isJavaDoubleText(field.default)) return;
    this.invalid(
      this.child(site, 'default'),
      `invalid default for field "${field.name}": ${JSON.stringify(field.default)} is not a ${type.type}`,
      'Write the default as a JSON number (or "NaN", "Infinity", "-Infinity").',
    );
  }

  private parseOrder(site: Site, value: JsonObject): AvroField['order'] {
    const order = value['order'];
    if (order === undefined) return undefined;
    const normalized = typeof order === 'string' ? order.toLowerCase() : undefined;
    const known = FIELD_ORDERS.find((candidate) => candidate === normalized);
    if (!known) {
      this.invalid(this.child(site, 'order'), `field "order" must be "ascending", "descending" or "ignore", found ${describeJson(order)}`, 'Use one of "ascending", "descending", "ignore", or leave "order" out.');
    }
    return known;
  }

  private parseFieldAliases(site: Site, value: JsonObject): string[] {
    const aliases = this.stringArray(site, value, 'aliases');
    if (this.strict) {
      aliases.forEach((alias, index) => this.checkName(this.child(this.child(site, 'aliases'), index), alias, 'field alias'));
    }
    return aliases;
  }

  private parseEnum(site: Site, value: JsonObject, namespace: string | undefined): AvroEnum {
    const naming = this.parseNaming(site, value, namespace, 'enum');
    const symbolsValue = value['symbols'];
    const symbolsSite = this.child(site, 'symbols');
    if (!Array.isArray(symbolsValue)) {
      this.invalid(symbolsValue === undefined ? site : symbolsSite, `enum "${naming.name}" has no "symbols" array`, 'Add "symbols": ["A", "B", ...].');
    }
    const symbols: string[] = [];
    symbolsValue.forEach((symbol, index) => {
      const symbolSite = this.child(symbolsSite, index);
      if (typeof symbol !== 'string') this.invalid(symbolSite, `enum symbol must be a string, found ${describeJson(symbol)}`, 'Write each symbol as a string.');
      this.checkName(symbolSite, symbol, 'enum symbol');
      if (symbols.includes(symbol)) this.invalid(symbolSite, `enum "${naming.name}" lists symbol "${symbol}" twice`, 'Remove the duplicate symbol.');
      symbols.push(symbol);
    });
    const node: AvroEnum = { kind: 'enum', ...naming, symbols, path: pointerToPath(site.pointer), props: this.props(value, ENUM_ATTRIBUTES) };
    const enumDefault = value['default'];
    if (enumDefault !== undefined) {
      if (typeof enumDefault !== 'string' || !symbols.includes(enumDefault)) {
        this.invalid(
          this.child(site, 'default'),
          `enum default ${describeJson(enumDefault)} is not one of the symbols of "${naming.name}"`,
          `Use one of ${symbols.map((s) => `"${s}"`).join(', ')} as the enum's "default".`,
        );
      }
      node.default = enumDefault;
    }
    if (site.text.reference === undefined) this.mainDefinitions.push(node);
    this.applyLogicalType(site, value, node);
    this.define(node, site);
    return node;
  }

  private parseFixed(site: Site, value: JsonObject, namespace: string | undefined): AvroFixed {
    const naming = this.parseNaming(site, value, namespace, 'fixed');
    const sizeSite = this.child(site, 'size');
    const sizeText = numberTextAt(site.text.document, sizeSite.pointer, value['size']);
    if (!isIntegerLiteral(sizeText) || !inRange(sizeText, 0n, INT_MAX)) {
      this.invalid(
        value['size'] === undefined ? site : sizeSite,
        `fixed "${naming.name}" needs a "size": a non-negative integer number of bytes, found ${describeJson(value['size'])}`,
        'Set "size" to the number of bytes, e.g. "size": 16.',
      );
    }
    const node: AvroFixed = { kind: 'fixed', ...naming, size: Number(sizeText), path: pointerToPath(site.pointer), props: this.props(value, TYPE_ATTRIBUTES) };
    if (site.text.reference === undefined) this.mainDefinitions.push(node);
    this.applyLogicalType(site, value, node);
    this.define(node, site);
    return node;
  }

  /** name, namespace, aliases, doc and definedIn of a named type, validated. */
  private parseNaming(
    site: Site,
    value: JsonObject,
    inheritedNamespace: string | undefined,
    kind: 'record' | 'enum' | 'fixed',
  ): Pick<AvroRecord, 'name' | 'shortName' | 'namespace' | 'aliases' | 'doc' | 'definedIn'> {
    const nameValue = value['name'];
    const nameSite = this.child(site, 'name');
    const namespaceAttr = this.optionalString(site, value, 'namespace');
    const namespace = namespaceAttr ?? inheritedNamespace;
    const doc = this.optionalString(site, value, 'doc');
    const definedIn = site.text.reference;
    if (nameValue === undefined && kind === 'record' && !this.strict) {
      // Anonymous records occur in stored schemas built programmatically (Java's createRecord with a null name).
      const innerNamespace = namespace === '' ? undefined : namespace;
      return { name: '', shortName: '', namespace: innerNamespace, aliases: [], doc, definedIn };
    }
    if (typeof nameValue !== 'string') {
      this.invalid(
        nameValue === undefined ? site : nameSite,
        nameValue === undefined ? `${kind} has no "name"` : `${kind} "name" must be a string, found ${describeJson(nameValue)}`,
        `Give the ${kind} a "name", e.g. "name": "OrderPlaced" (with a "namespace" such as "com.example.orders").`,
      );
    }
    const split = splitName(nameValue, namespace);
    this.checkName(nameSite, split.shortName, `${kind} name`);
    if (PRIMITIVE_NAMES.has(split.shortName) && (split.namespace === undefined || this.strict)) {
      this.invalid(nameSite, `a ${kind} may not be named after the primitive type "${split.shortName}"`, 'Choose another name.');
    }
    if (split.namespace !== undefined) {
      const namespaceSite = nameValue.includes('.') || namespaceAttr === undefined ? nameSite : this.child(site, 'namespace');
      split.namespace.split('.').forEach((part) => this.checkName(namespaceSite, part, 'namespace part', split.namespace));
    }
    const typeNamespace = split.namespace;
    const aliases = this.stringArray(site, value, 'aliases').map((alias, index) => {
      const aliasSite = this.child(this.child(site, 'aliases'), index);
      const aliasName = splitName(alias, typeNamespace);
      this.checkName(aliasSite, aliasName.shortName, 'alias');
      if (this.strict && aliasName.namespace !== undefined) {
        aliasName.namespace.split('.').forEach((part) => this.checkName(aliasSite, part, 'alias namespace part', aliasName.namespace));
      }
      return qualifyAlias(alias, typeNamespace);
    });
    const name = typeNamespace === undefined ? split.shortName : `${typeNamespace}.${split.shortName}`;
    return { name, shortName: split.shortName, namespace: typeNamespace, aliases, doc, definedIn };
  }

  private define(node: AvroNamedType, site: Site): void {
    const existing = this.named.get(node.name);
    if (existing) {
      this.redefinitions.push({ existing, again: node, site: this.child(site, 'name') });
      return;
    }
    this.named.set(node.name, node);
  }

  private checkRedefinition(existing: AvroNamedType, again: AvroNamedType, site: Site): void {
    if (sameDefinition(existing, again, new Map())) return;
    const where = existing.definedIn === undefined ? `at ${existing.path}` : `in referenced schema "${existing.definedIn}"`;
    this.fail(
      'NAME_CLASH',
      site,
      `"${again.name}" is already defined differently (${where})`,
      'Each full name may be defined once; refer to the existing type by its name, or give this one another name or namespace.',
    );
  }

  // ---------------------------------------------------------------- logical types

  private applyLogicalType(site: Site, value: JsonObject, node: Exclude<AvroType, AvroUnion>): void {
    const logicalType = value['logicalType'];
    if (logicalType === undefined) return;
    if (typeof logicalType !== 'string') {
      // Java reads the attribute as text; a non-string is simply not a logical type.
      node.props['logicalType'] = logicalType;
      return;
    }
    node.logicalType = logicalType;
    const problem = logicalTypeProblem(node, logicalType, site, value);
    if (problem !== undefined) node.logicalTypeError = problem;
  }

  // ---------------------------------------------------------------- defaults (strict)

  private checkFieldDefault(field: AvroField, site: Site): void {
    const defaultSite = this.child(site, 'default');
    const value = field.default as JsonValue;
    // Java turns a string default of a float/double field into a number before validating it.
    if (field.type.kind === 'primitive' && (field.type.type === 'float' || field.type.type === 'double') && typeof value === 'string') {
      if (isJavaDoubleText(value)) return;
    }
    const problem = defaultProblem(field.type, value, defaultSite);
    if (problem !== undefined) {
      this.invalid(
        problem.site,
        `invalid default for field "${field.name}": ${problem.message}`,
        field.type.kind === 'union'
          ? 'A union field\'s default must be a value of the union\'s FIRST branch; reorder the branches (e.g. put "null" first for "default": null) or change the default.'
          : 'Make the default a JSON value of the field\'s type (bytes and fixed defaults are strings, records are objects).',
      );
    }
  }

  // ---------------------------------------------------------------- small helpers

  private child(site: Site, token: string | number): Site {
    return childSite(site, token);
  }

  private props(value: JsonObject, reserved: ReadonlySet<string>): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    for (const [key, propValue] of Object.entries(value)) {
      if (!reserved.has(key)) Object.defineProperty(props, key, { value: propValue, enumerable: true, writable: true, configurable: true });
    }
    return props;
  }

  private requiredString(site: Site, value: JsonObject, key: string, missing: string, hint: string): string {
    const found = value[key];
    if (found === undefined) this.invalid(site, missing, hint);
    if (typeof found !== 'string') this.invalid(this.child(site, key), `"${key}" must be a string, found ${describeJson(found)}`, hint);
    return found;
  }

  private optionalString(site: Site, value: JsonObject, key: string): string | undefined {
    const found = value[key];
    if (found === undefined) return undefined;
    if (typeof found !== 'string') this.invalid(this.child(site, key), `"${key}" must be a string, found ${describeJson(found)}`, `Write "${key}" as a string or leave it out.`);
    return found;
  }

  private stringArray(site: Site, value: JsonObject, key: string): string[] {
    const found = value[key];
    if (found === undefined) return [];
    const arraySite = this.child(site, key);
    if (!Array.isArray(found)) this.invalid(arraySite, `"${key}" must be an array of strings, found ${describeJson(found)}`, `Write "${key}": ["..."].`);
    return found.map((item, index) => {
      if (typeof item !== 'string') this.invalid(this.child(arraySite, index), `"${key}" entries must be strings, found ${describeJson(item)}`, `Write "${key}": ["..."].`);
      return item;
    });
  }

  private checkName(site: Site, name: string, what: string, whole?: string): void {
    if (NAME_PATTERN.test(name)) return;
    const shown = whole === undefined ? `"${name}"` : `"${name}" (in "${whole}")`;
    this.invalid(site, name === '' ? `empty ${what}${whole === undefined ? '' : ` in "${whole}"`}` : `invalid ${what} ${shown}`, NAME_HINT);
  }
}

/** The key Java's union uses to reject duplicate branches; `''` for an anonymous record. */
function branchKey(type: AvroType): string {
  switch (type.kind) {
    case 'primitive':
      return type.type;
    case 'record':
    case 'enum':
    case 'fixed':
      return type.name;
    default:
      return type.kind;
  }
}

// -------------------------------------------------------------------- logical types

/** Java's own check: these Java-binding properties cannot be combined with a logical type. */
const LOGICAL_TYPE_INCOMPATIBLE_PROPS = ['avro.java.string', 'java-class', 'java-key-class', 'java-element-class'];

const LOGICAL_TYPE_UNDERLYING: Record<string, readonly string[]> = {
  date: ['int'],
  'time-millis': ['int'],
  'time-micros': ['long'],
  'timestamp-millis': ['long'],
  'timestamp-micros': ['long'],
  'timestamp-nanos': ['long'],
  'local-timestamp-millis': ['long'],
  'local-timestamp-micros': ['long'],
  'local-timestamp-nanos': ['long'],
  'big-decimal': ['bytes'],
  uuid: ['string', 'fixed'],
  duration: ['fixed'],
  decimal: ['bytes', 'fixed'],
};

function underlyingName(node: AvroType): string {
  return node.kind === 'primitive' ? node.type : node.kind;
}

/** Why a logical type is ignored (Apache Avro's `LogicalTypes.fromSchemaIgnoreInvalid` rules), or undefined when it is valid. */
function logicalTypeProblem(node: Exclude<AvroType, AvroUnion>, logicalType: string, site: Site, value: JsonObject): string | undefined {
  const allowed = LOGICAL_TYPE_UNDERLYING[logicalType];
  if (allowed === undefined) return `unknown logical type "${logicalType}"`;
  const underlying = underlyingName(node);
  if (!allowed.includes(underlying)) return `logical type "${logicalType}" needs an underlying ${allowed.join(' or ')}, not ${underlying}`;
  const incompatible = LOGICAL_TYPE_INCOMPATIBLE_PROPS.find((prop) => typeof value[prop] === 'string');
  if (incompatible !== undefined) return `logical type "${logicalType}" cannot be combined with "${incompatible}"`;
  if (logicalType === 'uuid' && node.kind === 'fixed' && node.size !== 16) return 'logical type "uuid" on fixed needs size 16';
  if (logicalType === 'duration' && node.kind === 'fixed' && node.size !== 12) return 'logical type "duration" needs fixed size 12';
  if (logicalType === 'decimal') return decimalProblem(node, site, value);
  return undefined;
}

function decimalProblem(node: AvroType, site: Site, value: JsonObject): string | undefined {
  const numberText = (key: string): string | undefined => numberTextAt(site.text.document, `${site.pointer}/${pointerToken(key)}`, value[key]);
  if (value['precision'] === undefined) return 'decimal without "precision"';
  const precisionText = numberText('precision');
  if (!isIntegerLiteral(precisionText) || !inRange(precisionText, INT_MIN, INT_MAX)) return 'decimal "precision" must be an integer';
  const precision = Number(precisionText);
  let scale = 0;
  if (value['scale'] !== undefined) {
    const scaleText = numberText('scale');
    if (!isIntegerLiteral(scaleText) || !inRange(scaleText, INT_MIN, INT_MAX)) return 'decimal "scale" must be an integer';
    scale = Number(scaleText);
  }
  if (precision <= 0) return `decimal precision ${precision} must be positive`;
  if (node.kind === 'fixed') {
    const maxPrecision = Math.round(Math.floor(Math.log10(2) * (8 * node.size - 1)));
    if (precision > maxPrecision) return `fixed(${node.size}) cannot store ${precision} digits (max ${maxPrecision})`;
  }
  if (scale < 0) return `decimal scale ${scale} must not be negative`;
  if (scale > precision) return `decimal scale ${scale} is greater than precision ${precision}`;
  return undefined;
}

// -------------------------------------------------------------------- default values

interface DefaultProblem {
  site: Site;
  message: string;
}

function describeType(type: AvroType): string {
  switch (type.kind) {
    case 'primitive':
      return type.type;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${type.kind} ${type.name || '(anonymous)'}`;
    case 'array':
      return `array of ${describeType(type.items)}`;
    case 'map':
      return `map of ${describeType(type.values)}`;
    case 'union':
      return `union [${type.branches.map(describeType).join(', ')}]`;
  }
}

/**
 * Whether `value` is a valid JSON encoding of a `type` value, as the spec defines default values: a union's
 * value belongs to its first branch; bytes and fixed are strings; records are objects whose missing fields
 * have defaults. Recursion follows the (finite) JSON value, so recursive types end with it.
 */
function defaultProblem(type: AvroType, value: JsonValue, site: Site): DefaultProblem | undefined {
  const mismatch = (): DefaultProblem => ({ site, message: `expected ${describeType(type)}, found ${describeJson(value)}` });
  const numberText = numberTextAt(site.text.document, site.pointer, value);
  switch (type.kind) {
    case 'primitive':
      return primitiveDefaultMatches(type.type, value, numberText) ? undefined : mismatch();
    case 'enum':
      if (typeof value !== 'string') return mismatch();
      return type.symbols.includes(value) ? undefined : { site, message: `"${value}" is not a symbol of enum ${type.name}` };
    case 'fixed':
      if (typeof value !== 'string') return mismatch();
      return value.length === type.size ? undefined : { site, message: `fixed ${type.name} needs a ${type.size}-character string (one character per byte), found ${value.length}` };
    case 'array':
      if (!Array.isArray(value)) return mismatch();
      for (let index = 0; index < value.length; index++) {
        const problem = defaultProblem(type.items, value[index] as JsonValue, childSite(site, index));
        if (problem) return problem;
      }
      return undefined;
    case 'map':
      if (!isObject(value)) return mismatch();
      for (const [key, item] of Object.entries(value)) {
        const problem = defaultProblem(type.values, item, childSite(site, key));
        if (problem) return problem;
      }
      return undefined;
    case 'union': {
      const first = type.branches[0];
      if (first === undefined) return mismatch();
      return defaultProblem(first, value, site);
    }
    case 'record':
      return recordDefaultProblem(type, value, site);
  }
}

function recordDefaultProblem(type: AvroRecord, value: JsonValue, site: Site): DefaultProblem | undefined {
  if (!isObject(value)) return { site, message: `expected record ${type.name || '(anonymous)'} (a JSON object), found ${describeJson(value)}` };
  for (const field of type.fields) {
    if (Object.prototype.hasOwnProperty.call(value, field.name)) {
      const problem = defaultProblem(field.type, value[field.name] as JsonValue, childSite(site, field.name));
      if (problem) return problem;
    } else if (!field.hasDefault) {
      return { site, message: `record ${type.name || '(anonymous)'} value lacks field "${field.name}", which has no default` };
    }
  }
  return undefined;
}

function primitiveDefaultMatches(type: AvroPrimitiveName, value: JsonValue, numberText: string | undefined): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
      return isIntegerLiteral(numberText) && inRange(numberText, INT_MIN, INT_MAX);
    case 'long':
      return isIntegerLiteral(numberText) && inRange(numberText, LONG_MIN, LONG_MAX);
    case 'float':
    case 'double':
      return typeof value === 'number';
    case 'bytes':
    case 'string':
      return typeof value === 'string';
  }
}

/** The literal text of the number `value` found at `pointer` (see `readJsonDocument`); `undefined` for other values. */
function numberTextAt(document: JsonDocument, pointer: string, value: JsonValue | undefined): string | undefined {
  return typeof value === 'number' ? (document.numberTexts.get(pointer) ?? String(value)) : undefined;
}

function childSite(site: Site, token: string | number): Site {
  return { text: site.text, pointer: `${site.pointer}/${pointerToken(token)}` };
}

// -------------------------------------------------------------------- equality of definitions

/**
 * Java's `Schema.equals`, used to accept a named type defined twice identically: names, fields (name, type,
 * default, order, properties), symbols, size, branch types and properties count; docs and aliases do not.
 */
function sameDefinition(a: AvroType, b: AvroType, seen: Map<AvroType, Set<AvroType>>): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.logicalType !== b.logicalType || !sameJson(a.props, b.props)) return false;
  switch (a.kind) {
    case 'primitive':
      return a.type === (b as AvroPrimitive).type;
    case 'array':
      return sameDefinition(a.items, (b as AvroArray).items, seen);
    case 'map':
      return sameDefinition(a.values, (b as AvroMap).values, seen);
    case 'union': {
      const other = b as AvroUnion;
      return a.branches.length === other.branches.length && a.branches.every((branch, i) => sameDefinition(branch, other.branches[i] as AvroType, seen));
    }
    case 'enum':
      return a.name === (b as AvroEnum).name && sameJson(a.symbols, (b as AvroEnum).symbols);
    case 'fixed':
      return a.name === (b as AvroFixed).name && a.size === (b as AvroFixed).size;
    case 'record':
      return sameRecord(a, b as AvroRecord, seen);
  }
}

function sameRecord(a: AvroRecord, b: AvroRecord, seen: Map<AvroType, Set<AvroType>>): boolean {
  if (a.name !== b.name || a.fields.length !== b.fields.length) return false;
  // Recursive records: a pair already being compared is assumed equal (Java's SEEN_EQUALS).
  const against = seen.get(a) ?? new Set<AvroType>();
  if (against.has(b)) return true;
  against.add(b);
  seen.set(a, against);
  return a.fields.every((field, i) => {
    const other = b.fields[i] as AvroField;
    return (
      field.name === other.name &&
      field.hasDefault === other.hasDefault &&
      (field.order ?? 'ascending') === (other.order ?? 'ascending') &&
      sameJson(field.default, other.default) &&
      sameJson(field.props, other.props) &&
      sameDefinition(field.type, other.type, seen)
    );
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aEntries = Object.entries(a);
  const bRecord = b as Record<string, unknown>;
  return aEntries.length === Object.keys(b).length && aEntries.every(([key, value]) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(value, bRecord[key]));
}

// -------------------------------------------------------------------- the format

/**
 * Parse an Avro schema with its references (`source.references`: reference name → schema text). The
 * references are parsed into the same name table first (in any order; they may use each other's names),
 * then the main text. Throws `KontractError` (`SCHEMA_SYNTAX`, `SCHEMA_INVALID`, `REFERENCE_UNRESOLVED`,
 * `NAME_CLASH`) with the JSON path and line/column of the problem.
 */
export function parseAvroSchema(source: SchemaSource, options: ParseOptions = {}): ParsedAvroSchema {
  try {
    return withNestingGuard(() => parseWithReferences(source, options.strict ?? false));
  } catch (error) {
    // The file names the main text; an error inside a reference says which reference instead.
    if (error instanceof KontractError && options.file !== undefined && error.context?.['reference'] === undefined) {
      throw error.withLocation({ file: options.file });
    }
    throw error;
  }
}

function parseWithReferences(source: SchemaSource, strict: boolean): ParsedAvroSchema {
  const parser = new AvroParser(strict);
  for (const [reference, text] of Object.entries(source.references ?? {})) {
    parser.parseText(text, reference, () => undefined);
  }
  let root: AvroType = UNRESOLVED;
  parser.parseText(source.schema, undefined, (type) => (root = type));
  parser.finish();
  return {
    root,
    namedTypes: parser.named,
    definedNames: parser.mainDefinitions.filter((type) => parser.named.get(type.name) === type).map((type) => type.name),
    text: source.schema,
  };
}

/**
 * Full names a schema text uses but does not define (after namespace resolution), in order of first use:
 * what its Confluent references must provide. Tolerates invalid schemas; throws only on JSON syntax errors.
 */
export function avroReferencedNames(schema: string): string[] {
  return withNestingGuard(() => {
    const { value } = readJsonDocument(schema);
    const defined = new Set<string>();
    const used: Array<{ fullName: string; written: string }> = [];
    collectNames(value, undefined, defined, used);
    const referenced: string[] = [];
    for (const { fullName, written } of used) {
      if (defined.has(fullName) || defined.has(written) || referenced.includes(fullName)) continue;
      referenced.push(fullName);
    }
    return referenced;
  });
}

/**
 * Full names of the named types a schema text defines (records, enums, fixed), in definition order, without
 * needing its references: the repository loader uses it to find which subject defines a referenced name.
 */
export function avroDefinedNames(schema: string): string[] {
  return withNestingGuard(() => {
    const defined = new Set<string>();
    collectNames(readJsonDocument(schema).value, undefined, defined, []);
    return [...defined];
  });
}

function collectNames(value: JsonValue | undefined, namespace: string | undefined, defined: Set<string>, used: Array<{ fullName: string; written: string }>): void {
  if (typeof value === 'string') {
    if (!PRIMITIVE_NAMES.has(value)) used.push({ fullName: qualify(value, namespace), written: value });
    return;
  }
  if (Array.isArray(value)) {
    for (const branch of value) collectNames(branch, namespace, defined, used);
    return;
  }
  if (!isObject(value)) return;
  const type = value['type'];
  if (typeof type !== 'string') return collectNames(type, namespace, defined, used);
  if (type === 'array') return collectNames(value['items'], namespace, defined, used);
  if (type === 'map') return collectNames(value['values'], namespace, defined, used);
  if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
    const name = value['name'];
    const declared = typeof value['namespace'] === 'string' ? value['namespace'] : namespace;
    let inner = declared === '' ? undefined : declared;
    if (typeof name === 'string') {
      const split = splitName(name, inner);
      inner = split.namespace;
      defined.add(qualify(split.shortName, inner));
    }
    const fields = value['fields'];
    if ((type === 'record' || type === 'error') && Array.isArray(fields)) {
      for (const field of fields) if (isObject(field)) collectNames(field['type'], inner, defined, used);
    }
    return;
  }
  if (!PRIMITIVE_NAMES.has(type)) used.push({ fullName: qualify(type, namespace), written: type });
}

// -------------------------------------------------------------------- canonical form

/**
 * The canonical text of a schema, used for Confluent's `normalize=true` and to decide whether two texts are
 * the same schema. Whitespace, attribute order, alias order, how names were written (a `namespace`
 * attribute vs a dotted name vs an inherited namespace) and the `{"type": "int"}` spelling of a bare
 * primitive do not matter; everything a reader or a generated type can observe is kept:
 * - full names (`"name": "com.example.Order"`, no `namespace` attribute), a named type written in full at
 *   its first occurrence and by full name after that, types from references always by full name;
 * - field order, enum symbol order and union branch order (they define the binary encoding);
 * - docs (generated code shows them, and a changed doc is a new registry version in Confluent too),
 *   defaults, `order` unless it is the default `ascending`, aliases (sorted), logical types and custom
 *   properties (sorted by key; unknown attributes are how tools such as Kafka Connect annotate schemas).
 * Attribute order: `type`, `name`, `aliases`, `doc`, `fields`/`symbols`/`default`/`size`/`items`/`values`,
 * `logicalType`, then properties; fields: `name`, `aliases`, `doc`, `type`, `default`, `order`, properties.
 * Numbers keep their literal value (`1` and `1.0` stay different, as they do for Java's parser).
 */
export function normalizeAvroSchema(source: SchemaSource): string {
  return withNestingGuard(() => {
    const parsed = parseAvroSchema(source, { strict: false });
    const { numberTexts } = parseJsonDocument(source.schema);
    return canonicalType(parsed.root, { written: new Set(), numberTexts });
  });
}

interface CanonicalContext {
  written: Set<string>;
  numberTexts: Map<string, string>;
}

function canonicalType(type: AvroType, context: CanonicalContext): string {
  switch (type.kind) {
    case 'primitive': {
      const extra = canonicalExtras(type, context);
      return extra === '' ? JSON.stringify(type.type) : `{"type":${JSON.stringify(type.type)}${extra}}`;
    }
    case 'union':
      return `[${type.branches.map((branch) => canonicalType(branch, context)).join(',')}]`;
    case 'array':
      return `{"type":"array","items":${canonicalType(type.items, context)}${canonicalExtras(type, context)}}`;
    case 'map':
      return `{"type":"map","values":${canonicalType(type.values, context)}${canonicalExtras(type, context)}}`;
    default:
      return canonicalNamed(type, context);
  }
}

function canonicalNamed(type: AvroNamedType, context: CanonicalContext): string {
  if (type.name !== '' && (type.definedIn !== undefined || context.written.has(type.name))) return JSON.stringify(type.name);
  if (type.name !== '') context.written.add(type.name);
  const kindName = type.kind === 'record' ? type.recordType : type.kind;
  let text = `{"type":"${kindName}"`;
  if (type.name !== '') text += `,"name":${JSON.stringify(type.name)}`;
  if (type.aliases.length > 0) text += `,"aliases":${JSON.stringify([...type.aliases].sort())}`;
  if (type.doc !== undefined) text += `,"doc":${JSON.stringify(type.doc)}`;
  if (type.kind === 'record') text += `,"fields":[${type.fields.map((field) => canonicalField(field, context)).join(',')}]`;
  if (type.kind === 'enum') {
    text += `,"symbols":${JSON.stringify(type.symbols)}`;
    if (type.default !== undefined) text += `,"default":${JSON.stringify(type.default)}`;
  }
  if (type.kind === 'fixed') text += `,"size":${type.size}`;
  return `${text}${canonicalExtras(type, context)}}`;
}

function canonicalField(field: AvroField, context: CanonicalContext): string {
  let text = `{"name":${JSON.stringify(field.name)}`;
  if (field.aliases.length > 0) text += `,"aliases":${JSON.stringify([...field.aliases].sort())}`;
  if (field.doc !== undefined) text += `,"doc":${JSON.stringify(field.doc)}`;
  text += `,"type":${canonicalType(field.type, context)}`;
  if (field.hasDefault) text += `,"default":${canonicalJson(field.default as JsonValue, `${pathPointer(field.path)}/default`, context)}`;
  if (field.order !== undefined && field.order !== 'ascending') text += `,"order":"${field.order}"`;
  return `${text}${canonicalProps(field.props, pathPointer(field.path), context)}}`;
}

/** `logicalType` and custom properties of a type node. */
function canonicalExtras(type: Exclude<AvroType, AvroUnion>, context: CanonicalContext): string {
  const logical = type.logicalType === undefined ? '' : `,"logicalType":${JSON.stringify(type.logicalType)}`;
  return logical + canonicalProps(type.props, pathPointer(type.path), context);
}

function canonicalProps(props: Record<string, unknown>, pointer: string, context: CanonicalContext): string {
  return Object.keys(props)
    .sort()
    .map((key) => `,${JSON.stringify(key)}:${canonicalJson(props[key] as JsonValue, `${pointer}/${escapePointerToken(key)}`, context)}`)
    .join('');
}

/** JSON with sorted object keys and numbers as written (normalised only in form: `1.50` → `1.5`, `1E2` → `100.0`). */
function canonicalJson(value: JsonValue, pointer: string, context: CanonicalContext): string {
  if (Array.isArray(value)) return `[${value.map((item, index) => canonicalJson(item, `${pointer}/${index}`, context)).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue, `${pointer}/${escapePointerToken(key)}`, context)}`);
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'number') return canonicalNumber(value, context.numberTexts.get(pointer));
  return JSON.stringify(value);
}

function canonicalNumber(value: number, literal: string | undefined): string {
  if (isIntegerLiteral(literal)) return BigInt(literal).toString();
  const text = JSON.stringify(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

function pathPointer(path: string): string {
  return path.startsWith('#') ? path.slice(1) : path;
}

/** Field names of the root record (`[]` when the root is not a record): for Confluent's `confluent:reserved` check. */
export function avroTopLevelFieldNames(parsed: ParsedAvroSchema): string[] {
  return parsed.root.kind === 'record' ? parsed.root.fields.map((field) => field.name) : [];
}

/** The Avro {@link SchemaFormat}: `.avsc` files, parsed as described in {@link parseAvroSchema}. */
export const avroFormat: SchemaFormat<ParsedAvroSchema> = {
  type: 'AVRO',
  fileExtensions: ['.avsc'],
  parse: parseAvroSchema,
  referencedNames: avroReferencedNames,
  definedNames: (parsed) => [...parsed.definedNames],
  normalize: normalizeAvroSchema,
  topLevelFieldNames: avroTopLevelFieldNames,
};
