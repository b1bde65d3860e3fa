/**
 * Avro → TypeScript. Records become interfaces (plus an `…Input` interface where fields with defaults may
 * be left out), enums string-literal unions, fixed `Buffer` aliases; unions are plain TypeScript unions of
 * the branch values (no `{ type: value }` wrapping). Named types defined in a referenced subject are imported
 * from that subject's generated version file. Arrays in input types are `readonly`, so producers can pass
 * readonly data.
 *
 * The value mapping below ({@link avroLogicalMapping} and the primitive table) is binding for the serializer:
 * it must produce and accept exactly these JavaScript values.
 */
import { KontractError } from '../errors.js';
import type { AvroField, AvroNamedType, AvroPrimitiveName, AvroRecord, AvroType, ParsedAvroSchema } from '../schema/avro-model.js';
import { avroFormat } from '../schema/avro.js';
import type { DeclaredType, GeneratedVersion, TypeGeneratorContext, VersionTypes } from './context.js';
import type { TsFile } from './printer.js';
import { isUsableTypeName, pascalCase, propertyKey, tsString } from './names.js';

/** How an Avro logical type is represented in generated types (and by the serializer). */
export interface AvroLogicalMapping {
  logicalType: string;
  /** The TypeScript type of values. */
  tsType: 'Date' | 'number' | 'bigint' | 'string';
  /** One sentence for TSDoc: what the value means. */
  description: string;
}

/**
 * The TypeScript representation of `node`'s logical type, or `undefined` when it has none or the logical type
 * does not apply to the underlying type (Avro says such logical types are ignored, so the value is typed by the
 * underlying type). `longType` is how `long` values are typed.
 *
 * - `timestamp-millis`, `timestamp-micros`, `local-timestamp-millis`, `local-timestamp-micros` on `long` → `Date`
 * - `date` on `int` → `Date` at UTC midnight
 * - `time-millis` on `int` → `number` (milliseconds since midnight)
 * - `time-micros` on `long` → `number`, or `bigint` when `longType` is `bigint` (microseconds since midnight)
 * - `uuid` on `string` → `string`
 * - `decimal` on `bytes` or `fixed` with a valid precision and scale → `string`, the exact decimal text (`"12.34"`)
 */
export function avroLogicalMapping(node: AvroType, longType: 'number' | 'bigint'): AvroLogicalMapping | undefined {
  const logicalType = node.logicalType;
  if (logicalType === undefined) return undefined;
  const base = node.kind === 'primitive' ? node.type : node.kind;
  switch (logicalType) {
    case 'timestamp-millis':
    case 'timestamp-micros':
      return base === 'long' ? { logicalType, tsType: 'Date', description: 'An instant, as a `Date`.' } : undefined;
    case 'local-timestamp-millis':
    case 'local-timestamp-micros':
      return base === 'long' ? { logicalType, tsType: 'Date', description: 'A local date-time, as a `Date` whose UTC fields are the local fields.' } : undefined;
    case 'date':
      return base === 'int' ? { logicalType, tsType: 'Date', description: 'A calendar date, as a `Date` at UTC midnight.' } : undefined;
    case 'time-millis':
      return base === 'int' ? { logicalType, tsType: 'number', description: 'A time of day, in milliseconds since midnight.' } : undefined;
    case 'time-micros':
      return base === 'long' ? { logicalType, tsType: longType, description: 'A time of day, in microseconds since midnight.' } : undefined;
    case 'uuid':
      return base === 'string' ? { logicalType, tsType: 'string', description: 'A UUID, as its text.' } : undefined;
    case 'decimal': {
      if (base !== 'bytes' && base !== 'fixed') return undefined;
      const digits = decimalDigits(node);
      return digits ? { logicalType, tsType: 'string', description: `An exact decimal number (precision ${digits.precision}, scale ${digits.scale}) as its text, e.g. \`"12.34"\`.` } : undefined;
    }
    default:
      return undefined;
  }
}

/** Precision and scale of a decimal, when valid (Avro ignores a decimal logical type that is not). */
function decimalDigits(node: AvroType): { precision: number; scale: number } | undefined {
  const precision = node.props['precision'];
  const scale = node.props['scale'] ?? 0;
  if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1) return undefined;
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision) return undefined;
  if (node.kind === 'fixed' && precision > Math.floor(Math.log10(2) * (8 * node.size - 1))) return undefined;
  return { precision, scale };
}

function primitiveType(name: AvroPrimitiveName, longType: 'number' | 'bigint'): string {
  switch (name) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'float':
    case 'double':
      return 'number';
    case 'long':
      return longType;
    case 'bytes':
      return 'Buffer';
    case 'string':
      return 'string';
  }
}

