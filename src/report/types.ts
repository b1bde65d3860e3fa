/**
 * One report shape for every checking command (`check`, `verify`, `lint`), and one printer per output format.
 * Commands build a {@link Report}; printers never know which command made it.
 */
import type { KontractError } from '../errors.js';

export type Severity = 'error' | 'warning' | 'info';

export interface ReportFinding {
  /** Stable rule id (compatibility difference, lint rule, …). */
  ruleId: string;
  severity: Severity;
  message: string;
  /** How to fix it. */
  hint?: string;
  /** File the finding is about, relative to the project root. */
  file?: string;
  line?: number;
  column?: number;
  /** Path inside the schema (`#/properties/x`, `#/Order/3`, `/fields/0/type`). */
  location?: string;
  /** Compatibility findings: the direction the pair was checked in (BACKWARD: the candidate reads the older version). */
  direction?: 'BACKWARD' | 'FORWARD';
  /** Compatibility findings: the older version the candidate was compared with. */
  previousVersion?: number;
}

export type CaseStatus = 'pass' | 'fail' | 'error';

/** One unit of a report: a subject (check), a producer→consumer pair (verify), a file or subject (lint). */
export interface ReportCase {
  /** What was checked, e.g. `orders.payment.completed-value`. */
  name: string;
  /** Where to point annotations when a finding has no file of its own. */
  file?: string;
  status: CaseStatus;
  /** One line, e.g. `BACKWARD: v3 can read v2`. */
  summary: string;
  findings: ReportFinding[];
  /** Extra machine-readable facts for `--format json` (level, versions compared, registry verdict, …). */
  details?: Record<string, unknown>;
}

/**
 * Input that could not be evaluated at all (a config or schema error, a bad git ref, an unreachable registry): the
 * command stops before it has cases. Printed as errors in every format; the exit code is 2.
 */
export interface ReportError {
  /** Stable error code (`SCHEMA_SYNTAX`, `CONFIG_INVALID`, `VERSION_GAP`, …). */
  code: string;
  message: string;
  /** How to fix it. */
  hint?: string;
  /** File, relative to the project root. */
  file?: string;
  line?: number;
  column?: number;
  /** Path inside the file (`#/fields/0/type`, `#/compatibility`). */
  path?: string;
  /** Confluent's `error_code`, for registry errors. */
  registryCode?: number;
}

export interface Report {
  /** The command, e.g. `check`. */
  command: string;
  /** Title line, e.g. `kontract check: 6 subjects`. */
  title: string;
  cases: ReportCase[];
  /** Errors that stopped the command before (or instead of) its cases. */
  errors?: ReportError[];
}

export type ReportFormat = 'text' | 'json' | 'junit' | 'github' | 'markdown';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'github', 'markdown'];

/** Exit code for a report: 0 all pass, 1 anything failed, 2 an error or a case could not be evaluated (bad input). */
export function reportExitCode(report: Report): 0 | 1 | 2 {
  if ((report.errors?.length ?? 0) > 0 || report.cases.some((c) => c.status === 'error')) return 2;
  if (report.cases.some((c) => c.status === 'fail')) return 1;
  return 0;
}

/** User errors (a {@link KontractError} or every member of a list) as report errors. */
export function toReportErrors(errors: readonly KontractError[]): ReportError[] {
  return errors.map((e) => {
    const at = e.location ?? {};
    return {
      code: e.code,
      message: e.message,
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
      ...(at.file !== undefined ? { file: at.file } : {}),
      ...(at.line !== undefined ? { line: at.line } : {}),
      ...(at.column !== undefined ? { column: at.column } : {}),
      ...(at.path !== undefined ? { path: at.path } : {}),
      ...(e.registryCode !== undefined ? { registryCode: e.registryCode } : {}),
    };
  });
}

/** The report of a command that stopped on errors: no cases, the errors, a title saying how many. */
export function errorReport(command: string, errors: readonly KontractError[]): Report {
  return {
    command,
    title: `kontract ${command}: ${errors.length} error${errors.length === 1 ? '' : 's'}, nothing checked`,
    cases: [],
    errors: toReportErrors(errors),
  };
}
