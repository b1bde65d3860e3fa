import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintRepository, type LintFinding } from '../../src/contract/lint/lint.js';
import { LINT_RULES } from '../../src/contract/lint/rules.js';
import { loadRepository } from '../../src/project/load.js';
import { kontract } from '../cli/helpers.js';
import { fixtureProject, fixturesDir, repoRoot } from './helpers.js';

const badDir = path.join(fixturesDir, 'lint-bad');

function lintFixture(): LintFinding[] {
  return lintRepository(loadRepository(badDir, {}), { configText: readFileSync(path.join(badDir, 'kontract.config.json'), 'utf8') });
}

const where = (f: LintFinding) => [f.ruleId, f.file, f.line];

describe('kontract lint rules on a bad fixture', () => {
  const findings = lintFixture();
  const byRule = (id: string) => findings.filter((f) => f.ruleId === id);

  it('every rule of the table fires', () => {
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(LINT_RULES.map((r) => r.id)));
  });

  it.each([
    ['TOPIC_NAME_FORMAT', 'kontract.config.json', 8, 'topic "payments.refund" does not match'],
    ['SUBJECT_NAME_FORMAT', 'schemas/CommonTypes', undefined, 'shared-type subject "CommonTypes" (bound to no topic)'],
    ['ENVELOPE_FIELDS', 'schemas/payments.refund-value/v1.avsc', 1, 'lacks the envelope fields "source", "metadata"'],
    ['AVRO_ENUM_DEFAULT', 'schemas/payments.refund-value/v1.avsc', 14, 'enum acme.payments.RefundReason has no "default" symbol'],
    ['PROTO_ENUM_ZERO_UNSPECIFIED', 'schemas/users.account.closed-value/v3.proto', 33, 'starts with OTHER = 0'],
    ['PROTO_FIELD_REUSED', 'schemas/users.account.closed-value/v3.proto', 18, 'number 3 was "old_email" (string) in v1 and removed later'],
    ['PROTO_REMOVED_FIELD_RESERVED', 'schemas/users.account.closed-value/v3.proto', 6, 'field "legacy_id" = 4 was removed from AccountClosed'],
    ['KEY_SCHEMA_REQUIRED', 'kontract.config.json', 6, 'topic "orders.order.shipped" requires keys'],
    ['MESSAGE_SIZE', 'schemas/bulk.report.generated-value/v1.json', 1, 'estimated maximum encoded message size 38.43 MiB is over 1.00 MiB'],
  ])('%s fires at %s line %s', (ruleId, file, line, message) => {
    const found = byRule(ruleId);
    expect(found.map(where)).toEqual([[ruleId, file, line]]);
    expect(found[0]!.message).toContain(message);
    expect(found[0]!.severity).toBe('error');
  });

  it('ENVELOPE_METADATA_FIELDS follows the metadata field into a referenced type and a nested message', () => {
    expect(byRule('ENVELOPE_METADATA_FIELDS').map(where)).toEqual([
      ['ENVELOPE_METADATA_FIELDS', 'schemas/CommonTypes/v1.avsc', 1],
      ['ENVELOPE_METADATA_FIELDS', 'schemas/users.account.closed-value/v3.proto', 24],
    ]);
    expect(byRule('ENVELOPE_METADATA_FIELDS')[1]!.message).toBe('acme.users.AccountClosed.Meta ("metadata" of topic "users.account.closed") lacks "trace_id"');
  });

  it('FIELD_DOCUMENTED and RECORD_DOCUMENTED fire in all three formats, a documented $ref target counting as documentation', () => {
    expect(byRule('FIELD_DOCUMENTED').map(where)).toEqual([
      ['FIELD_DOCUMENTED', 'schemas/inventory.item.moved-value/v1.json', 11],
      ['FIELD_DOCUMENTED', 'schemas/payments.refund-value/v1.avsc', 10],
    ]);
    expect(byRule('FIELD_DOCUMENTED')[0]!.location).toBe('#/properties/bin');
    expect(byRule('RECORD_DOCUMENTED').map(where)).toEqual([
      ['RECORD_DOCUMENTED', 'schemas/inventory.item.moved-value/v1.json', 1],
      ['RECORD_DOCUMENTED', 'schemas/payments.refund-value/v1.avsc', 1],
      ['RECORD_DOCUMENTED', 'schemas/users.account.closed-value/v3.proto', 24],
    ]);
  });
});

