/**
 * Apache Avro's `SchemaCompatibility.checkReaderWriterCompatibility`, step for step (Avro 1.12; the
 * verdict logic is unchanged since 1.9), because Confluent Schema Registry's Avro verdicts are exactly its
 * verdicts. Details that matter for identical results, all deliberate:
 * - results are memoised by the (reader node, writer node) identity pair; a pair met again while it is
 *   still being computed counts as compatible (this ends recursion), and results computed meanwhile are
 *   kept as they are (no fix-point);
 * - a union compared with a union, and a reader union's branches, are checked with a fresh location stack
 *   (Java calls its two-argument `getCompatibility` there), and a memoised result is returned with the
 *   locations it was first computed with — so locations are Java's even in those corners;
 * - a reader field that matches several writer fields through its aliases makes Avro throw; Confluent then
 *   reports one error for the whole check, so that is the only difference reported (`AMBIGUOUS_FIELD_ALIAS`).
 */
import type { AvroEnum, AvroField, AvroFixed, AvroNamedType, AvroRecord, AvroType, AvroUnion } from '../../schema/avro-model.js';
import { escapePointerToken } from '../../schema/json-text.js';
import type { Difference } from '../types.js';
import type { AvroRuleId } from './rules.js';

interface PairResult {
  compatible: boolean;
  differences: readonly Difference[];
}

const COMPATIBLE: PairResult = { compatible: true, differences: [] };
const IN_PROGRESS = 'in-progress';

/** Thrown where Avro throws, to abandon the whole check as Avro does. */
class CheckAborted extends Error {
  constructor(readonly difference: Difference) {
    super(difference.message);
  }
}

/**
 * Every incompatibility Avro finds when `reader` reads data written with `writer` (empty: compatible), with
 * Avro 1.12's locations (`/fields/0/type`) and a message naming the fields, types or symbols involved.
 */
export function checkReaderWriterCompatibility(reader: AvroType, writer: AvroType): Difference[] {
  try {
    return [...new ReaderWriterChecker().check(reader, writer).differences];
  } catch (error) {
    if (error instanceof CheckAborted) return [error.difference];
    throw error;
  }
}

/** Avro's `Schema.Type` name of a node, as Avro prints it in messages. */
function avroTypeName(type: AvroType): string {
  return type.kind === 'primitive' ? type.type.toUpperCase() : type.kind.toUpperCase();
}

/** `avroTypeName(a) === avroTypeName(b)`, without building the names (primitive names and kinds never coincide). */
function sameTypeName(a: AvroType, b: AvroType): boolean {
  return a.kind === b.kind && (a.kind !== 'primitive' || a.type === (b as typeof a).type);
}

function displayName(type: AvroNamedType): string {
  return type.name === '' ? '(anonymous)' : type.name;
}

/** Avro's location form: JSON-pointer tokens after the root token, `/` for the root itself. */
function locationOf(stack: readonly string[]): string {
  return `/${stack.slice(1).map(escapePointerToken).join('/')}`;
}

function merge(result: PairResult, other: PairResult): PairResult {
  if (other.differences.length === 0 && other.compatible) return result;
  return { compatible: result.compatible && other.compatible, differences: [...result.differences, ...other.differences] };
}

function incompatible(ruleId: AvroRuleId, stack: readonly string[], message: string): PairResult {
  return { compatible: false, differences: [{ ruleId, location: locationOf(stack), message }] };
}

class ReaderWriterChecker {
  private readonly memo = new Map<AvroType, Map<AvroType, PairResult | typeof IN_PROGRESS>>();

  /** Avro's two-argument `getCompatibility`: a fresh location stack rooted at `''`. */
  check(reader: AvroType, writer: AvroType): PairResult {
    return this.compatibility('', reader, writer, []);
  }

  private compatibility(token: string, reader: AvroType, writer: AvroType, stack: string[]): PairResult {
    stack.push(token);
    let byWriter = this.memo.get(reader);
    if (!byWriter) {
      byWriter = new Map();
      this.memo.set(reader, byWriter);
    }
    const known = byWriter.get(writer);
    let result: PairResult;
    if (known === IN_PROGRESS) result = COMPATIBLE;
    else if (known !== undefined) result = known;
    else {
      byWriter.set(writer, IN_PROGRESS);
      result = this.calculate(reader, writer, stack);
      byWriter.set(writer, result);
    }
    stack.pop();
    return result;
  }

