import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkCompatibility } from '../../compat/check.js';
import { locateEngineError, toReportFinding } from '../../compat/gate.js';
import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../../compat/types.js';
import { KontractError } from '../../errors.js';
import type { SchemaVersion } from '../../project/types.js';
import type { ReportFormat } from '../../report/types.js';
import { parseSchemaType, schemaFormat, schemaTypeOfFile } from '../../schema/formats.js';
import type { SchemaType } from '../../schema/types.js';
import { emitReport, formatOption, reportingErrors, usageError, type CliIO, type ExitCode } from '../io.js';

interface CompatOptions {
  type?: string;
  level: CompatibilityLevel;
  ref: string[];
  format: ReportFormat;
  lenient?: boolean;
  verbose?: boolean;
}

export function registerCompat(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('compat')
    .description('check one candidate schema file against older ones (oldest first), with no repository or registry')
    .argument('<files...>', 'older schema files, oldest first, then the candidate')
    .addOption(new Option('--type <type>', 'schema type (default: from the file extension)').choices(['AVRO', 'PROTOBUF', 'JSON']))
    .addOption(new Option('--level <level>', 'compatibility level').choices([...COMPATIBILITY_LEVELS]).default('BACKWARD'))
    .option('--ref <name=file>', 'a referenced schema: reference name (Avro full name, proto import path, JSON $ref) = file; repeatable', collect, [])
    .option('--lenient', 'JSON Schema: Confluent\'s LENIENT policy instead of STRICT')
    .addOption(formatOption())
    .option('-v, --verbose', 'also show compatible (informational) differences')
    .addHelpText('after', '\nExit codes: 0 compatible, 1 incompatible, 2 usage or schema errors.\n\nExample:\n  kontract compat --level FULL schemas/a-value/v1.avsc schemas/a-value/v2.avsc')
    .action((files: string[], options: CompatOptions) => run(reportingErrors(io, 'compat', options.format, () => compat(io, files, options))));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function readUserFile(io: CliIO, file: string): string {
  try {
    return readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new KontractError('IO', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      location: { file },
      hint: 'Check the path.',
    });
  }
}

async function compat(io: CliIO, files: string[], options: CompatOptions): Promise<ExitCode> {
  if (files.length < 2) throw usageError('give at least two files: the older version(s), then the candidate', 'Example: kontract compat v1.avsc v2.avsc');
  const schemaType: SchemaType = options.type ? parseSchemaType(options.type) : inferType(files);
  const references: Record<string, string> = {};
  for (const spec of options.ref) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw usageError(`--ref "${spec}" is not name=file`, 'Example: --ref com.acme.Money=schemas/money/v1.avsc');
    references[spec.slice(0, eq)] = readUserFile(io, spec.slice(eq + 1));
  }
  const versions: SchemaVersion[] = files.map((file, i) => ({
    subject: 'ad-hoc',
    version: i + 1,
    schemaType,
    file,
    schema: readUserFile(io, file),
    references: [],
    referenceTexts: references,
  }));
  const candidate = versions[versions.length - 1]!;
  const asInput = (v: SchemaVersion) => ({ schema: v.schema, references, version: v.version });
  // Parse each file on its own first, so a schema error names its file.
  versions.forEach((v, i) => {
    try {
      schemaFormat(schemaType).parse({ schema: v.schema, references }, { file: v.file, strict: i === versions.length - 1 });
    } catch (error) {
      if (error instanceof KontractError) throw error.withLocation({ file: v.file });
      throw error;
    }
  });
  const jsonPolicy = options.lenient ? 'LENIENT' : 'STRICT';
  const older = versions.slice(0, -1);
  let result: ReturnType<typeof checkCompatibility>;
  try {
    result = checkCompatibility({ schemaType, level: options.level, candidate: asInput(candidate), previous: older.map(asInput), jsonPolicy });
  } catch (error) {
    if (!(error instanceof KontractError)) throw error;
    // A check that fails outright (COMPATIBILITY_CHECK_FAILED) knows where in the schema, not which files: name them.
    const culprit = older.length > 1 ? failingPair(older, (v) => checkCompatibility({ schemaType, level: pairLevel(options.level), candidate: asInput(candidate), previous: [asInput(v)], jsonPolicy })) : older[0];
    const located = locateEngineError(error, candidate);
    if (!culprit || located === error) throw located;
    throw new KontractError(located.code, `${located.message} (checking ${candidate.file} against ${culprit.file})`, {
      ...(located.location ? { location: located.location } : {}),
      ...(located.hint !== undefined ? { hint: located.hint } : {}),
      cause: error,
    });
  }
  const findings = result.findings.map((f) => toReportFinding(f, candidate, versions[f.previousVersion - 1]));
  const name = path.basename(candidate.file);
  const summary = `${options.level}: ${result.compatible ? 'compatible' : 'incompatible'} with ${versions.length - 1} older version${versions.length > 2 ? 's' : ''}`;
  return emitReport(
    io,
    { command: 'compat', title: `kontract compat: ${name}`, cases: [{ name, file: candidate.file, status: result.compatible ? 'pass' : 'fail', summary, findings }] },
    options.format,
    options.verbose,
  );
}

/** The older version whose pair check throws, newest first (the order the engine checks in). */
function failingPair(older: SchemaVersion[], check: (v: SchemaVersion) => unknown): SchemaVersion | undefined {
  for (const v of [...older].reverse()) {
    try {
      check(v);
    } catch (error) {
      if (error instanceof KontractError) return v;
      throw error;
    }
  }
  return undefined;
}

/** One pair at `level`: the transitive levels check each pair as their non-transitive form does. */
function pairLevel(level: CompatibilityLevel): CompatibilityLevel {
  return level.replace(/_TRANSITIVE$/, '') as CompatibilityLevel;
}

function inferType(files: string[]): SchemaType {
  const types = new Set(files.map((f) => schemaTypeOfFile(f)));
  const [only] = types;
  if (types.size === 1 && only !== undefined) return only;
  throw usageError('cannot tell the schema type from the file extensions', 'Pass --type AVRO, PROTOBUF or JSON.');
}
