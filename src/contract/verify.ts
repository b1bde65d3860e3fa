/**
 * Contract verification: every consumer's reader schema against what the producer writes, with the same engine
 * and the same BACKWARD semantics as `kontract check` (the reader is the candidate, the writer the previous
 * version). Pure.
 */
import { checkCompatibility } from '../compat/check.js';
import type { CompatibilityResult } from '../compat/types.js';
import { KontractError } from '../errors.js';
import type { SchemaRepository } from '../project/types.js';
import type { ReportCase, ReportFinding } from '../report/types.js';
import { locateInSchema } from '../schema/locate.js';
import { valueSubjectOf, versionSchema } from './resolve.js';
import type { ContractSet, ResolvedConsumer, ResolvedSchema } from './types.js';

/** One producer → consumer → topic check. */
export interface PairCheck {
  topic: string;
  /** The producing service; undefined when no contract produces the topic (the repository's newest version is still the writer). */
  producer?: string;
  consumer: ResolvedConsumer;
  writer: ResolvedSchema;
  /** Set unless the pair could not be checked. */
  result?: CompatibilityResult;
  error?: KontractError;
}

/** Can `reader` read data written with `writer`? The engine's BACKWARD check with the reader as candidate. */
export function readerCanRead(reader: ResolvedSchema, writer: ResolvedSchema): CompatibilityResult {
  const asInput = (s: ResolvedSchema) => ({ schema: s.schema, references: s.referenceTexts, ...(s.version !== undefined ? { version: s.version } : {}) });
  return checkCompatibility({ schemaType: writer.schemaType, level: 'BACKWARD', candidate: asInput(reader), previous: [asInput(writer)] });
}

/** Check one consumer against one writer, turning schema errors into an errored pair. */
export function checkPair(topic: string, producer: string | undefined, consumer: ResolvedConsumer, writer: ResolvedSchema): PairCheck {
  const base = { topic, ...(producer !== undefined ? { producer } : {}), consumer, writer };
  try {
    return { ...base, result: readerCanRead(consumer.reader, writer) };
  } catch (error) {
    if (!(error instanceof KontractError)) throw error;
    return { ...base, error };
  }
}

/**
 * Every consumer of every topic against the producer's candidate writer schema: the newest version of the topic's
 * value subject in `repo`. One check per producer → consumer → topic (a topic no contract produces is checked once,
 * without producer).
 */
export function verifyContracts(repo: SchemaRepository, contracts: ContractSet): PairCheck[] {
  const checks: PairCheck[] = [];
  for (const consumer of contracts.consumers) {
    const topic = consumer.consumed.topic;
    const subject = valueSubjectOf(repo, topic, consumer.consumed.at);
    const writer = versionSchema(subject.versions[subject.versions.length - 1]!);
    const producers = producersOf(contracts, topic);
    for (const producer of producers.length > 0 ? producers : [undefined]) {
      if (producer === consumer.service) continue; // a service reading its own topic is its own business
      checks.push(checkPair(topic, producer, consumer, writer));
    }
  }
  return checks.sort((a, b) => compare(a.topic, b.topic) || compare(a.producer ?? '', b.producer ?? '') || compare(a.consumer.service, b.consumer.service));
}

/** The services whose contracts produce `topic`, sorted. */
export function producersOf(contracts: ContractSet, topic: string): string[] {
  return contracts.contracts.filter((c) => c.produces.some((p) => p.topic === topic)).map((c) => c.service).sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeSchema(s: ResolvedSchema): string {
  return s.subject !== undefined && s.version !== undefined ? `${s.subject} v${s.version}` : s.origin;
}

/** A pair as a report case: named `topic: producer → consumer`, findings located in the reader's file. */
export function pairReportCase(check: PairCheck): ReportCase {
  const { consumer, writer, topic } = check;
  const producer = check.producer ?? '(no producer contract)';
  const name = `${topic}: ${producer} → ${consumer.service}`;
  const reader = consumer.reader;
  const details = {
    topic,
    producer: check.producer ?? null,
    consumer: consumer.service,
    contract: consumer.contractFile,
    reader: { origin: reader.origin, subject: reader.subject ?? null, version: reader.version ?? null, file: reader.file ?? null },
    writer: { origin: writer.origin, subject: writer.subject ?? null, version: writer.version ?? null, file: writer.file ?? null },
  };
  const file = reader.file ?? consumer.contractFile;
  if (check.error) {
    const e = check.error;
    return {
      name,
      file,
      status: 'error',
      summary: `cannot check: ${e.message}`,
      findings: [{ ruleId: e.code, severity: 'error', message: e.message, ...(e.hint ? { hint: e.hint } : {}), file: e.location?.file ?? file, ...(e.location?.line !== undefined ? { line: e.location.line, column: e.location.column } : {}), ...(e.location?.path ? { location: e.location.path } : {}) }],
      details,
    };
  }
  const result = check.result!;
  const findings: ReportFinding[] = result.findings.map((f) => {
    const position = locateInSchema(reader.schemaType, reader.schema, f.location);
    return {
      ruleId: f.ruleId,
      severity: f.breaking ? 'error' : 'info',
      message: `${consumer.service} cannot read what ${producer} writes to ${topic}: ${f.message} (reader ${describeSchema(reader)}, writer ${describeSchema(writer)})`,
      hint: f.breaking ? `${f.hint} Or update ${consumer.service}'s reader (${consumer.contractFile}) first.` : f.hint,
      file,
      ...(position ?? {}),
      location: f.location,
    };
  });
  const verdict = result.compatible ? 'can read' : 'CANNOT read';
  return {
    name,
    file,
    status: result.compatible ? 'pass' : 'fail',
    summary: `${consumer.service} (reader ${describeSchema(reader)}) ${verdict} ${describeSchema(writer)} written by ${producer}`,
    findings,
    details: { ...details, compatible: result.compatible },
  };
}
