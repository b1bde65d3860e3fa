/**
 * Lint rules, buf-style: one table ({@link LINT_RULES} in rules.ts) of rules with stable ids, a purpose, a default
 * severity and a handler. Handlers see the whole repository (through {@link LintContext}) and return issues;
 * the engine applies the configured severity.
 */
import type { LintSettings } from '../../project/config.js';
import type { LintSeverity, SchemaRepository, SchemaVersion, Subject } from '../../project/types.js';
import type { SchemaType } from '../../schema/types.js';

/** Where an issue is: a file, and inside it a line/column and schema path where known. */
export interface LintLocation {
  file: string;
  line?: number;
  column?: number;
  /** JSON path / proto element path inside the file. */
  path?: string;
}

/** One problem a rule found. */
export interface LintIssue {
  /** The subject or topic the issue belongs to (the report case). */
  subject?: string;
  topic?: string;
  at: LintLocation;
  message: string;
  /** Overrides the rule's hint. */
  hint?: string;
  /** Report as a warning even when the rule is set to `error` (MESSAGE_SIZE between the warn and error limits). */
  warningOnly?: boolean;
}

/** What handlers see: the repository, the settings, and each subject's newest version parsed. */
export interface LintContext {
  repo: SchemaRepository;
  settings: LintSettings;
  /** The text of `kontract.config.json`, to place config findings (absent when the project has none). */
  configText?: string;
  /** The newest version of a subject, parsed with its references (cached). */
  parsed(version: SchemaVersion): unknown;
  /** The repository file a reference name of `version` resolves to (transitively), if any. */
  referenceFile(version: SchemaVersion, referenceName: string): string | undefined;
  /** Subjects bound to a topic as its value. */
  valueSubjects(): Array<{ topic: string; subject: Subject }>;
}

export interface LintRule {
  /** Stable id; never renamed (a retired rule keeps its id). */
  id: string;
  /** What the rule checks, one sentence. */
  purpose: string;
  /** How to fix what it finds, one sentence. */
  hint: string;
  /** Severity when the config says nothing. */
  defaultSeverity: Exclude<LintSeverity, 'off'>;
  /** Formats it applies to (`ANY` for repository-level rules). */
  formats: ReadonlyArray<SchemaType | 'ANY'>;
  handler: (context: LintContext) => LintIssue[];
}
