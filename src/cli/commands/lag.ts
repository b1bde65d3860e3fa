import { Option, type Command } from 'commander';
import kafkajs from 'kafkajs';
import { consumerLag, formatLagJson, formatLagTable } from '../../kafka/lag.js';
import { EXIT, usageError, type CliIO, type ExitCode } from '../io.js';

interface LagOptions {
  group: string;
  topic: string[];
  brokers?: string;
  format: 'text' | 'json';
}

export function registerLag(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('lag')
    .description("a consumer group's lag per partition: committed offset vs log end")
    .requiredOption('--group <id>', 'consumer group id')
    .option('--topic <name>', 'only this topic (repeatable); default: every topic the group committed offsets for', (v: string, prev: string[]) => [...prev, v], [])
    .option('--brokers <list>', 'bootstrap brokers, comma-separated (default: KAFKA_BROKERS)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nPrints GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG.\nExit codes: 0 printed, 2 usage errors or the brokers cannot be reached.')
    .action((options: LagOptions) => run(lag(io, options)));
}

async function lag(io: CliIO, options: LagOptions): Promise<ExitCode> {
  const list = options.brokers ?? io.env['KAFKA_BROKERS'];
  if (!list) throw usageError('no brokers given', 'Pass --brokers host:port[,host:port] or set KAFKA_BROKERS.');
  const brokers = list.split(',').map((b) => b.trim()).filter((b) => b.length > 0);
  const kafka = new kafkajs.Kafka({ clientId: 'kontract-lag', brokers, logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 2 } });
  const rows = await consumerLag({ kafka, groupId: options.group, ...(options.topic.length ? { topics: options.topic } : {}) });
  io.stdout(options.format === 'json' ? formatLagJson(rows) : formatLagTable(rows));
  return EXIT.OK;
}
