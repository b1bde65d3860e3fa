/**
 * The lint engine: runs every rule of the table that the config does not turn off, at the configured severity,
 * and turns the issues into report cases (one per subject and per topic). Pure.
 */
import { KontractError } from '../../errors.js';
import { lintSettings } from '../../project/config.js';
import type { SchemaRepository, SchemaVersion, Subject } from '../../project/types.js';
import type { ReportCase, ReportFinding, Severity } from '../../report/types.js';
import { schemaFormat } from '../../schema/formats.js';
import { LINT_RULES } from './rules.js';
import type { LintContext, LintIssue, LintRule } from './types.js';

export interface LintOptions {
  /** The text of kontract.config.json, to give config findings a line and column. */
  configText?: string;
  /** Warnings fail too. */
  strict?: boolean;
}

/** A lint finding: a report finding of a rule, for a subject or topic. */
export interface LintFinding extends ReportFinding {
  subject?: string;
  topic?: string;
}

/** The severity of each rule after the config: `off` rules are left out. */
export function effectiveSeverities(repo: SchemaRepository): Map<LintRule, 'warn' | 'error'> {
  const configured = lintSettings(repo.config).rules;
  const severities = new Map<LintRule, 'warn' | 'error'>();
  for (const rule of LINT_RULES) {
    const severity = configured[rule.id] ?? rule.defaultSeverity;
    if (severity !== 'off') severities.set(rule, severity);
  }
  return severities;
}

function referenceFiles(repo: SchemaRepository): (version: SchemaVersion, name: string) => string | undefined {
  const bySubject = new Map(repo.subjects.map((s) => [s.name, s]));
  const cache = new Map<SchemaVersion, Map<string, string>>();
  const filesOf = (version: SchemaVersion): Map<string, string> => {
    let files = cache.get(version);
    if (files) return files;
    files = new Map();
    cache.set(version, files);
    for (const ref of version.references) {
      const target = bySubject.get(ref.subject)?.versions[ref.version - 1];
      if (!target) continue;
      for (const [name, file] of filesOf(target)) files.set(name, file);
      files.set(ref.name, target.file);
    }
    return files;
  };
  return (version, name) => filesOf(version).get(name);
}

/** Runs the lint rules on `repo` (the newest version of each subject; history where a rule needs it). */
export function lintRepository(repo: SchemaRepository, options: LintOptions = {}): LintFinding[] {
  const parsedCache = new Map<SchemaVersion, unknown>();
  const context: LintContext = {
    repo,
    settings: lintSettings(repo.config),
    ...(options.configText !== undefined ? { configText: options.configText } : {}),
    parsed(version) {
      let parsed = parsedCache.get(version);
      if (parsed === undefined) {
        parsed = schemaFormat(version.schemaType).parse({ schema: version.schema, references: version.referenceTexts }, { file: version.file, strict: false });
        parsedCache.set(version, parsed);
      }
      return parsed;
    },
    referenceFile: referenceFiles(repo),
    valueSubjects: () => repo.topics.filter((t) => t.value).map((t) => ({ topic: t.topic, subject: t.value as Subject })),
  };
  for (const pattern of ['topicNamePattern', 'librarySubjectPattern'] as const) {
    try {
      new RegExp(context.settings[pattern]);
    } catch (error) {
      throw new KontractError('CONFIG_INVALID', `lint.${pattern} is not a valid regular expression: ${(error as Error).message}`, {
        location: { file: 'kontract.config.json', path: `#/lint/${pattern}` },
        hint: 'Write a JavaScript regular expression, e.g. "^[a-z]+\\\\.[a-z]+\\\\.[a-z]+$".',
      });
    }
  }
  const findings: LintFinding[] = [];
  for (const [rule, configured] of effectiveSeverities(repo)) {
    for (const issue of rule.handler(context)) findings.push(toFinding(rule, configured, issue));
  }
  return findings.sort((a, b) => compare(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compare(a.ruleId, b.ruleId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toFinding(rule: LintRule, configured: 'warn' | 'error', issue: LintIssue): LintFinding {
  const severity: Severity = configured === 'warn' || issue.warningOnly ? 'warning' : 'error';
  return {
    ruleId: rule.id,
    severity,
    message: issue.message,
    hint: issue.hint ?? rule.hint,
    file: issue.at.file,
    ...(issue.at.line !== undefined ? { line: issue.at.line } : {}),
    ...(issue.at.column !== undefined ? { column: issue.at.column } : {}),
    ...(issue.at.path !== undefined ? { location: issue.at.path } : {}),
    ...(issue.subject !== undefined ? { subject: issue.subject } : {}),
    ...(issue.topic !== undefined ? { topic: issue.topic } : {}),
  };
}

/** Findings as report cases: one per topic and one per subject, in that order. */
export function lintReportCases(repo: SchemaRepository, findings: readonly LintFinding[], options: LintOptions = {}): ReportCase[] {
  const status = (list: readonly LintFinding[]) => (list.some((f) => f.severity === 'error' || (options.strict && f.severity === 'warning')) ? ('fail' as const) : ('pass' as const));
  const summary = (list: readonly LintFinding[]) => {
    const errors = list.filter((f) => f.severity === 'error').length;
    const warnings = list.filter((f) => f.severity === 'warning').length;
    return errors + warnings === 0 ? 'clean' : [errors > 0 && `${errors} error${errors === 1 ? '' : 's'}`, warnings > 0 && `${warnings} warning${warnings === 1 ? '' : 's'}`].filter(Boolean).join(', ');
  };
  const strip = ({ subject: _s, topic: _t, ...finding }: LintFinding): ReportFinding => finding;
  const cases: ReportCase[] = [];
  for (const t of repo.topics) {
    const list = findings.filter((f) => f.topic === t.topic);
    cases.push({ name: `topic ${t.topic}`, file: (t.value ?? t.key)!.dir, status: status(list), summary: summary(list), findings: list.map(strip), details: { topic: t.topic } });
  }
  for (const s of repo.subjects) {
    const list = findings.filter((f) => f.subject === s.name);
    const latest = s.versions[s.versions.length - 1]!;
    cases.push({ name: `subject ${s.name}`, file: latest.file, status: status(list), summary: `v${latest.version}: ${summary(list)}`, findings: list.map(strip), details: { subject: s.name, version: latest.version } });
  }
  return cases;
}
