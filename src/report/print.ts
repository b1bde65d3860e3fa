import type { Report, ReportCase, ReportError, ReportFinding, ReportFormat, Severity } from './types.js';

export interface PrintOptions {
  /** ANSI colours (text format only); default: off. The CLI turns it on for a TTY without NO_COLOR. */
  color?: boolean;
  /** Also print informational findings (text and markdown); they are always in json. */
  verbose?: boolean;
}

/** Render a report in one of the output formats. */
export function printReport(report: Report, format: ReportFormat, options: PrintOptions = {}): string {
  switch (format) {
    case 'text':
      return printText(report, options);
    case 'json':
      return printJson(report);
    case 'junit':
      return printJunit(report);
    case 'github':
      return printGithub(report);
    case 'markdown':
      return printMarkdown(report, options);
  }
}

const STATUS_WORD = { pass: 'ok', fail: 'FAIL', error: 'ERROR' } as const;

function counts(report: Report): string {
  const by = (s: ReportCase['status']) => report.cases.filter((c) => c.status === s).length;
  const parts = [`${by('pass')} passed`, `${by('fail')} failed`];
  if (by('error') > 0) parts.push(`${by('error')} errored`);
  const errors = report.errors?.length ?? 0;
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function errorsOf(report: Report): ReportError[] {
  return report.errors ?? [];
}

/** `file:line:col path`, as much as is known. */
function errorWhere(e: ReportError): string {
  return where({ ruleId: e.code, severity: 'error', message: e.message, file: e.file, line: e.line, column: e.column, location: e.path });
}

function visible(findings: ReportFinding[], verbose: boolean | undefined): ReportFinding[] {
  return verbose ? findings : findings.filter((f) => f.severity !== 'info');
}

function where(f: ReportFinding): string {
  let s = f.file ?? '';
  if (f.file && f.line !== undefined) s += `:${f.line}` + (f.column !== undefined ? `:${f.column}` : '');
  if (f.location) s += s ? ` ${f.location}` : f.location;
  return s;
}

function printText(report: Report, { color, verbose }: PrintOptions): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const statusColor = { pass: '32', fail: '31', error: '31;1' } as const;
  const severityColor: Record<Severity, string> = { error: '31', warning: '33', info: '2' };
  const lines: string[] = [report.title];
  for (const e of errorsOf(report)) {
    const loc = errorWhere(e);
    lines.push(`${paint(statusColor.error, 'ERROR')} ${e.code}${loc ? `  ${paint('36', loc)}` : ''}`);
    lines.push(`        ${e.message}`);
    if (e.hint) lines.push(`        ${paint('2', `hint: ${e.hint}`)}`);
  }
  for (const c of report.cases) {
    lines.push(`${paint(statusColor[c.status], STATUS_WORD[c.status].padEnd(5))} ${paint('1', c.name)}  ${c.summary}`);
    for (const f of visible(c.findings, verbose)) {
      const loc = where(f);
      lines.push(`      ${paint(severityColor[f.severity], f.severity)} ${f.ruleId}${loc ? `  ${paint('36', loc)}` : ''}`);
      lines.push(`        ${f.message}`);
      if (f.hint && f.severity !== 'info') lines.push(`        ${paint('2', `hint: ${f.hint}`)}`);
    }
  }
  lines.push(counts(report));
  return lines.join('\n') + '\n';
}

