/**
 * Builds the avsc `Type` of a parsed Avro schema (references included) with kontract's value mapping:
 * unions are never wrapped (a union value is the branch value itself, as in the generated types), logical
 * types as in {@link AVRO_LOGICAL_TYPES}, `long` as number or bigint, strings read by {@link TextType}.
 *
 * The schema handed to avsc is rebuilt from kontract's parsed model rather than from the texts, so that
 * references are inlined in definition order whatever order they were given in, and only the logical
 * types codegen maps are declared (others read as their underlying type, as the Avro spec says).
 */
import avro from 'avsc';
import { avroLogicalMapping } from '../../codegen/avro.js';
import { KontractError } from '../../errors.js';
import type { AvroType, ParsedAvroSchema } from '../../schema/avro-model.js';
import type { LongType } from '../long-type.js';
import { AVRO_LOGICAL_TYPES, bigIntLongType } from './logical.js';
import { TextType } from './string.js';
import { FirstMatchUnionType } from './union.js';

type SchemaObject = Record<string, unknown>;

/** JavaScript value categories; two union branches in one category make the union ambiguous to avsc. */
function valueCategory(node: AvroType, longType: LongType): string {
  const logical = avroLogicalMapping(node, longType);
  if (logical) return logical.tsType === 'Date' ? 'date' : logical.tsType;
  switch (node.kind) {
    case 'primitive':
      switch (node.type) {
        case 'int':
        case 'float':
        case 'double':
          return 'number';
        case 'long':
          return longType;
        case 'bytes':
          return 'buffer';
        default:
          return node.type;
      }
    case 'enum':
      return 'string';
    case 'fixed':
      return 'buffer';
    case 'record':
    case 'map':
      return 'object';
    case 'array':
      return 'array';
    case 'union':
      return 'union';
  }
}

/** avsc wants names without dots relative to the enclosing namespace; a leading dot makes a name absolute. */
function absoluteName(fullName: string): string {
  return `.${fullName}`;
}

class SchemaBuilder {
  private readonly written = new Set<string>();
  /** Unions whose branches avsc could not tell apart by value type: built as {@link FirstMatchUnionType}. */
  readonly ambiguousUnions = new WeakSet<object>();

  constructor(private readonly longType: LongType) {}

  build(node: AvroType): unknown {
    switch (node.kind) {
      case 'primitive': {
        const logical = avroLogicalMapping(node, this.longType);
        if (!logical || !(logical.logicalType in AVRO_LOGICAL_TYPES)) return node.type;
        return { type: node.type, logicalType: logical.logicalType, ...this.decimalAttributes(node) };
      }
      case 'array':
        return { type: 'array', items: this.build(node.items) };
      case 'map':
        return { type: 'map', values: this.build(node.values) };
      case 'union': {
        const branches = node.branches.map((branch) => this.build(branch));
        const categories = node.branches.map((branch) => valueCategory(branch, this.longType));
        if (new Set(categories).size !== categories.length) this.ambiguousUnions.add(branches);
        return branches;
      }
      default:
        return this.buildNamed(node);
    }
  }

  private decimalAttributes(node: AvroType): SchemaObject {
    if (node.logicalType !== 'decimal') return {};
    return { precision: node.props['precision'], scale: node.props['scale'] ?? 0 };
  }

  private buildNamed(node: Extract<AvroType, { name: string }>): unknown {
    if (node.name !== '' && this.written.has(node.name)) return absoluteName(node.name);
    if (node.name !== '') this.written.add(node.name);
    // `namespace: ''` keeps avsc from prefixing the enclosing namespace: names here are already full.
    const head: SchemaObject = node.name === '' ? {} : { name: node.name, namespace: '' };
    if (node.aliases.length > 0) head.aliases = node.aliases.map(absoluteName);
    switch (node.kind) {
      case 'record':
        return {
          type: node.recordType,
          ...head,
          fields: node.fields.map((field) => ({
            name: field.name,
            type: this.build(field.type),
            ...(field.hasDefault ? { default: field.default } : {}),
            ...(field.aliases.length > 0 ? { aliases: field.aliases } : {}),
            ...(field.order !== undefined ? { order: field.order } : {}),
          })),
        };
      case 'enum':
        return { type: 'enum', ...head, symbols: node.symbols, ...(node.default !== undefined ? { default: node.default } : {}) };
      case 'fixed': {
        const logical = avroLogicalMapping(node, this.longType);
        const decimal = logical?.logicalType === 'decimal' ? { logicalType: 'decimal', ...this.decimalAttributes(node) } : {};
        return { type: 'fixed', ...head, size: node.size, ...decimal };
      }
    }
  }
}

/**
 * The avsc type reading and writing values of `parsed` in kontract's value shape. Throws `SCHEMA_INVALID`
 * when avsc cannot represent the schema (e.g. names outside ASCII, which Java accepts and avsc does not).
 */
export function avscTypeOf(parsed: ParsedAvroSchema, longType: LongType): avro.Type {
  const builder = new SchemaBuilder(longType);
  const schema = builder.build(parsed.root);
  try {
    return avro.Type.forSchema(schema as avro.Schema, {
      wrapUnions: 'never',
      logicalTypes: AVRO_LOGICAL_TYPES,
      // `string` (and `long` as bigint) resolve through the registry to kontract's own primitive types.
      registry: longType === 'bigint' ? { string: new TextType(), long: bigIntLongType() } : { string: new TextType() },
      omitRecordMethods: true,
      typeHook: (candidate: avro.Schema, options: unknown) =>
        Array.isArray(candidate) && builder.ambiguousUnions.has(candidate) ? new FirstMatchUnionType(candidate, options) : undefined,
    });
  } catch (error) {
    throw new KontractError('SCHEMA_INVALID', `avsc cannot build a serializer for this Avro schema: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'avsc accepts ASCII names only ([A-Za-z_][A-Za-z0-9_]*); rename types and fields that use other letters.',
      cause: error,
    });
  }
}
