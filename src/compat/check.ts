import { KontractError } from '../errors.js';
import type { SchemaMetadata, SchemaSource, SchemaType } from '../schema/types.js';
import { compatibilityFor } from './formats.js';
import { genericRules } from './generic-rules.js';
import type {
  CheckCompatibilityInput,
  CompatibilityLevel,
  CompatibilityResult,
  CompatibilityRule,
  CompatibilitySchema,
  DiffOptions,
  Direction,
  Finding,
  FormatCompatibility,
} from './types.js';
import { withNestingGuard } from '../schema/nesting.js';

interface PreparedSchema {
  source: SchemaSource;
  version: number;
  parsed: unknown;
}

/**
 * Decide whether `candidate` may follow `previous` at `level`, with Confluent Schema Registry's
 * semantics: non-transitive levels compare with the latest previous version only; transitive levels
 * go newest → oldest and stop at the first version that fails; FULL checks both directions
 * (previous-reads-candidate first). NONE and an empty history always pass.
 *
 * Pure: no I/O. Throws `KontractError` (`SCHEMA_SYNTAX`, `SCHEMA_INVALID`, `REFERENCE_UNRESOLVED`, …)
 * when a schema does not parse.
 *
 * @example
 * ```ts
 * const { compatible, findings } = checkCompatibility({
 *   schemaType: 'AVRO', level: 'BACKWARD',
 *   previous: ['{"type":"record","name":"A","fields":[]}'],
 *   candidate: '{"type":"record","name":"A","fields":[{"name":"x","type":"int"}]}',
 * });
 * // compatible === false; findings[0].ruleId === 'READER_FIELD_MISSING_DEFAULT_VALUE'
 * ```
 */
export function checkCompatibility(input: CheckCompatibilityInput): CompatibilityResult {
  return withNestingGuard(() => checkWith(input));
}

function checkWith(input: CheckCompatibilityInput): CompatibilityResult {
  const fc = compatibilityFor(input.schemaType) as FormatCompatibility<unknown>;
  const options: DiffOptions = { jsonPolicy: input.jsonPolicy ?? 'STRICT' };
  const candidate = prepare(fc, input.candidate, 0, true);
  const findings: Finding[] = [];

  if (input.validateFields) {
    findings.push(...reservedFieldFindings(fc, input.schemaType, candidate, input.previous));
  }

  const previousSources = input.previous.map((p, index) => ({ input: p, index }));
  const toCheck = versionsToCheck(input.level, previousSources);
  for (const { input: prevInput, index } of toCheck) {
    const previous = prepare(fc, prevInput, index + 1, false);
    const pairFindings: Finding[] = [];
    for (const direction of directionsFor(input.level)) {
      const [reader, writer] = direction === 'BACKWARD' ? [candidate, previous] : [previous, candidate];
      for (const d of fc.diff(reader.parsed, writer.parsed, options)) {
        pairFindings.push(toFinding(fc, input.schemaType, d, direction, previous.version, options));
      }
    }
    findings.push(...pairFindings);
    // Transitive levels stop at the first version that fails, as Confluent does.
    if (pairFindings.some((f) => f.breaking)) break;
  }
  return { compatible: !findings.some((f) => f.breaking), findings };
}

/** Newest first; non-transitive levels only the latest. */
function versionsToCheck<T>(level: CompatibilityLevel, previous: T[]): T[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const newestFirst = [...previous].reverse();
  return level.endsWith('_TRANSITIVE') ? newestFirst : newestFirst.slice(0, 1);
}

function directionsFor(level: CompatibilityLevel): Direction[] {
  if (level.startsWith('BACKWARD')) return ['BACKWARD'];
  if (level.startsWith('FORWARD')) return ['FORWARD'];
  if (level.startsWith('FULL')) return ['FORWARD', 'BACKWARD'];
  return [];
}

// Parsing dominates the cost of a check; schemas are immutable texts, so parsed models are memoised.
// Keyed by the schema text itself first: callers pass the same string objects again, whose hash V8 keeps,
// so a hit costs no hashing of the (long) text; the rest of the key (format, strictness, references) is short.
const PARSE_CACHE_LIMIT = 2048;
const parseCache = new Map<string, Map<string, unknown>>();
/** Cached entries oldest first, for evicting the oldest once the cache holds PARSE_CACHE_LIMIT of them. */
const parseCacheOrder: Array<[schema: string, variant: string]> = [];