  private calculate(reader: AvroType, writer: AvroType, stack: string[]): PairResult {
    if (sameTypeName(reader, writer)) return this.sameType(reader, writer, stack);
    if (writer.kind === 'union') return this.writerUnionBranches(reader, writer, stack);
    return this.differentTypes(reader, writer, stack);
  }

  private sameType(reader: AvroType, writer: AvroType, stack: string[]): PairResult {
    switch (reader.kind) {
      case 'primitive':
        // Logical types are ignored: only the underlying type matters.
        return COMPATIBLE;
      case 'array':
        return this.compatibility('items', reader.items, (writer as typeof reader).items, stack);
      case 'map':
        return this.compatibility('values', reader.values, (writer as typeof reader).values, stack);
      case 'fixed':
        return merge(this.names(reader, writer as AvroFixed, stack), this.fixedSize(reader, writer as AvroFixed, stack));
      case 'enum':
        return merge(this.names(reader, writer as AvroEnum, stack), this.enumSymbols(reader, writer as AvroEnum, stack));
      case 'record':
        return merge(this.names(reader, writer as AvroRecord, stack), this.recordFields(reader, writer as AvroRecord, stack));
      case 'union':
        return this.unionReadsUnion(reader, writer as AvroUnion, stack);
    }
  }

  /** Union reading a union: one MISSING_UNION_BRANCH per writer branch no reader branch can read (inner details dropped). */
  private unionReadsUnion(reader: AvroUnion, writer: AvroUnion, stack: string[]): PairResult {
    let result = COMPATIBLE;
    writer.branches.forEach((writerBranch, index) => {
      stack.push(String(index));
      if (!this.check(reader, writerBranch).compatible) {
        result = merge(result, incompatible('MISSING_UNION_BRANCH', stack, missingBranchMessage(writerBranch)));
      }
      stack.pop();
    });
    return result;
  }

  /** Non-union reader, union writer: every writer branch must be readable; the branches' own findings are reported. */
  private writerUnionBranches(reader: AvroType, writer: AvroUnion, stack: string[]): PairResult {
    return writer.branches.reduce((result, branch, index) => merge(result, this.compatibility(String(index), reader, branch, stack)), COMPATIBLE);
  }

  private differentTypes(reader: AvroType, writer: AvroType, stack: string[]): PairResult {
    if (reader.kind === 'union') return this.unionReadsValue(reader, writer, stack);
    return isPromotion(reader, writer) ? COMPATIBLE : this.typeMismatch(reader, writer, stack);
  }

  /** Union reading a non-union: whichever branch can read the writer will do (not just the first of the same type). */
  private unionReadsValue(reader: AvroUnion, writer: AvroType, stack: string[]): PairResult {
    for (const branch of reader.branches) {
      if (this.check(branch, writer).compatible) return COMPATIBLE;
    }
    return incompatible('MISSING_UNION_BRANCH', stack, missingBranchMessage(writer));
  }

  private typeMismatch(reader: AvroType, writer: AvroType, stack: string[]): PairResult {
    return incompatible('TYPE_MISMATCH', stack, `reader type: ${avroTypeName(reader)} not compatible with writer type: ${avroTypeName(writer)}`);
  }

  /** Short names equal (namespaces are not compared), or the writer's full name among the reader's aliases. */
  private names(reader: AvroNamedType, writer: AvroNamedType, stack: string[]): PairResult {
    if (reader.shortName === writer.shortName || reader.aliases.includes(writer.name)) return COMPATIBLE;
    stack.push('name');
    const result = incompatible(
      'NAME_MISMATCH',
      stack,
      `reader ${reader.kind} "${displayName(reader)}" has neither the writer's short name nor an alias for "${displayName(writer)}" (expected: ${displayName(writer)})`,
    );
    stack.pop();
    return result;
  }

  private fixedSize(reader: AvroFixed, writer: AvroFixed, stack: string[]): PairResult {
    if (reader.size === writer.size) return COMPATIBLE;
    stack.push('size');
    const result = incompatible(
      'FIXED_SIZE_MISMATCH',
      stack,
      `reader fixed "${displayName(reader)}" has size ${reader.size} but the writer's has size ${writer.size} (expected: ${writer.size}, found: ${reader.size})`,
    );
    stack.pop();
    return result;
  }

