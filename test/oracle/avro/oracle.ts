/**
 * Runs Apache Avro 1.12.2 (the Java reference implementation) on reader/writer pairs. Maven is asked only
 * for the class path (once; cached in `target/classpath.txt`); the one source file is compiled with javac
 * (cached in `target/classes`); all pairs go through one JVM.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const oracleDir = path.dirname(fileURLToPath(import.meta.url));
const targetDir = path.join(oracleDir, 'target');
const classpathFile = path.join(targetDir, 'classpath.txt');
const classesDir = path.join(targetDir, 'classes');
const sourceFile = path.join(oracleDir, 'src/main/java/dev/kontract/oracle/AvroCompatibilityOracle.java');
const classFile = path.join(classesDir, 'dev/kontract/oracle/AvroCompatibilityOracle.class');
const mainClass = 'dev.kontract.oracle.AvroCompatibilityOracle';

export interface OraclePair {
  id: string;
  reader: string;
  writer: string;
  readerReferences: string[];
  writerReferences: string[];
}

export type OracleResult = 'COMPATIBLE' | 'INCOMPATIBLE' | 'READER_INVALID' | 'WRITER_INVALID' | 'CHECK_FAILED';

export interface OracleAnswer {
  id: string;
  result: OracleResult;
  incompatibilities: Array<{ type: string; location: string; message: string }>;
  error?: string;
}

/** Why the oracle cannot run: a missing tool or an unreachable Maven Central. The test fails with this message. */
export class OracleUnavailable extends Error {}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function requireTool(command: string, args: string[], what: string): void {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new OracleUnavailable(
      `The Avro oracle needs ${what}, but \`${command} ${args.join(' ')}\` failed (${probe.error?.message ?? `exit ${probe.status}`}). ` +
        'Install a JDK 17+ (java, javac) and Maven 3 and put them on PATH.',
    );
  }
}

function isStale(output: string, ...inputs: string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return inputs.some((input) => statSync(input).mtimeMs > built);
}

/** The class path of org.apache.avro:avro:1.12.2 and its dependencies, resolved by Maven once. */
function resolveClasspath(): string {
  const cached = existsSync(classpathFile) && !isStale(classpathFile, path.join(oracleDir, 'pom.xml')) ? readFileSync(classpathFile, 'utf8').trim() : '';
  if (cached !== '' && cached.split(path.delimiter).every((jar) => existsSync(jar))) return cached;
  requireTool('mvn', ['-v'], 'Maven (mvn) to fetch org.apache.avro:avro:1.12.2 from Maven Central');
  mkdirSync(targetDir, { recursive: true });
  const maven = spawnSync('mvn', ['-q', '-B', '-f', path.join(oracleDir, 'pom.xml'), 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (maven.error || maven.status !== 0 || !existsSync(classpathFile)) {
    throw new OracleUnavailable(
      `Maven could not resolve org.apache.avro:avro:1.12.2 (is Maven Central, or a configured mirror, reachable?):\n${tail(`${maven.stdout ?? ''}\n${maven.stderr ?? ''}\n${maven.error?.message ?? ''}`)}`,
    );
  }
  return readFileSync(classpathFile, 'utf8').trim();
}

function compile(classpath: string): void {
  if (!isStale(classFile, sourceFile)) return;
  requireTool('javac', ['-version'], 'a JDK (javac) to compile the oracle');
  mkdirSync(classesDir, { recursive: true });
  const javac = spawnSync('javac', ['-cp', classpath, '-d', classesDir, sourceFile], { encoding: 'utf8', timeout: 120_000 });
  if (javac.error || javac.status !== 0) {
    throw new OracleUnavailable(`javac failed on ${path.relative(oracleDir, sourceFile)}:\n${tail(`${javac.stdout}\n${javac.stderr}\n${javac.error?.message ?? ''}`)}`);
  }
}

/** Build (if needed) and return the command line that runs the oracle. */
export function prepareOracle(): { command: string; args: string[] } {
  requireTool('java', ['-version'], 'a Java runtime (java)');
  const classpath = resolveClasspath();
  compile(classpath);
  return { command: 'java', args: ['-cp', `${classesDir}${path.delimiter}${classpath}`, mainClass] };
}

/** Apache Avro's answer for each pair, in order. */
export function runOracle(pairs: readonly OraclePair[]): OracleAnswer[] {
  const { command, args } = prepareOracle();
  const input = pairs.map((pair) => JSON.stringify(pair)).join('\n') + '\n';
  const run = spawnSync(command, args, { input, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    throw new OracleUnavailable(`The Avro oracle failed (${run.error?.message ?? `exit ${run.status}`}):\n${tail(run.stderr ?? '')}`);
  }
  const answers = run.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OracleAnswer);
  if (answers.length !== pairs.length) throw new Error(`The Avro oracle answered ${answers.length} of ${pairs.length} pairs:\n${tail(run.stderr ?? '')}`);
  return answers;
}
