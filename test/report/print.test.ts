import { describe, expect, it } from 'vitest';
import { printReport } from '../../src/report/print.js';
import { KontractError, KontractErrorList } from '../../src/errors.js';
import { errorReport, reportExitCode, type Report } from '../../src/report/types.js';

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
          direction: 'BACKWARD',
          previousVersion: 1,
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
    expect(json.cases[1].findings[0]).toMatchObject({ direction: 'BACKWARD', previousVersion: 1 });
    expect(json.errors).toEqual([]);
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

  const errors = errorReport('check', [
    new KontractError('REFERENCE_UNRESOLVED', 'type "Nope" is used but not defined', {
      location: { file: 'schemas/b-value/v1.avsc', line: 2, column: 31, path: '#/fields/0/type' },
      hint: 'Define "Nope", a, b.',
    }),
    new KontractError('SCHEMA_SYNTAX', 'unexpected end <of> input', { location: { file: 'schemas/b-value/v1.avsc', line: 9, column: 1 } }),
    new KontractError('CONFIG_INVALID', 'unknown level', { location: { file: 'kontract.config.json', line: 1, column: 19, path: '#/compatibility' } }),
    new KontractError('REGISTRY_UNAVAILABLE', 'no answer from http://localhost:1', { registryCode: 50001 }),
  ]);

  it('errors: an error report has no cases and exits 2', () => {
    expect(errors.title).toBe('kontract check: 4 errors, nothing checked');
    expect(errors.cases).toEqual([]);
    expect(reportExitCode(errors)).toBe(2);
    expect(errorReport('lint', new KontractErrorList([new KontractError('IO', 'x')]).errors).title).toBe('kontract lint: 1 error, nothing checked');
  });

  it('errors, json: code, file, line, column, path, message, hint', () => {
    const json = JSON.parse(printReport(errors, 'json'));
    expect(json.ok).toBe(false);
    expect(json.errors[0]).toEqual({ code: 'REFERENCE_UNRESOLVED', message: 'type "Nope" is used but not defined', hint: 'Define "Nope", a, b.', file: 'schemas/b-value/v1.avsc', line: 2, column: 31, path: '#/fields/0/type' });
    expect(json.errors[3]).toEqual({ code: 'REGISTRY_UNAVAILABLE', message: 'no answer from http://localhost:1', registryCode: 50001 });
  });

  it('errors, junit: one errored test case per file', () => {
    const xml = printReport(errors, 'junit');
    expect(xml).toContain('<testsuite name="kontract check" tests="3" failures="0" errors="3">');
    expect(xml).toContain('<testcase classname="kontract check" name="schemas/b-value/v1.avsc" file="schemas/b-value/v1.avsc">');
    expect(xml).toContain('<error message="2 errors: REFERENCE_UNRESOLVED, SCHEMA_SYNTAX" type="REFERENCE_UNRESOLVED">REFERENCE_UNRESOLVED schemas/b-value/v1.avsc:2:31 #/fields/0/type');
    expect(xml).toContain('unexpected end &lt;of&gt; input');
    expect(xml).toContain('<error message="CONFIG_INVALID: unknown level" type="CONFIG_INVALID">');
    expect(xml).toContain('<testcase classname="kontract check" name="input">');
  });

  it('errors, github: an ::error annotation each, at file, line and column', () => {
    const out = printReport(errors, 'github').split('\n');
    expect(out[0]).toBe('::error file=schemas/b-value/v1.avsc,line=2,col=31,title=REFERENCE_UNRESOLVED::type "Nope" is used but not defined [#/fields/0/type]%0Ahint: Define "Nope", a, b.');
    expect(out[2]).toBe('::error file=kontract.config.json,line=1,col=19,title=CONFIG_INVALID::unknown level [#/compatibility]');
    expect(out[3]).toBe('::error title=REGISTRY_UNAVAILABLE::no answer from http://localhost:1');
    expect(out[4]).toBe('kontract check: 4 errors, nothing checked: 0 passed, 0 failed, 4 errors');
  });

  it('errors, markdown and text: listed with code, place, message and fix', () => {
    const out = printReport(errors, 'markdown');
    expect(out).toContain('### ❌ kontract check: 4 errors, nothing checked');
    expect(out).toContain('| `REFERENCE_UNRESOLVED` | `schemas/b-value/v1.avsc:2:31 #/fields/0/type` | type "Nope" is used but not defined | Define "Nope", a, b. |');
    expect(out).toContain('| `REGISTRY_UNAVAILABLE` |  | no answer from http://localhost:1 |  |');
    expect(out).not.toContain('| | Name | Result |');
    const text = printReport(errors, 'text');
    expect(text).toContain('ERROR REFERENCE_UNRESOLVED  schemas/b-value/v1.avsc:2:31 #/fields/0/type');
    expect(text).toContain('hint: Define "Nope", a, b.');
  });

  it('direction and previous version are json fields only: the other formats print as before', () => {
    const plain: Report = { ...report, cases: report.cases.map((c) => ({ ...c, findings: c.findings.map(({ direction: _d, previousVersion: _p, ...f }) => f) })) };
    for (const format of ['text', 'junit', 'github', 'markdown'] as const) expect(printReport(report, format)).toBe(printReport(plain, format));
  });

  it('exit code: 0 pass, 1 fail, 2 error', () => {
    expect(reportExitCode(report)).toBe(1);
    expect(reportExitCode({ ...report, cases: [report.cases[0]!] })).toBe(0);
    expect(reportExitCode({ ...report, cases: [{ ...report.cases[0]!, status: 'error' }] })).toBe(2);
  });
});
