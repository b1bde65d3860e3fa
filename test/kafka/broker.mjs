#!/usr/bin/env node
/**
 * A real, single-node Apache Kafka broker (KRaft, broker+controller in one JVM) for kontract's tests.
 *
 *   node test/kafka/broker.mjs start    # prints the bootstrap address, leaves the broker running
 *   node test/kafka/broker.mjs status   # lists the brokers started from this folder
 *   node test/kafka/broker.mjs stop     # stops the broker `start` started
 *
 * KAFKA_BROKER_INSTANCE=name picks another run folder than `manual`, for more than one hand-started broker.
 *
 * The vitest global setup (test/setup/kafka.ts) uses the same functions, with a run folder of its own,
 * so tests and a broker started by hand (or two test runs at once) never share a broker's files.
 * Jars come from Maven Central through test/kafka/pom.xml into test/kafka/lib/ (cached by the pom's hash);
 * each broker lives in test/kafka/run/<instance>/ (config, data, log, state.json), removed on stop.
 * Needs: Java 17+, Maven (first run only, or whenever the pom changes) and, to check readiness, kafkajs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kafkaDir = path.dirname(fileURLToPath(import.meta.url));
const pomFile = path.join(kafkaDir, 'pom.xml');
const libDir = path.join(kafkaDir, 'lib');
const runRoot = path.join(kafkaDir, 'run');
const pomStampFile = path.join(libDir, '.pom.sha256');
const manualInstance = process.env.KAFKA_BROKER_INSTANCE || 'manual';

/** Raised when a broker cannot be had; the message says what is missing and how to do without it. */
export class BrokerError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BrokerError';
  }
}

const useKafkaBrokersHint =
  'Or point the tests at a running broker: KAFKA_BROKERS=host:port npx vitest run --project kafka';

function logStep(options, message) {
  if (!options.quiet) process.stderr.write(`[kafka-broker] ${message}\n`);
}

/** Java 17+ is required by Kafka 4.x brokers. Returns the major version. */
function checkJava() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new BrokerError(
      `Cannot run \`java\` (${result.error?.message ?? `exit ${result.status}`}). Kafka 4 needs Java 17 or newer on the PATH ` +
        `(e.g. \`apt-get install openjdk-17-jre-headless\`). ${useKafkaBrokersHint}`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= 17)) {
    throw new BrokerError(`Kafka 4 needs Java 17 or newer; \`java -version\` says: ${(result.stderr || result.stdout).split('\n')[0]}. ${useKafkaBrokersHint}`);
  }
  return major;
}

function pomHash() {
  return createHash('sha256').update(readFileSync(pomFile)).digest('hex');
}

/**
 * Makes test/kafka/lib/ hold the broker's jars for the current pom. Skipped when the stamp matches.
 * Resolves into a private folder first and renames it into place, so concurrent runs never see half a lib/.
 */
