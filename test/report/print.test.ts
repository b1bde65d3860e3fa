import { describe, expect, it } from 'vitest';
import { printReport } from '../../src/report/print.js';
import { reportExitCode, type Report } from '../../src/report/types.js';

const report: Report = {
  command: 'check',
  title: 'kontract check: 2 subjects',
  cases: [
    { name: 'a-value', file: 'schemas/a-value/v2.avsc', status: 'pass', summary: 'BACKWARD: v2 compatible', findings: [] },
    {
      name: 'b-value',
      file: 'schemas/b-value/v2.avsc',
      status: 'fail',
      summary: 'BACKWARD: v2 incompatible',
      findings: [
        {
          ruleId: 'READER_FIELD_MISSING_DEFAULT_VALUE',
          severity: 'error',
          message: 'field "x" has no default, a, b <c> & "d"',
          hint: 'Give "x" a default.',
          file: 'schemas/b-value/v2.avsc',
          line: 4,
          column: 7,
          location: '/fields/1',
        },
        { ruleId: 'FIELD_ADDED', severity: 'info', message: 'informational', file: 'schemas/b-value/v2.avsc' },
      ],
    },
  ],
};

describe('report printers', () => {
  it('text: one line per case, findings with rule, place and hint; info only when verbose', () => {
    const text = printReport(report, 'text');
    expect(text).toContain('ok    a-value  BACKWARD: v2 compatible');
    expect(text).toContain('FAIL  b-value  BACKWARD: v2 incompatible');
    expect(text).toContain('error READER_FIELD_MISSING_DEFAULT_VALUE  schemas/b-value/v2.avsc:4:7 /fields/1');
    expect(text).toContain('hint: Give "x" a default.');
    expect(text).not.toContain('informational');
    expect(printReport(report, 'text', { verbose: true })).toContain('informational');
    expect(text).not.toContain('\u001b[');
    expect(printReport(report, 'text', { color: true })).toContain('\u001b[31m');
    expect(text.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed');
  });

  it('json: everything, machine-readable', () => {
    const json = JSON.parse(printReport(report, 'json'));
    expect(json.ok).toBe(false);
    expect(json.summary).toEqual({ passed: 1, failed: 1, errored: 0 });
    expect(json.cases[1].findings).toHaveLength(2);
  });

  it('junit: one test case per case, failures escaped', () => {
    const xml = printReport(report, 'junit');
    expect(xml).toContain('<testsuite name="kontract check" tests="2" failures="1" errors="0">');
    expect(xml).toContain('<testcase classname="kontract check" name="a-value" file="schemas/a-value/v2.avsc"/>');
    expect(xml).toContain('<failure message="BACKWARD: v2 incompatible">');
    expect(xml).toContain('&lt;c&gt; &amp; &quot;d&quot;');
  });

  it('github: workflow annotations pointing at file, line and column', () => {
    const out = printReport(report, 'github');
    expect(out).toContain('::error file=schemas/b-value/v2.avsc,line=4,col=7,title=READER_FIELD_MISSING_DEFAULT_VALUE (b-value)::field "x" has no default, a, b');
    expect(out).toContain('%0Ahint: Give "x" a default.');
    expect(out).not.toContain('informational');
  });

  it('markdown: a summary table and the findings of failing cases', () => {
    const out = printReport(report, 'markdown');
    expect(out).toContain('### ❌ kontract check: 2 subjects');
    expect(out).toContain('| ✅ | `a-value` | BACKWARD: v2 compatible |');
    expect(out).toContain('| error | `READER_FIELD_MISSING_DEFAULT_VALUE` | `schemas/b-value/v2.avsc:4:7 /fields/1` |');
  });

  it('exit code: 0 pass, 1 fail, 2 error', () => {
    expect(reportExitCode(report)).toBe(1);
    expect(reportExitCode({ ...report, cases: [report.cases[0]!] })).toBe(0);
    expect(reportExitCode({ ...report, cases: [{ ...report.cases[0]!, status: 'error' }] })).toBe(2);
  });
});