  /** Writer symbols the reader lacks are fine only when the reader declares an enum default (one of its symbols). */
  private enumSymbols(reader: AvroEnum, writer: AvroEnum, stack: string[]): PairResult {
    const readerSymbols = new Set(reader.symbols);
    const missing = [...new Set(writer.symbols.filter((symbol) => !readerSymbols.has(symbol)))].sort();
    if (missing.length === 0) return COMPATIBLE;
    if (reader.default !== undefined && readerSymbols.has(reader.default)) return COMPATIBLE;
    stack.push('symbols');
    const result = incompatible(
      'MISSING_ENUM_SYMBOLS',
      stack,
      `reader enum "${displayName(reader)}" lacks writer symbols [${missing.join(', ')}] and declares no default symbol`,
    );
    stack.pop();
    return result;
  }

  /** Each reader field must be read from its writer field, or have a default. Writer-only fields are skipped. */
  private recordFields(reader: AvroRecord, writer: AvroRecord, stack: string[]): PairResult {
    let result = COMPATIBLE;
    stack.push('fields');
    reader.fields.forEach((readerField, position) => {
      stack.push(String(position));
      result = merge(result, this.recordField(readerField, writer, stack));
      stack.pop();
    });
    stack.pop();
    return result;
  }

  private recordField(readerField: AvroField, writer: AvroRecord, stack: string[]): PairResult {
    const writerField = lookupWriterField(readerField, writer, stack);
    if (writerField) return this.compatibility('type', readerField.type, writerField.type, stack);
    if (readerField.hasDefault) return COMPATIBLE;
    // Avro's quirk: an enum with an enum default (but no field default) is compared with the writer RECORD.
    if (readerField.type.kind === 'enum' && readerField.type.default !== undefined) {
      return this.compatibility('type', readerField.type, writer, stack);
    }
    return incompatible(
      'READER_FIELD_MISSING_DEFAULT_VALUE',
      stack,
      `reader field "${readerField.name}" has no default and the writer's record "${displayName(writer)}" has no field "${readerField.name}"${readerField.aliases.length > 0 ? ` (nor ${readerField.aliases.map((a) => `"${a}"`).join(', ')})` : ''}`,
    );
  }
}

/** Avro's allowed promotions between different types (writer → reader). */
function isPromotion(reader: AvroType, writer: AvroType): boolean {
  if (reader.kind !== 'primitive' || writer.kind !== 'primitive') return false;
  switch (reader.type) {
    case 'long':
      return writer.type === 'int';
    case 'float':
      return writer.type === 'int' || writer.type === 'long';
    case 'double':
      return writer.type === 'int' || writer.type === 'long' || writer.type === 'float';
    case 'bytes':
      return writer.type === 'string';
    case 'string':
      return writer.type === 'bytes';
    default:
      return false;
  }
}

function missingBranchMessage(writer: AvroType): string {
  const named = writer.kind === 'record' || writer.kind === 'enum' || writer.kind === 'fixed' ? ` (${displayName(writer)})` : '';
  return `reader union lacking writer type: ${avroTypeName(writer)}${named}`;
}

/**
 * The writer field a reader field reads: the one with its name, plus one per reader field alias (writer
 * field aliases are not used). More than one hit — even the same field twice — aborts the check, as in Avro.
 */
function lookupWriterField(readerField: AvroField, writer: AvroRecord, stack: readonly string[]): AvroField | undefined {
  const fields = fieldsByName(writer);
  const byName = (name: string): AvroField | undefined => fields.get(name);
  if (readerField.aliases.length === 0) return byName(readerField.name);
  const hits: AvroField[] = [];
  for (const name of [readerField.name, ...new Set(readerField.aliases)]) {
    const hit = byName(name);
    if (hit) hits.push(hit);
  }
  if (hits.length > 1) {
    throw new CheckAborted({
      ruleId: 'AMBIGUOUS_FIELD_ALIAS',
      location: locationOf(stack),
      message: `reader field "${readerField.name}" matches ${hits.length} writer fields (${hits.map((field) => `"${field.name}"`).join(', ')}) of record "${displayName(writer)}" through its name and aliases; Apache Avro's check fails on this`,
    });
  }
  return hits[0];
}

/** A record's fields by name, the first of each name as `fields.find` would return it; parsed schemas never change. */
const fieldIndexes = new WeakMap<AvroRecord, Map<string, AvroField>>();

function fieldsByName(record: AvroRecord): Map<string, AvroField> {
  let index = fieldIndexes.get(record);
  if (!index) {
    index = new Map();
    for (const field of record.fields) if (!index.has(field.name)) index.set(field.name, field);
    fieldIndexes.set(record, index);
  }
  return index;
}