export function resolveJars(options = {}) {
  const wanted = pomHash();
  if (existsSync(pomStampFile) && readFileSync(pomStampFile, 'utf8').trim() === wanted) return libDir;
  const mvnCheck = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvnCheck.error || mvnCheck.status !== 0) {
    throw new BrokerError(
      `The broker's jars are not in ${path.relative(process.cwd(), libDir) || libDir} yet and Maven (\`mvn\`) cannot be run ` +
        `(${mvnCheck.error?.message ?? `exit ${mvnCheck.status}`}). Install Maven (e.g. \`apt-get install maven\`) so they can be fetched ` +
        `from Maven Central. ${useKafkaBrokersHint}`,
    );
  }
  logStep(options, 'fetching the Kafka broker jars from Maven Central (first run only)…');
  mkdirSync(runRoot, { recursive: true });
  const stagingDir = path.join(runRoot, `lib-staging-${process.pid}-${randomBytes(3).toString('hex')}`);
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${stagingDir}`, '-DincludeScope=runtime'],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (result.status !== 0) {
    rmSync(stagingDir, { recursive: true, force: true });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new BrokerError(
      `Maven could not fetch the Kafka broker jars (is Maven Central reachable?). Last lines of its output:\n${output}\n${useKafkaBrokersHint}`,
    );
  }
  writeFileSync(path.join(stagingDir, '.pom.sha256'), `${wanted}\n`);
  // Another run may have finished first; then its lib/ is just as good.
  if (existsSync(pomStampFile) && readFileSync(pomStampFile, 'utf8').trim() === wanted) {
    rmSync(stagingDir, { recursive: true, force: true });
    return libDir;
  }
  rmSync(libDir, { recursive: true, force: true });
  try {
    renameSync(stagingDir, libDir);
  } catch (error) {
    rmSync(stagingDir, { recursive: true, force: true });
    if (!existsSync(pomStampFile)) throw error;
  }
  return libDir;
}

/** A port that was free a moment ago on 127.0.0.1 (the broker binding it can still lose a race; start retries). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A Kafka cluster id: 16 random bytes, base64url without padding, not starting with '-' (as Kafka's Uuid avoids). */
function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties({ brokerPort, controllerPort, dataDir }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    // One node: every internal topic has one replica, and few partitions so creating them is quick.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'num.partitions=1',
    'auto.create.topics.enable=true',
    // Tests join groups constantly: no initial rebalance delay, short session timeouts allowed.
    'group.initial.rebalance.delay.ms=0',
    'group.min.session.timeout.ms=1000',
    // Small files and few threads: many short-lived topics on a 2-core machine.
    'log.segment.bytes=8388608',
    'log.index.size.max.bytes=1048576',
    'log.cleaner.dedupe.buffer.size=8388608',
    'log.cleaner.threads=1',
    'num.network.threads=2',
    'num.io.threads=2',
    'background.threads=2',
    'num.recovery.threads.per.data.dir=1',
    '',
  ].join('\n');
}

function javaArgs(mainClass, args, logFile) {
  return [
    '-Xmx512m',
    '-Xms64m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-Dorg.slf4j.simpleLogger.showDateTime=true',
    `-Dkafka.logs.dir=${path.dirname(logFile)}`,
    '-cp',
    `${libDir}${path.sep}*`,
    mainClass,
    ...args,
  ];
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** True when `pid` is still the broker JVM of `runDir` (guards against a recycled pid). */
function isBrokerProcess(pid, runDir) {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(runDir);
  } catch {
    // No /proc (e.g. macOS): trust the pid.
    return true;
  }
}

function readState(runDir) {
  try {
    return JSON.parse(readFileSync(path.join(runDir, 'state.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits until a broker answers a metadata request and can host consumer groups (the first group lookup
 * creates `__consumer_offsets`, so doing it here keeps that delay out of the first test).
 * Resolves to undefined when ready, or to the last error's message on timeout.
 */
export async function waitUntilReady(brokers, { timeoutMs = 60_000, isDead = () => false } = {}) {
  const { Kafka, logLevel } = await import('kafkajs');
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (isDead()) return 'the broker process exited';
    const kafka = new Kafka({
      clientId: 'kontract-broker-check',
      brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 5000,
      retry: { retries: 0 },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.fetchOffsets({ groupId: 'kontract-broker-check', topics: [] });
      return undefined;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await admin.disconnect().catch(() => {});
    }
    await sleep(300);
  }
  return lastError;
}

/** Stops a broker JVM: SIGTERM, up to `graceMs` for a clean shutdown, then SIGKILL. */
async function stopProcess(pid, runDir, graceMs) {
  if (!isBrokerProcess(pid, runDir)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  if (isBrokerProcess(pid, runDir)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

/**
 * Stops brokers left behind by runs that died without their teardown (their owner process is gone).
 * Hand-started brokers (no owner) are left alone.
 */
async function removeOrphans(options) {
  if (!existsSync(runRoot)) return;
  for (const name of readdirSync(runRoot)) {
    const runDir = path.join(runRoot, name);
    if (name.startsWith('lib-staging-')) {
      const stagingPid = Number(name.split('-')[2]);
      if (!isAlive(stagingPid)) rmSync(runDir, { recursive: true, force: true });
      continue;
    }
    const state = readState(runDir);
    if (!state || state.ownerPid === undefined || isAlive(state.ownerPid)) continue;
    logStep(options, `stopping the broker of a finished run (${name})`);
    await stopProcess(state.pid, runDir, 2000);
    rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * Starts a broker and waits until it is ready.
 * @param {object} [options]
 * @param {string} [options.instance] run folder name under test/kafka/run/ (default: unique per call)
 * @param {number} [options.ownerPid] process whose death makes the broker an orphan to clean up (default: this one)
 * @param {boolean} [options.detached] let the broker outlive this process (the CLI's `start`)
 * @param {number} [options.readyTimeoutMs]
 * @param {boolean} [options.quiet]
 * @returns {Promise<{ brokers: string[], pid: number, runDir: string, logFile: string }>}
 */
export async function startBroker(options = {}) {
  checkJava();
  resolveJars(options);
  await removeOrphans(options);
  const instance = options.instance ?? `vitest-${process.pid}-${randomBytes(3).toString('hex')}`;
  const runDir = path.join(runRoot, instance);
  let lastFailure = '';
  // A port chosen free can be taken before the JVM binds it: try a few times with new ports.
  for (let attempt = 1; attempt <= 3; attempt++) {
    rmSync(runDir, { recursive: true, force: true });
    const dataDir = path.join(runDir, 'data');
    const logFile = path.join(runDir, 'broker.log');
    mkdirSync(dataDir, { recursive: true });
    const brokerPort = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === brokerPort) controllerPort = await freePort();
    const configFile = path.join(runDir, 'server.properties');
    writeFileSync(configFile, serverProperties({ brokerPort, controllerPort, dataDir }));

    const format = spawnSync('java', javaArgs('kafka.tools.StorageTool', ['format', '-t', clusterId(), '-c', configFile], logFile), {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (format.status !== 0) {
      throw new BrokerError(
        `Formatting the Kafka storage failed (exit ${format.status}):\n${`${format.stdout}${format.stderr}`.trim().split('\n').slice(-20).join('\n')}\n${useKafkaBrokersHint}`,
      );
    }

    const logFd = openSync(logFile, 'a');
    const child = spawn('java', javaArgs('kafka.Kafka', [configFile], logFile), {
      cwd: runDir,
      stdio: ['ignore', logFd, logFd],
      detached: Boolean(options.detached),
    });
    closeSync(logFd);
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const brokers = [`127.0.0.1:${brokerPort}`];
    writeFileSync(
      path.join(runDir, 'state.json'),
      JSON.stringify({ pid: child.pid, brokers, ownerPid: options.detached ? undefined : (options.ownerPid ?? process.pid), startedAt: new Date().toISOString() }, null, 2),
    );
    if (options.detached) child.unref();
    logStep(options, `starting Kafka (pid ${child.pid}) on ${brokers[0]}…`);

    const failure = await waitUntilReady(brokers, { timeoutMs: options.readyTimeoutMs ?? 90_000, isDead: () => exited });
    if (failure === undefined) return { brokers, pid: child.pid, runDir, logFile };
    lastFailure = `${failure}\n--- last lines of ${logFile} ---\n${tail(logFile)}`;
    await stopProcess(child.pid, runDir, 2000);
    const portTaken = /Address already in use|BindException/.test(tail(logFile, 200));
    if (!portTaken) break;
    logStep(options, 'a port was taken before the broker bound it; retrying with new ports');
  }
  rmSync(runDir, { recursive: true, force: true });
  throw new BrokerError(`The Kafka broker did not become ready: ${lastFailure}\n${useKafkaBrokersHint}`);
}

/** Stops a broker started by {@link startBroker} and removes its run folder. */
export async function stopBroker(broker, { graceMs = 15_000 } = {}) {
  await stopProcess(broker.pid, broker.runDir, graceMs);
  rmSync(broker.runDir, { recursive: true, force: true });
}

/** Brokers with a run folder under test/kafka/run/: `{ instance, pid, brokers, running, ownerPid }`. */
export function listBrokers() {
  if (!existsSync(runRoot)) return [];
  return readdirSync(runRoot)
    .filter((name) => !name.startsWith('lib-staging-'))
    .map((name) => {
      const runDir = path.join(runRoot, name);
      const state = readState(runDir);
      return state ? { instance: name, ...state, runDir, running: isBrokerProcess(state.pid, runDir) } : undefined;
    })
    .filter((entry) => entry !== undefined);
}

async function main(command) {
  const manualDir = path.join(runRoot, manualInstance);
  switch (command) {
    case 'start': {
      const existing = readState(manualDir);
      if (existing && isBrokerProcess(existing.pid, manualDir)) {
        process.stderr.write(`[kafka-broker] already running (pid ${existing.pid})\n`);
        process.stdout.write(`${existing.brokers.join(',')}\n`);
        return 0;
      }
      const broker = await startBroker({ instance: manualInstance, detached: true });
      process.stderr.write(`[kafka-broker] ready; use it with: KAFKA_BROKERS=${broker.brokers.join(',')} npx vitest run --project kafka\n`);
      process.stdout.write(`${broker.brokers.join(',')}\n`);
      return 0;
    }
    case 'stop': {
      const existing = readState(manualDir);
      if (!existing) {
        process.stderr.write('[kafka-broker] no broker started by `start` is running\n');
        return 0;
      }
      await stopBroker({ pid: existing.pid, runDir: manualDir });
      process.stderr.write(`[kafka-broker] stopped (pid ${existing.pid})\n`);
      return 0;
    }
    case 'status': {
      const brokers = listBrokers();
      if (brokers.length === 0) process.stdout.write('no brokers\n');
      for (const broker of brokers) {
        const owner = broker.ownerPid === undefined ? 'started by hand' : `owner pid ${broker.ownerPid}`;
        process.stdout.write(`${broker.instance}\t${broker.running ? 'running' : 'not running'}\tpid ${broker.pid}\t${broker.brokers.join(',')}\t${owner}\n`);
      }
      return 0;
    }
    default:
      process.stderr.write('usage: node test/kafka/broker.mjs start|stop|status\n');
      return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error instanceof BrokerError ? error.message : error?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
