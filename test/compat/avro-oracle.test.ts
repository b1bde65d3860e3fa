/**
 * Differential test against the reference implementation: Apache Avro 1.12.2's
 * `SchemaCompatibility.checkReaderWriterCompatibility` (run in a JVM, see test/oracle/avro/) and kontract
 * must give the same verdict, the same incompatibilities (type and location, in order) and compatible
 * messages on every pair: the shared vectors' pairs plus a few hundred seeded mutations of the repository's,
 * the vectors' and a built-in set of schemas. `AVRO_ORACLE_SEED=<n>` reproduces a run. Needs java, javac and
 * mvn (and Maven Central, once); without them the test fails and says what is missing. `AVRO_ORACLE_PAIRS=<n>`
 * generates more pairs for a longer search.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { avroCompatibility } from '../../src/compat/avro/index.js';
import type { Difference } from '../../src/compat/types.js';
import { KontractError } from '../../src/errors.js';
import { avroFormat } from '../../src/schema/avro.js';
import type { ParsedAvroSchema } from '../../src/schema/avro-model.js';
import type { JsonValue } from '../../src/schema/json-text.js';
import { loadCorpus, type CorpusSchema } from '../oracle/avro/corpus.js';
import { hasAnonymousRecord, mutate, Random } from '../oracle/avro/mutations.js';
import { runOracle, type OracleAnswer, type OraclePair, type OracleResult } from '../oracle/avro/oracle.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vectorsDir = path.join(path.resolve(repoRoot, '../shared'), 'vectors');
/** A few hundred by default (seconds); `AVRO_ORACLE_PAIRS=<n>` runs a longer hunt. */
const GENERATED_PAIRS = process.env['AVRO_ORACLE_PAIRS'] !== undefined ? Number(process.env['AVRO_ORACLE_PAIRS']) : 400;

interface Side {
  schema: JsonValue;
  references: Array<{ name: string; text: string }>;
}

interface LabelledPair extends OraclePair {
  changes: string[];
  kontractReferences: { reader: Record<string, string>; writer: Record<string, string> };
}

interface KontractAnswer {
  result: OracleResult | 'CRASH';
  differences: Difference[];
  error?: string;
}

function loadVectors(): { pairs: Array<{ reader: JsonValue; writer: JsonValue }>; levels: Array<{ previous: JsonValue[]; candidate: JsonValue }> } | undefined {
  if (!existsSync(path.join(vectorsDir, 'avro-compat.json'))) return undefined;
  return {
    pairs: JSON.parse(readFileSync(path.join(vectorsDir, 'avro-compat.json'), 'utf8')) as Array<{ reader: JsonValue; writer: JsonValue }>,
    levels: existsSync(path.join(vectorsDir, 'avro-compat-levels.json'))
      ? (JSON.parse(readFileSync(path.join(vectorsDir, 'avro-compat-levels.json'), 'utf8')) as Array<{ previous: JsonValue[]; candidate: JsonValue }>)
      : [],
  };
}

function labelledPair(id: string, reader: Side, writer: Side, changes: string[]): LabelledPair {
  return {
    id,
    reader: JSON.stringify(reader.schema),
    writer: JSON.stringify(writer.schema),
    readerReferences: reader.references.map((r) => r.text),
    writerReferences: writer.references.map((r) => r.text),
    changes,
    kontractReferences: {
      reader: Object.fromEntries(reader.references.map((r) => [r.name, r.text])),
      writer: Object.fromEntries(writer.references.map((r) => [r.name, r.text])),
    },
  };
}

/** One evolved side: the schema mutated, or (sometimes) one of its references mutated instead. */
function evolve(base: CorpusSchema, random: Random): { side: Side; changes: string[] } {
  const count = 1 + random.int(3);
  if (base.references.length > 0 && random.chance(0.25)) {
    const index = random.int(base.references.length);
    const reference = base.references[index] as { name: string; text: string };
    const { schema, changes } = mutate(JSON.parse(reference.text) as JsonValue, count, random);
    const references = base.references.map((r, i) => (i === index ? { name: r.name, text: JSON.stringify(schema) } : r));
    return { side: { schema: base.schema, references }, changes: changes.map((change) => `in reference ${reference.name}: ${change}`) };
  }
  const { schema, changes } = mutate(base.schema, count, random);
  return { side: { schema, references: base.references }, changes };
}

function generatePairs(corpus: readonly CorpusSchema[], seed: number): LabelledPair[] {
  const random = new Random(seed);
  const pairs: LabelledPair[] = [];
  for (let index = 0; index < GENERATED_PAIRS; index++) {
    const base = random.pick(corpus);
    const original: Side = { schema: base.schema, references: base.references };
    const evolved = evolve(base, random);
    // Sometimes both sides evolve independently from the same base.
    const other = random.chance(0.2) ? evolve(base, random) : { side: original, changes: [] };
    const changes = [`base ${base.origin}`, ...evolved.changes.map((c) => `A: ${c}`), ...other.changes.map((c) => `B: ${c}`)];
    const [reader, writer] = random.chance(0.5) ? [evolved.side, other.side] : [other.side, evolved.side];
    pairs.push(labelledPair(`generated-${index}`, reader, writer, changes));
  }
  return pairs;
}

function parseSide(schema: string, references: Record<string, string>): ParsedAvroSchema {
  return avroFormat.parse({ schema, references }, { strict: false });
}