function prepare(fc: FormatCompatibility<unknown>, schema: CompatibilitySchema, position: number, strict: boolean): PreparedSchema {
  const source: SchemaSource = typeof schema === 'string' ? { schema } : schema;
  const version = typeof schema === 'string' || schema.version === undefined ? position : schema.version;
  const variant = `${fc.format.type}\u0000${strict ? 1 : 0}\u0000${source.references ? JSON.stringify(source.references) : ''}`;
  let variants = parseCache.get(source.schema);
  let parsed = variants?.get(variant);
  if (parsed === undefined) {
    parsed = fc.format.parse(source, { strict });
    if (parseCacheOrder.length >= PARSE_CACHE_LIMIT) evictOldestParse();
    if (!variants) {
      variants = new Map();
      parseCache.set(source.schema, variants);
    }
    variants.set(variant, parsed);
    parseCacheOrder.push([source.schema, variant]);
  }
  return { source, version, parsed };
}

function evictOldestParse(): void {
  const [schema, variant] = parseCacheOrder.shift() as [string, string];
  const variants = parseCache.get(schema);
  variants?.delete(variant);
  if (variants?.size === 0) parseCache.delete(schema);
}

const ruleIndex = new Map<string, Map<string, CompatibilityRule>>();

function ruleFor(fc: FormatCompatibility<unknown>, schemaType: SchemaType, ruleId: string): CompatibilityRule {
  let rules = ruleIndex.get(schemaType);
  if (!rules) {
    rules = new Map([...genericRules, ...fc.rules].map((r) => [r.id, r as CompatibilityRule]));
    ruleIndex.set(schemaType, rules);
  }
  const rule = rules.get(ruleId);
  if (!rule) {
    throw new KontractError('COMPATIBILITY_CHECK_FAILED', `internal: ${schemaType} diff reported unknown rule ${ruleId}`);
  }
  return rule;
}

function isBreaking(rule: CompatibilityRule, options: DiffOptions): boolean {
  if (rule.schemaType === 'JSON' && options.jsonPolicy === 'LENIENT' && rule.breakingLenient !== undefined) {
    return rule.breakingLenient;
  }
  return rule.breaking;
}

function toFinding(
  fc: FormatCompatibility<unknown>,
  schemaType: SchemaType,
  d: { ruleId: string; location: string; message: string },
  direction: Direction,
  previousVersion: number,
  options: DiffOptions,
): Finding {
  const rule = ruleFor(fc, schemaType, d.ruleId);
  // Built field by field: a spread of `d` costs more than the rest of a pair check on schemas with many findings.
  return { ruleId: d.ruleId, location: d.location, message: d.message, schemaType, breaking: isBreaking(rule, options), direction, previousVersion, hint: rule.hint };
}

/** `confluent:reserved`: comma-separated, trimmed, empty pieces dropped. */
function reservedNames(metadata: SchemaMetadata | undefined): Set<string> {
  const raw = metadata?.properties?.['confluent:reserved'];
  if (!raw) return new Set();
  return new Set(raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
}

function reservedFieldFindings(
  fc: FormatCompatibility<unknown>,
  schemaType: SchemaType,
  candidate: PreparedSchema,
  previous: readonly CompatibilitySchema[],
): Finding[] {
  const findings: Finding[] = [];
  const reservedNow = reservedNames(candidate.source.metadata);
  const last = previous[previous.length - 1];
  const lastVersion = last === undefined ? 0 : typeof last === 'string' || last.version === undefined ? previous.length : last.version;
  const reservedBefore = reservedNames(last === undefined || typeof last === 'string' ? undefined : last.metadata);
  const generic = (ruleId: string, message: string): Finding => ({
    ruleId,
    location: '#/',
    message,
    schemaType,
    breaking: true,
    direction: 'BACKWARD',
    previousVersion: lastVersion,
    hint: ruleFor(fc, schemaType, ruleId).hint,
  });
  for (const name of reservedBefore) {
    if (!reservedNow.has(name)) findings.push(generic('RESERVED_FIELD_REMOVED', `The new schema has reserved field ${name} removed from its metadata which is present in the old schema's metadata.`));
  }
  const topLevel = new Set(fc.format.topLevelFieldNames(candidate.parsed));
  for (const name of reservedNow) {
    if (topLevel.has(name)) findings.push(generic('FIELD_CONFLICTS_WITH_RESERVED_FIELD', `The new schema has field that conflicts with the reserved field ${name}.`));
  }
  return findings;
}
