/**
 * A consumer process killed with SIGKILL mid-stream, twice, then restarted: every message must be
 * handled at least once, and with a durable idempotency store every effect must happen exactly once.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes } from 'kafkajs';
import { buildEnvelope, createProducer, jsonCodec } from '../../src/kafka/index.js';
import { brokers, committedOffsets, createTopics, logEndOffsets, testKafka, uniqueName, waitFor } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const kafka = testKafka('crash-test');
const workDir = mkdtempSync(path.join(tmpdir(), 'kontract-crash-'));

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** The shortest session the broker allows (a killed member is noticed after it), at least 2 s. */
async function shortSessionTimeout(): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers: nodes } = await admin.describeCluster();
    const config = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: String(nodes[0]?.nodeId ?? 1), configNames: ['group.min.session.timeout.ms'] }],
    });
    const minimum = Number(config.resources[0]?.configEntries[0]?.configValue ?? '6000');
    return Math.max(2_000, minimum);
  } finally {
    await admin.disconnect();
  }
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line !== '') : [];
}

interface ChildRun {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

function startChild(environment: Record<string, string>): ChildRun {
  const child = spawn(
    process.execPath,
    ['--import', path.join(here, 'fixtures/ts-loader.mjs'), path.join(here, 'fixtures/consumer-child.ts')],
    { cwd: repoRoot, env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, exit, output: () => output };
}

describe('a consumer killed with SIGKILL mid-stream', () => {
  it('handles every message at least once and applies every effect exactly once across restarts', async () => {
    const topic = uniqueName('crash');
    const groupId = uniqueName('crash-group');
    const effectsFile = path.join(workDir, 'effects.tsv');
    const deliveriesFile = path.join(workDir, 'deliveries.tsv');
    const total = 60;
    await createTopics(kafka, [topic], 2);
    const producer = createProducer({ kafka, codec: jsonCodec() });
    const events = Array.from({ length: total }, (_, n) => buildEnvelope({ type: 'test.crashed', version: 1, source: 'crash-test', data: { n } }));
    await producer.sendBatch(events.map((event, n) => ({ topic, key: `key-${n % 7}`, value: event })));
    await producer.disconnect();

    const environment = {
      KAFKA_BROKERS: brokers().join(','),
      TOPIC: topic,
      GROUP_ID: groupId,
      EFFECTS_FILE: effectsFile,
      DELIVERIES_FILE: deliveriesFile,
      HANDLE_DELAY_MS: '15',
      SESSION_TIMEOUT_MS: String(await shortSessionTimeout()),
    };

    // 1. Killed from outside at some point after a third of the effects.
    const first = startChild(environment);
    await waitFor('a third of the effects', () => lines(effectsFile).length >= total / 3, 30_000);
    first.child.kill('SIGKILL');
    expect((await first.exit).signal, first.output()).toBe('SIGKILL');

    // 2. Killed right after an effect, before its offset could be committed: that message must come again.
    const second = startChild({ ...environment, CRASH_AFTER_EFFECTS: '10' });
    expect((await second.exit).signal, second.output()).toBe('SIGKILL');
    const crashedOn = lines(effectsFile).at(-1)?.split('\t')[0];
    expect(crashedOn).toBeDefined();

    // 3. Runs to the end, then stops gracefully on SIGTERM.
    const third = startChild(environment);
    const ends = await logEndOffsets(kafka, topic);
    await waitFor(
      'every offset committed',
      async () => {
        const committed = await committedOffsets(kafka, groupId, topic);
        return [...ends].every(([partition, end]) => committed.get(partition) === end);
      },
      60_000,
    );
    third.child.kill('SIGTERM');
    expect(await third.exit, third.output()).toEqual({ code: 0, signal: null });

    const effectIds = lines(effectsFile).map((line) => line.split('\t')[0]);
    const expectedIds = events.map((event) => event.event_id).sort();
    // Exactly once: every event has one effect line, none has two.
    expect([...effectIds].sort()).toEqual(expectedIds);
    const deliveries = lines(deliveriesFile).map((line) => line.split('\t') as [string, string]);
    // At least once: every event reached a handler.
    expect(new Set(deliveries.filter(([kind]) => kind === 'handled').map(([, id]) => id))).toEqual(new Set(expectedIds));
    // The message whose commit the crash prevented came again and was recognised.
    expect(deliveries).toContainEqual(['duplicate', crashedOn]);
  });
});
