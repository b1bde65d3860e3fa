import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { effectiveSeverities, lintReportCases, lintRepository } from '../../contract/lint/lint.js';
import { LINT_RULES } from '../../contract/lint/rules.js';
import { CONFIG_FILE } from '../../project/config.js';
import { findProjectRoot, loadRepository } from '../../project/load.js';
import type { ReportFormat } from '../../report/types.js';
import { EXIT, emitReport, formatOption, projectOption, reportingErrors, usageError, type CliIO, type ExitCode } from '../io.js';

interface LintOptions {
  format: ReportFormat;
  project?: string;
  strict?: boolean;
  list?: boolean;
}

export function registerLint(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('lint')
    .description('check naming, the event envelope, documentation, enum and field-number hygiene, keys and message size of the newest version of every subject')
    .addOption(formatOption())
    .addOption(projectOption())
    .option('--strict', 'warnings fail too')
    .option('--list', 'list the rules with their ids, severities (as configured) and purposes')
    .addHelpText('after', '\nRules are configured in kontract.config.json: "lint": { "rules": { "<RULE_ID>": "off" | "warn" | "error" } }.\nExit codes: 0 no errors (warnings do not fail without --strict), 1 lint errors, 2 usage, config or schema errors.')
    .action((options: LintOptions) => run(reportingErrors(io, 'lint', options.format, () => lint(io, options))));
}

async function lint(io: CliIO, options: LintOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  if (options.list) return listRules(io, options.format, effectiveSeverities(repo));
  const configPath = path.join(root, CONFIG_FILE);
  const configText = existsSync(configPath) ? readFileSync(configPath, 'utf8') : undefined;
  const findings = lintRepository(repo, { ...(configText !== undefined ? { configText } : {}) });
  const cases = lintReportCases(repo, findings, { strict: options.strict === true });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const title = `kontract lint: ${repo.subjects.length} subjects, ${repo.topics.length} topics: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${options.strict ? ' (--strict)' : ''}`;
  return emitReport(io, { command: 'lint', title, cases }, options.format);
}

function listRules(io: CliIO, format: ReportFormat, severities: ReturnType<typeof effectiveSeverities>): ExitCode {
  const rows = LINT_RULES.map((rule) => ({ id: rule.id, severity: severities.get(rule) ?? 'off', defaultSeverity: rule.defaultSeverity, formats: rule.formats, purpose: rule.purpose, hint: rule.hint }));
  if (format === 'json') io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else if (format === 'markdown') {
    io.stdout('| Rule | Severity | Formats | Checks |\n|---|---|---|---|\n');
    for (const r of rows) io.stdout(`| \`${r.id}\` | ${r.severity} | ${r.formats.join(', ')} | ${r.purpose.replace(/\|/g, '\\|')} |\n`);
  } else if (format === 'text') {
    for (const r of rows) io.stdout(`${r.id.padEnd(30)} ${r.severity.padEnd(6)} ${r.formats.join(',')}\n    ${r.purpose}\n`);
    io.stdout(`${rows.length} rules\n`);
  } else {
    throw usageError(`--list prints text, json or markdown, not ${format}`);
  }
  return EXIT.OK;
}