type Mode = 'read' | 'input';

export function generateAvroTypes(context: TypeGeneratorContext): VersionTypes {
  return new AvroTypePrinter(context).print();
}

class AvroTypePrinter {
  private readonly parsed: ParsedAvroSchema;
  private readonly file: TsFile;
  private readonly longType: 'number' | 'bigint';
  private readonly local = new Map<AvroNamedType, DeclaredType>();

  constructor(private readonly context: TypeGeneratorContext) {
    const { version } = context;
    try {
      this.parsed = avroFormat.parse({ schema: version.schema, references: version.referenceTexts }, { file: version.file, strict: false });
    } catch (error) {
      if (error instanceof KontractError) throw error.withLocation({ file: version.file });
      throw error;
    }
    this.file = context.file;
    this.longType = context.codegen.longType;
  }

  print(): VersionTypes {
    const locals = this.parsed.definedNames.map((name) => this.parsed.namedTypes.get(name)!);
    this.allocateNames(locals);
    const { root } = this.parsed;
    let rootTypes: DeclaredType;
    const rootLocal = isNamed(root) ? this.local.get(root) : undefined;
    if (rootLocal) rootTypes = rootLocal;
    else {
      // The root is a primitive, array, map, union or a type of a reference: give it an alias of its own.
      const type = this.file.declareUnique(this.context.fallbackRootName);
      const input = this.file.declareUnique(`${type}Input`);
      rootTypes = { type, input, inputDiffers: this.inputDiffers(root) };
    }
    for (const named of locals) this.printNamed(named);
    if (!rootLocal) {
      const what = `\`${this.context.version.subject}\` version ${this.context.version.version}`;
      this.file.doc(`A value of ${what}.`);
      this.file.line(`export type ${rootTypes.type} = ${this.typeOf(root, 'read')};`);
      this.file.doc(`A value of ${what} as producers may write it.`);
      this.file.line(`export type ${rootTypes.input} = ${rootTypes.inputDiffers ? this.typeOf(root, 'input') : rootTypes.type};`);
    }
    const named = new Map<string, DeclaredType>();
    for (const [node, declared] of this.local) named.set(node.name, declared);
    return { root: rootTypes, named, ...(isNamed(root) && root.name !== '' ? { recordName: root.name } : {}) };
  }

  /**
   * Names for the types this text defines: the short name, or the full name in PascalCase when two types
   * share a short name or the short name would shadow something generated code needs.
   */
  private allocateNames(locals: readonly AvroNamedType[]): void {
    const shortNameCount = new Map<string, number>();
    for (const node of locals) shortNameCount.set(node.shortName, (shortNameCount.get(node.shortName) ?? 0) + 1);
    const types = new Map<AvroNamedType, string>();
    for (const node of locals) {
      if (node.name === '') {
        throw new KontractError('SCHEMA_INVALID', 'a record without a name cannot be given a TypeScript type', {
          location: { file: this.context.version.file, path: node.path },
          hint: 'Give the record a "name".',
        });
      }
      let base = shortNameCount.get(node.shortName) === 1 && isUsableTypeName(node.shortName) ? node.shortName : pascalCase(node.name);
      if (!isUsableTypeName(base)) base = `${base}Type`;
      types.set(node, this.file.declareUnique(base));
    }
    // Input names after all read names, so a record named `XInput` keeps its name.
    for (const node of locals) {
      const type = types.get(node)!;
      const input = node.kind === 'record' ? this.file.declareUnique(`${type}Input`) : type;
      this.local.set(node, { type, input, inputDiffers: false });
    }
    this.computeInputDiffers(locals);
  }

