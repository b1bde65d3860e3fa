/**
 * Compile-time safety of the typed producer and consumer: a usage file written against the generated code
 * (examples/generated) is type-checked with the TypeScript compiler API under the repository's compiler
 * options. Every wrong use carries `// @ts-expect-error`, so the program must have zero diagnostics; and the
 * same file without those comments must have one error on exactly each marked line (so the test can fail).
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../serde/helpers.js';

const usage = `import { Kafka } from 'kafkajs';
import { topics } from '../../../examples/generated/index.js';
import type { OrdersPaymentCompleted, UsersProfileUpdated } from '../../../examples/generated/index.js';
import { createConsumer, createProducer } from '../../../src/kafka/typed.js';

const kafka = new Kafka({ brokers: ['localhost:9092'] });
const producer = createProducer({ kafka, registry: 'http://localhost:8081', topics });
const consumer = createConsumer({ kafka, registry: { url: 'http://localhost:8081' }, topics, groupId: 'billing' });

const timestamp = new Date();
const metadata = { correlation_id: 'c' };
const payment = {
  event_id: 'e', event_type: 'orders.payment.completed', event_version: 2, timestamp, source: 's',
  data: { order_id: 'o', payment_id: 'p', amount: '12.34', currency: 'EUR' },
  metadata,
};

export async function valid(): Promise<void> {
  await producer.send('orders.payment.completed', { key: 'order-1', value: payment });
  await producer.send('orders.payment.completed', { key: 'order-1', value: { ...payment, data: { ...payment.data, method: 'CARD', captured_by: null } } });
  await producer.send('users.profile.updated', { value: { event_id: 'e', data: { user_id: 'u', visibility: 'VISIBILITY_PUBLIC', avatar: { case: 'avatar_seed', value: 1 } } } });
  await producer.send('users.profile.updated', { key: null, value: {} });
  await producer.send('inventory.stock.depleted', {
    value: { event_id: 'e', event_type: 't', event_version: 2, timestamp: '2024-01-01T00:00:00Z', source: 's', data: { sku: 's', warehouse_id: 'w' }, metadata },
  });
  await producer.sendBatch([
    { topic: 'orders.payment.completed', key: 'o', value: payment },
    { topic: 'users.profile.updated', value: { event_id: 'e' } },
  ]);
  consumer.on('orders.payment.completed', (event, context) => {
    const amount: string = event.data.amount;
    const at: Date = event.timestamp;
    const method: 'UNKNOWN' | 'CARD' | 'BANK_TRANSFER' | 'WALLET' = event.data.method;
    const key: string | null = context.key;
    const whole: OrdersPaymentCompleted = event;
    void [amount, at, method, key, whole];
  });
  consumer.on('users.profile.updated', async (event) => {
    const profile: UsersProfileUpdated = event;
    if (event.data?.avatar.case === 'avatar_seed') {
      const seed: number = event.data.avatar.value;
      void seed;
    }
    void profile;
  });
}

export async function invalid(): Promise<void> {
  // @ts-expect-error -- the amount is decimal text, not a number
  await producer.send('orders.payment.completed', { key: 'order-1', value: { ...payment, data: { ...payment.data, amount: 12.34 } } });
  // @ts-expect-error -- order_id is required
  await producer.send('orders.payment.completed', { key: 'order-1', value: { ...payment, data: { payment_id: 'p', amount: '1.00', currency: 'EUR' } } });
  // @ts-expect-error -- a misspelt field
  await producer.send('orders.payment.completed', { key: 'order-1', value: { ...payment, data: { ...payment.data, methd: 'CARD' } } });
  // @ts-expect-error -- not a symbol of PaymentMethod
  await producer.send('orders.payment.completed', { key: 'order-1', value: { ...payment, data: { ...payment.data, method: 'CASH' } } });
  // @ts-expect-error -- the topic requires a key
  await producer.send('orders.payment.completed', { value: payment });
  // @ts-expect-error -- no such topic
  await producer.send('orders.payment.complete', { key: 'order-1', value: payment });
  // @ts-expect-error -- the timestamp is a Date
  await producer.send('users.profile.updated', { value: { timestamp: '2024-01-01' } });
  // @ts-expect-error -- not a value name of the Visibility enum
  await producer.send('users.profile.updated', { value: { data: { visibility: 'PUBLIC' } } });
  // @ts-expect-error -- a oneof case that does not exist
  await producer.send('users.profile.updated', { value: { data: { avatar: { case: 'avatar_id', value: 1 } } } });
  // @ts-expect-error -- JSON Schema: the event_version is an integer
  await producer.send('inventory.stock.depleted', { value: { event_id: 'e', event_type: 't', event_version: '2', timestamp: 't', source: 's', data: { sku: 's', warehouse_id: 'w' }, metadata } });
  // @ts-expect-error -- a batch item with the value of another topic
  await producer.sendBatch([{ topic: 'users.profile.updated', value: payment }]);
  consumer.on('orders.payment.completed', (event) => {
    // @ts-expect-error -- consumers read the amount as a string
    const amount: number = event.data.amount;
    void amount;
  });
  // @ts-expect-error -- the handler of one topic receives that topic's type
  consumer.on('users.profile.updated', (event: OrdersPaymentCompleted) => void event);
}
`;

/** Diagnostics of the usage file(s) compiled with the repository's compiler options. */
function compile(files: Record<string, string>): Array<{ file: string; line: number; message: string }> {
  const configPath = path.join(repoRoot, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  // In memory, inside the package (so its "type": "module" applies); never written to disk.
  const virtualRoot = path.join(repoRoot, 'test', 'e2e', '.virtual');
  const virtual = new Map(Object.entries(files).map(([name, content]) => [path.join(virtualRoot, name), content]));
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    paths: { 'kontract/runtime': [path.join(repoRoot, 'src', 'runtime', 'index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    const content = virtual.get(file);
    return content === undefined ? getSourceFile.call(host, file, languageVersion, onError, shouldCreate) : ts.createSourceFile(file, content, languageVersion, true);
  };
  // Ambient declarations of the repository (e.g. src/kafka/vendor.d.ts) are part of every compilation of it.
  const ambient = parsed.fileNames.filter((file) => file.endsWith('.d.ts'));
  const program = ts.createProgram([...virtual.keys(), ...ambient], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return { file: '', line: 0, message };
    return { file: path.relative(virtualRoot, diagnostic.file.fileName), line: diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1, message };
  });
}

describe('compile-time types of the typed producer and consumer', () => {
  it('accept right uses and reject every wrong one (each marked with @ts-expect-error)', () => {
    const unmarked = usage.replace(/^\s*\/\/ @ts-expect-error.*$/gm, '// (expected error on the next line)');
    const markedLines = usage
      .split('\n')
      .map((line, index) => (line.includes('@ts-expect-error') ? index + 2 : 0))
      .filter((line) => line > 0);
    const diagnostics = compile({ 'usage.ts': usage, 'unmarked.ts': unmarked });
    expect(diagnostics.filter((d) => d.file !== 'unmarked.ts')).toEqual([]);
    const errorLines = [...new Set(diagnostics.filter((d) => d.file === 'unmarked.ts').map((d) => d.line))];
    expect(markedLines.length).toBe(13);
    expect(errorLines).toEqual(markedLines);
  }, 120_000);
});