function kontractAnswer(pair: LabelledPair): KontractAnswer {
  let reader: ParsedAvroSchema;
  let writer: ParsedAvroSchema;
  try {
    reader = parseSide(pair.reader, pair.kontractReferences.reader);
  } catch (error) {
    if (error instanceof KontractError) return { result: 'READER_INVALID', differences: [], error: `${error.code}: ${error.message}` };
    return { result: 'CRASH', differences: [], error: String(error) };
  }
  try {
    writer = parseSide(pair.writer, pair.kontractReferences.writer);
  } catch (error) {
    if (error instanceof KontractError) return { result: 'WRITER_INVALID', differences: [], error: `${error.code}: ${error.message}` };
    return { result: 'CRASH', differences: [], error: String(error) };
  }
  try {
    const differences = avroCompatibility.diff(reader, writer, { jsonPolicy: 'STRICT' });
    if (differences.some((d) => d.ruleId === 'AMBIGUOUS_FIELD_ALIAS')) return { result: 'CHECK_FAILED', differences };
    return { result: differences.length === 0 ? 'COMPATIBLE' : 'INCOMPATIBLE', differences };
  } catch (error) {
    return { result: 'CRASH', differences: [], error: String(error) };
  }
}

/** Why kontract's answer differs from Avro's, or undefined when they agree. */
function disagreement(ours: KontractAnswer, theirs: OracleAnswer): string | undefined {
  if (ours.result !== theirs.result) return `verdict: Avro ${theirs.result}${theirs.error ? ` (${theirs.error})` : ''}, kontract ${ours.result}${ours.error ? ` (${ours.error})` : ''}`;
  if (ours.result !== 'INCOMPATIBLE') return undefined;
  const oursListed = ours.differences.map((d) => `${d.ruleId} at ${d.location}`);
  const theirsListed = theirs.incompatibilities.map((i) => `${i.type} at ${i.location}`);
  if (JSON.stringify(oursListed) !== JSON.stringify(theirsListed)) return `incompatibilities: Avro ${JSON.stringify(theirsListed)}, kontract ${JSON.stringify(oursListed)}`;
  const unexplained = theirs.incompatibilities.findIndex((i, index) => !(ours.differences[index] as Difference).message.includes(i.message));
  if (unexplained >= 0) return `message: Avro "${theirs.incompatibilities[unexplained]?.message}" is not in kontract's "${ours.differences[unexplained]?.message}"`;
  return undefined;
}

function describePair(pair: LabelledPair, problem: string): string {
  const refs = (r: string[]): string => (r.length === 0 ? '' : `\n    references: ${r.join('\n                ')}`);
  return [
    `${pair.id}: ${problem}`,
    `  changes: ${pair.changes.join('; ')}`,
    `  reader:  ${pair.reader}${refs(pair.readerReferences)}`,
    `  writer:  ${pair.writer}${refs(pair.writerReferences)}`,
  ].join('\n');
}

describe('Avro compatibility against Apache Avro 1.12.2 (oracle)', () => {
  it('agrees with Apache Avro on every vector pair and every generated pair', { timeout: 180_000 }, () => {
    const seed = process.env['AVRO_ORACLE_SEED'] !== undefined ? Number(process.env['AVRO_ORACLE_SEED']) : Math.floor(Math.random() * 2 ** 31);
    expect(Number.isInteger(seed), `AVRO_ORACLE_SEED must be an integer, got ${process.env['AVRO_ORACLE_SEED']}`).toBe(true);
    console.log(`Avro oracle seed: ${seed} (reproduce with AVRO_ORACLE_SEED=${seed})`);

    const vectors = loadVectors();
    if (!vectors) console.warn(`Avro oracle: ${vectorsDir} is absent; using the repository's and the built-in schemas only.`);
    const corpus = loadCorpus(repoRoot, vectors);
    const vectorPairs = (vectors?.pairs ?? [])
      .filter((c) => !hasAnonymousRecord(c.reader) && !hasAnonymousRecord(c.writer))
      .map((c, index) => labelledPair(`vector-${index}`, { schema: c.reader, references: [] }, { schema: c.writer, references: [] }, ['vector as-is']));
    const pairs = [...vectorPairs, ...generatePairs(corpus, seed)];

    const answers = runOracle(pairs);
    const problems: string[] = [];
    const tally: Record<string, number> = {};
    pairs.forEach((pair, index) => {
      const theirs = answers[index] as OracleAnswer;
      const ours = kontractAnswer(pair);
      tally[theirs.result] = (tally[theirs.result] ?? 0) + 1;
      const problem = disagreement(ours, theirs);
      if (problem !== undefined) problems.push(describePair(pair, problem));
    });

    console.log(
      `Avro oracle: ${pairs.length - problems.length}/${pairs.length} pairs agree (${vectorPairs.length} vector pairs, ${GENERATED_PAIRS} generated from ${corpus.length} schemas; Avro said ${Object.entries(tally)
        .map(([result, count]) => `${result} ${count}`)
        .join(', ')})`,
    );
    if (problems.length > 0) console.error(`Disagreements with Apache Avro (seed ${seed}):\n${problems.join('\n\n')}`);
    expect(problems, `seed ${seed}`).toEqual([]);
    // The generator must keep producing both verdicts in quantity, or the comparison proves little.
    expect(tally['COMPATIBLE'] ?? 0).toBeGreaterThan(50);
    expect(tally['INCOMPATIBLE'] ?? 0).toBeGreaterThan(50);
  });
});