function printJson(report: Report): string {
  const summary = {
    passed: report.cases.filter((c) => c.status === 'pass').length,
    failed: report.cases.filter((c) => c.status === 'fail').length,
    errored: report.cases.filter((c) => c.status === 'error').length,
  };
  const errors = errorsOf(report);
  const ok = summary.failed + summary.errored + errors.length === 0;
  return JSON.stringify({ command: report.command, title: report.title, ok, summary, cases: report.cases, errors }, null, 2) + '\n';
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function printJunit(report: Report): string {
  // Errors that stopped the command: one errored test case per file they are in.
  const byFile = new Map<string | undefined, ReportError[]>();
  for (const e of errorsOf(report)) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const failures = report.cases.filter((c) => c.status === 'fail').length;
  const errors = report.cases.filter((c) => c.status === 'error').length + byFile.size;
  const tests = report.cases.length + byFile.size;
  const suite = `kontract ${report.command}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(suite)}" tests="${tests}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="${xml(suite)}" tests="${tests}" failures="${failures}" errors="${errors}">`,
  ];
  for (const [file, list] of byFile) {
    const attrs = `classname="${xml(suite)}" name="${xml(file ?? 'input')}"${file ? ` file="${xml(file)}"` : ''}`;
    const message = list.length === 1 ? `${list[0]!.code}: ${list[0]!.message}` : `${list.length} errors: ${list.map((e) => e.code).join(', ')}`;
    const body = list.map((e) => `${e.code} ${errorWhere(e)}\n${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`).join('\n\n');
    out.push(`    <testcase ${attrs}>`);
    out.push(`      <error message="${xml(message)}" type="${xml(list[0]!.code)}">${xml(body)}</error>`);
    out.push('    </testcase>');
  }
  for (const c of report.cases) {
    const attrs = `classname="${xml(suite)}" name="${xml(c.name)}"${c.file ? ` file="${xml(c.file)}"` : ''}`;
    const body = c.findings
      .filter((f) => f.severity !== 'info')
      .map((f) => `${f.ruleId} ${where(f)}\n${f.message}${f.hint ? `\nhint: ${f.hint}` : ''}`)
      .join('\n\n');
    if (c.status === 'pass') {
      out.push(`    <testcase ${attrs}/>`);
    } else {
      const tag = c.status === 'fail' ? 'failure' : 'error';
      out.push(`    <testcase ${attrs}>`);
      out.push(`      <${tag} message="${xml(c.summary)}">${xml(body || c.summary)}</${tag}>`);
      out.push('    </testcase>');
    }
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
}

/** GitHub Actions workflow commands: escape per the runner's rules (data vs property values). */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function printGithub(report: Report): string {
  const lines: string[] = [];
  const level: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
  for (const e of errorsOf(report)) {
    const props = [e.file && `file=${ghProperty(e.file)}`, e.line !== undefined && `line=${e.line}`, e.column !== undefined && `col=${e.column}`, `title=${ghProperty(e.code)}`].filter(Boolean);
    lines.push(`::error ${props.join(',')}::${ghData(`${e.message}${e.path ? ` [${e.path}]` : ''}${e.hint ? `\nhint: ${e.hint}` : ''}`)}`);
  }
  for (const c of report.cases) {
    const findings = c.findings.filter((f) => f.severity !== 'info');
    if (c.status === 'error' && findings.length === 0) {
      lines.push(`::error ${c.file ? `file=${ghProperty(c.file)},` : ''}title=${ghProperty(c.name)}::${ghData(c.summary)}`);
    }
    for (const f of findings) {
      const props = [
        (f.file ?? c.file) && `file=${ghProperty((f.file ?? c.file)!)}`,
        f.line !== undefined && `line=${f.line}`,
        f.column !== undefined && `col=${f.column}`,
        `title=${ghProperty(`${f.ruleId} (${c.name})`)}`,
      ].filter(Boolean);
      lines.push(`::${level[f.severity]} ${props.join(',')}::${ghData(`${f.message}${f.location ? ` [${f.location}]` : ''}${f.hint ? `\nhint: ${f.hint}` : ''}`)}`);
    }
  }
  lines.push(`${report.title}: ${counts(report)}`);
  return lines.join('\n') + '\n';
}

function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function printMarkdown(report: Report, { verbose }: PrintOptions): string {
  const icon = { pass: '✅', fail: '❌', error: '⚠️' } as const;
  const errors = errorsOf(report);
  const ok = errors.length === 0 && report.cases.every((c) => c.status === 'pass');
  const out = [`### ${ok ? '✅' : '❌'} ${md(report.title)}`, '', counts(report)];
  if (errors.length > 0) {
    out.push('', '#### Errors', '', '| Code | Where | Message | Fix |', '|---|---|---|---|');
    for (const e of errors) out.push(`| \`${e.code}\` | ${errorWhere(e) ? `\`${md(errorWhere(e))}\`` : ''} | ${md(e.message)} | ${md(e.hint ?? '')} |`);
  }
  if (report.cases.length > 0 || errors.length === 0) out.push('', '| | Name | Result |', '|---|---|---|');
  for (const c of report.cases) out.push(`| ${icon[c.status]} | \`${md(c.name)}\` | ${md(c.summary)} |`);
  const failing = report.cases.filter((c) => visible(c.findings, verbose).length > 0);
  if (failing.length > 0) {
    out.push('', '#### Findings', '');
    for (const c of failing) {
      out.push(`<details${c.status === 'pass' ? '' : ' open'}><summary><code>${md(c.name)}</code></summary>`, '');
      out.push('| Severity | Rule | Where | Message | Fix |', '|---|---|---|---|---|');
      for (const f of visible(c.findings, verbose)) {
        out.push(`| ${f.severity} | \`${f.ruleId}\` | ${where(f) ? `\`${md(where(f))}\`` : ''} | ${md(f.message)} | ${md(f.hint ?? '')} |`);
      }
      out.push('', '</details>', '');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
