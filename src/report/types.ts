/**
 * One report shape for every checking command (`check`, `verify`, `lint`), and one printer per output format.
 * Commands build a {@link Report}; printers never know which command made it.
 */

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

export interface Report {
  /** The command, e.g. `check`. */
  command: string;
  /** Title line, e.g. `kontract check: 6 subjects`. */
  title: string;
  cases: ReportCase[];
}

export type ReportFormat = 'text' | 'json' | 'junit' | 'github' | 'markdown';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'github', 'markdown'];

/** Exit code for a report: 0 all pass, 1 anything failed, 2 a case could not be evaluated (bad input). */
export function reportExitCode(report: Report): 0 | 1 | 2 {
  if (report.cases.some((c) => c.status === 'error')) return 2;
  if (report.cases.some((c) => c.status === 'fail')) return 1;
  return 0;
}
