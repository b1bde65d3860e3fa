import { Option, type Command } from 'commander';
import { allCompatibilityRules } from '../../compat/rules.js';
import type { CompatibilityRule } from '../../compat/types.js';
import { EXIT, type CliIO, type ExitCode } from '../io.js';

interface RulesOptions {
  format: 'text' | 'json' | 'markdown';
  type?: string;
}

export function registerRules(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('rules')
    .description('list the compatibility rules: stable id, format, whether it breaks, what it checks and how to fix it')
    .addOption(new Option('--type <type>', 'only one schema type').choices(['AVRO', 'PROTOBUF', 'JSON']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((options: RulesOptions) => run(rules(io, options)));
}

async function rules(io: CliIO, options: RulesOptions): Promise<ExitCode> {
  const list = allCompatibilityRules().filter((r) => !options.type || r.schemaType === options.type || r.schemaType === 'ANY');
  const breaks = (r: CompatibilityRule) => (r.breakingLenient !== undefined && r.breakingLenient !== r.breaking ? `${r.breaking ? 'yes' : 'no'} (LENIENT: ${r.breakingLenient ? 'yes' : 'no'})` : r.breaking ? 'yes' : 'no');
  if (options.format === 'json') io.stdout(JSON.stringify(list, null, 2) + '\n');
  else if (options.format === 'markdown') {
    io.stdout('| Rule | Format | Breaks | Checks | Fix |\n|---|---|---|---|---|\n');
    for (const r of list) io.stdout(`| \`${r.id}\` | ${r.schemaType} | ${breaks(r)} | ${r.purpose.replace(/\|/g, '\\|')} | ${r.hint.replace(/\|/g, '\\|')} |\n`);
  } else {
    for (const r of list) io.stdout(`${r.id.padEnd(62)} ${r.schemaType.padEnd(8)} breaks: ${breaks(r)}\n    ${r.purpose}\n`);
    io.stdout(`${list.length} rules\n`);
  }
  return EXIT.OK;
}