  /** A record's input type differs when it or a record it contains has a field with a default. Fixed point, as records may recurse. */
  private computeInputDiffers(locals: readonly AvroNamedType[]): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const node of locals) {
        const declared = this.local.get(node)!;
        if (node.kind !== 'record' || declared.inputDiffers) continue;
        if (node.fields.some((field) => field.hasDefault || this.inputDiffers(field.type))) {
          declared.inputDiffers = true;
          changed = true;
        }
      }
    }
  }

  /** Whether the input type of `node` differs from its read type, as far as known now. */
  private inputDiffers(node: AvroType): boolean {
    switch (node.kind) {
      case 'record':
      case 'enum':
      case 'fixed':
        return this.declaredOf(node).declared.inputDiffers;
      case 'array':
        return this.inputDiffers(node.items);
      case 'map':
        return this.inputDiffers(node.values);
      case 'union':
        return node.branches.some((branch) => this.inputDiffers(branch));
      case 'primitive':
        return false;
    }
  }

  /** Where a named type is declared: here, or in the generated file of the reference that defines it. */
  private declaredOf(node: AvroNamedType): { declared: DeclaredType; from?: GeneratedVersion } {
    const local = this.local.get(node);
    if (local) return { declared: local };
    const definedIn = node.definedIn;
    const from = definedIn === undefined ? undefined : this.context.referencedVersion(definedIn);
    const declared = from?.named.get(node.name);
    if (!from || !declared) {
      throw new KontractError('REFERENCE_UNRESOLVED', `the type ${node.name} comes from no reference of this version`, {
        location: { file: this.context.version.file, path: node.path },
        hint: 'Declare the subject that defines it as a reference of this version.',
      });
    }
    return { declared, from };
  }

  private nameOf(node: AvroNamedType, mode: Mode): string {
    const { declared, from } = this.declaredOf(node);
    const name = mode === 'input' ? declared.input : declared.type;
    return from ? this.file.importType(name, this.context.importPath(from)) : name;
  }

  private typeOf(node: AvroType, mode: Mode): string {
    switch (node.kind) {
      case 'primitive':
        return avroLogicalMapping(node, this.longType)?.tsType ?? primitiveType(node.type, this.longType);
      case 'record':
      case 'enum':
      case 'fixed':
        return this.nameOf(node, mode);
      case 'array': {
        // Producers may pass readonly arrays; consumers get arrays of their own.
        const items = this.typeOf(node.items, mode);
        const array = items.includes(' | ') ? `(${items})[]` : `${items}[]`;
        return mode === 'input' ? `readonly ${array}` : array;
      }
      case 'map':
        return `Record<string, ${this.typeOf(node.values, mode)}>`;
      case 'union': {
        const branches = [...new Set(node.branches.map((branch) => this.typeOf(branch, mode)))];
        return branches.length === 0 ? 'never' : branches.join(' | ');
      }
    }
  }

  private printNamed(node: AvroNamedType): void {
    const declared = this.local.get(node)!;
    switch (node.kind) {
      case 'record':
        this.printRecord(node, declared);
        break;
      case 'enum': {
        const notes = [`Avro enum \`${node.name}\`.`];
        if (node.default !== undefined) notes.push(`A reader that does not know a symbol reads \`${node.default}\`.`);
        this.file.doc(node.doc, notes.join(' '));
        const symbols = node.symbols.map(tsString);
        this.file.line(`export type ${declared.type} = ${symbols.length === 0 ? 'never' : symbols.join(' | ')};`);
        this.file.line();
        break;
      }
      case 'fixed': {
        const logical = avroLogicalMapping(node, this.longType);
        this.file.doc(node.doc, `Avro fixed \`${node.name}\` of ${node.size} bytes.${logical ? ` ${logical.description}` : ''}`);
        this.file.line(`export type ${declared.type} = ${logical ? logical.tsType : 'Buffer'};`);
        this.file.line();
        break;
      }
    }
  }

  private printRecord(node: AvroRecord, declared: DeclaredType): void {
    this.file.doc(node.doc, `Avro record \`${node.name}\`.`);
    this.printFields(`export interface ${declared.type}`, node.fields, 'read');
    this.file.line();
    this.file.doc(`{@link ${declared.type}} as producers may write it${declared.inputDiffers ? ': fields with a default may be left out' : ''}.`);
    if (declared.inputDiffers) this.printFields(`export interface ${declared.input}`, node.fields, 'input');
    else this.file.line(`export type ${declared.input} = ${declared.type};`);
    this.file.line();
  }

  private printFields(head: string, fields: readonly AvroField[], mode: Mode): void {
    if (fields.length === 0) {
      this.file.line(`${head} {}`);
      return;
    }
    this.file.block(`${head} {`, '}', () => {
      for (const field of fields) {
        this.file.doc(field.doc, ...this.fieldNotes(field));
        const optional = mode === 'input' && field.hasDefault ? '?' : '';
        this.file.line(`${propertyKey(field.name)}${optional}: ${this.typeOf(field.type, mode)};`);
      }
    });
  }

  private fieldNotes(field: AvroField): string[] {
    const notes: string[] = [];
    const logical = avroLogicalMapping(field.type, this.longType);
    if (logical) notes.push(`${logical.description} (Avro \`${logical.logicalType}\`.)`);
    if (field.hasDefault) notes.push(`@defaultValue \`${JSON.stringify(field.default)}\``);
    return notes;
  }
}

function isNamed(node: AvroType): node is AvroNamedType {
  return node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed';
}