describe('kontract lint configuration and exit codes', () => {
  let project: ReturnType<typeof fixtureProject> | undefined;
  afterEach(() => project?.cleanup());

  it('exits 1 on errors, with the findings in every format', async () => {
    const text = await kontract(badDir, ['lint']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('error PROTO_FIELD_REUSED  schemas/users.account.closed-value/v3.proto:18:10 #/AccountClosed/3');
    const github = await kontract(badDir, ['lint', '--format', 'github']);
    expect(github.stdout).toContain('::error file=schemas/users.account.closed-value/v3.proto,line=18,col=10,title=PROTO_FIELD_REUSED (subject users.account.closed-value)::');
    const junit = await kontract(badDir, ['lint', '--format', 'junit']);
    expect(junit.stdout).toContain('<testcase classname="kontract lint" name="subject users.account.closed-value" file="schemas/users.account.closed-value/v3.proto">');
  });

  it('turns rules off or into warnings; warnings pass unless --strict; size warns between the limits', async () => {
    project = fixtureProject('lint-bad');
    const config = JSON.parse(project.read('kontract.config.json')) as Record<string, unknown>;
    const rules = Object.fromEntries(LINT_RULES.map((r) => [r.id, 'off']));
    project.write('kontract.config.json', JSON.stringify({ ...config, lint: { rules: { ...rules, MESSAGE_SIZE: 'error', AVRO_ENUM_DEFAULT: 'warn' }, messageSize: { warnBytes: 3000, errorBytes: 100000000 } } }, null, 2));
    const result = await kontract(project.dir, ['lint', '--format', 'json']);
    expect(result.code).toBe(0);
    const findings = (JSON.parse(result.stdout) as { cases: Array<{ findings: Array<{ ruleId: string; severity: string; file: string }> }> }).cases.flatMap((c) => c.findings);
    expect(findings.map((f) => [f.ruleId, f.severity, f.file]).sort()).toEqual([
      ['AVRO_ENUM_DEFAULT', 'warning', 'schemas/payments.refund-value/v1.avsc'],
      ['MESSAGE_SIZE', 'warning', 'schemas/bulk.report.generated-value/v1.json'],
    ]);
    expect((await kontract(project.dir, ['lint', '--strict'])).code).toBe(1);
  });

  it('by default warns over 100 KiB and fails over 1 MiB', async () => {
    project = fixtureProject('lint-bad');
    const bulk = 'schemas/bulk.report.generated-value/v1.json';
    const sizeFindings = async () => {
      const result = await kontract(project!.dir, ['lint', '--format', 'json']);
      const findings = (JSON.parse(result.stdout) as { cases: Array<{ findings: Array<{ ruleId: string; severity: string; file: string; message: string }> }> }).cases.flatMap((c) => c.findings);
      return findings.filter((f) => f.ruleId === 'MESSAGE_SIZE' && f.file === bulk).map((f) => [f.severity, f.message.replace(/ \(assuming.*$/, '')]);
    };
    // 2,000 rows of at most 100 characters (4 UTF-8 bytes each at most): under 1 MiB, over 100 KiB — a warning.
    project.write(bulk, project.read(bulk).replace('"maxItems": 100000', '"maxItems": 2000'));
    expect(await sizeFindings()).toEqual([['warning', 'estimated maximum encoded message size 788.8 KiB is over 100.0 KiB']]);
    // 200 rows, about 79 KiB: quiet.
    project.write(bulk, project.read(bulk).replace('"maxItems": 2000', '"maxItems": 200'));
    expect(await sizeFindings()).toEqual([]);
  });

  it('rejects an unknown rule id in the config with its location', async () => {
    project = fixtureProject('lint-bad');
    project.write('kontract.config.json', '{\n  "lint": { "rules": { "FIELD_DOCS": "off" } }\n}');
    const result = await kontract(project.dir, ['lint']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kontract.config.json:2:38 (at #/lint/rules/FIELD_DOCS): CONFIG_INVALID: unknown property "FIELD_DOCS" in "lint.rules"');
  });

  it('lists the rules with their configured severities', async () => {
    const listed = JSON.parse((await kontract(repoRoot, ['lint', '--list', '--format', 'json'])).stdout) as Array<{ id: string; severity: string }>;
    expect(listed.map((r) => r.id)).toEqual(LINT_RULES.map((r) => r.id));
    expect(listed.every((r) => r.severity === 'error')).toBe(true);
  });

  it('the config schema names exactly the rules of the table', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'kontract.config.schema.json'), 'utf8')) as { properties: { lint: { properties: { rules: { properties: Record<string, unknown> } } } } };
    expect(Object.keys(schema.properties.lint.properties.rules.properties)).toEqual(LINT_RULES.map((r) => r.id));
  });
});

describe("the repository's own schemas", () => {
  it('are lint-clean', async () => {
    const result = await kontract(repoRoot, ['lint', '--strict', '--format', 'json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { cases: Array<{ findings: unknown[] }> };
    expect(report.cases.flatMap((c) => c.findings)).toEqual([]);
    expect(result.code).toBe(0);
  });
});
