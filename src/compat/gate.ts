import type { SchemaRepository, SchemaVersion, Subject } from '../project/types.js';
import type { ReportCase, ReportFinding } from '../report/types.js';
import { locateInSchema } from '../schema/locate.js';
import { checkCompatibility } from './check.js';
import type { CompatibilityResult, Finding } from './types.js';
import { KontractError } from '../errors.js';

/** The outcome for one subject of the CI gate. */
export interface SubjectGateResult {
  subject: Subject;
  /** Whether the base (when given) already had this subject. */
  published: boolean;
  /** Versions that were checked as candidates (newest only without a base; every new version with one). */
  candidates: { version: SchemaVersion; result: CompatibilityResult }[];
  /** Published versions that were edited or deleted since the base. */
  immutabilityViolations: { version: number; file: string; change: 'edited' | 'deleted' }[];
  /** Set when a version could not be checked (bad schema or an engine error). */
  error?: KontractError;
}

export interface GateOptions {
  /**
   * Files of `repo` that are not in the working tree: published versions deleted while later versions remain, put
   * back from the base so the repository could be built (versions have no gaps). They are history for the checks
   * and reported as deleted.
   */
  deleted?: ReadonlySet<string>;
}

/**
 * The CI gate, offline: each subject's candidate versions against the versions before them, at the subject's
 * level. Without `base`, the candidate is the newest version (checked against all earlier ones). With `base`
 * (the repository at the merge base), published versions must be unchanged, and every version the base does
 * not have is a candidate. Pure.
 */
export function gateRepository(repo: SchemaRepository, base?: SchemaRepository, options: GateOptions = {}): SubjectGateResult[] {
  const deleted = options.deleted ?? new Set<string>();
  const results: SubjectGateResult[] = [];
  const current = new Map(repo.subjects.map((s) => [s.name, s]));
  for (const subject of repo.subjects) {
    const published = base?.subjects.find((s) => s.name === subject.name);
    const result: SubjectGateResult = { subject, published: published !== undefined, candidates: [], immutabilityViolations: [] };
    if (published) {
      for (const old of published.versions) {
        const now = subject.versions[old.version - 1];
        if (!now || deleted.has(now.file)) result.immutabilityViolations.push({ version: old.version, file: old.file, change: 'deleted' });
        else if (now.schema !== old.schema) result.immutabilityViolations.push({ version: old.version, file: now.file, change: 'edited' });
      }
    }
    const firstCandidate = base ? (published?.versions.length ?? 0) + 1 : subject.versions.length;
    let checking: SchemaVersion | undefined;
    try {
      for (const version of subject.versions.slice(Math.max(firstCandidate, 2) - 1)) {
        checking = version;
        const previous = (published?.versions ?? subject.versions).slice(0, version.version - 1);
        // Versions added in this change after the base's last one come from the working tree.
        const history = [...previous, ...subject.versions.slice(previous.length, version.version - 1)];
        result.candidates.push({ version, result: checkVersion(subject, version, history) });
      }
    } catch (error) {
      if (!(error instanceof KontractError)) throw error;
      result.error = checking ? locateEngineError(error, checking) : error;
    }
    results.push(result);
  }
  for (const old of base?.subjects ?? []) {
    if (!current.has(old.name)) {
      results.push({
        subject: old,
        published: true,
        candidates: [],
        immutabilityViolations: old.versions.map((v) => ({ version: v.version, file: v.file, change: 'deleted' as const })),
      });
    }
  }
  return results;
}

function checkVersion(subject: Subject, candidate: SchemaVersion, previous: SchemaVersion[]): CompatibilityResult {
  const asInput = (v: SchemaVersion) => ({ schema: v.schema, references: v.referenceTexts, version: v.version });
  return checkCompatibility({
    schemaType: subject.schemaType,
    level: subject.compatibility,
    candidate: asInput(candidate),
    previous: previous.map(asInput),
  });
}

/**
 * Engine errors (`COMPATIBILITY_CHECK_FAILED`: a change Confluent's own check fails on) carry a path inside the schema
 * but no file; point them at the candidate being checked, with its line and column when the path is found there.
 */
export function locateEngineError(error: KontractError, candidate: SchemaVersion): KontractError {
  if (error.location?.file !== undefined) return error;
  const path = error.location?.path;
  const position = path === undefined || error.location?.line !== undefined ? undefined : locateInSchema(candidate.schemaType, candidate.schema, path);
  return error.withLocation({ file: candidate.file, ...(position ?? {}) });
}

/** A compatibility finding as a report finding, pointing into the candidate's file (or the reader's, for FORWARD). */
export function toReportFinding(finding: Finding, candidate: SchemaVersion, previous: SchemaVersion | undefined): ReportFinding {
  // Locations name the reader side; for FORWARD checks the reader is the previous version.
  const readerVersion = finding.direction === 'FORWARD' && previous ? previous : candidate;
  const position = locateInSchema(candidate.schemaType, readerVersion.schema, finding.location);
  const pair = finding.direction === 'BACKWARD' ? `v${candidate.version} reading v${finding.previousVersion}` : `v${finding.previousVersion} reading v${candidate.version}`;
  return {
    ruleId: finding.ruleId,
    severity: finding.breaking ? 'error' : 'info',
    message: `${finding.message} (${finding.direction}: ${pair})`,
    hint: finding.hint,
    file: readerVersion.file,
    ...(position ?? {}),
    location: finding.location,
    direction: finding.direction,
    previousVersion: finding.previousVersion,
  };
}

/** The gate's results as report cases: one per subject. */
export function gateReportCases(results: SubjectGateResult[]): ReportCase[] {
  return results.map((r) => {
    const latest = r.subject.versions[r.subject.versions.length - 1]!;
    const findings: ReportFinding[] = r.immutabilityViolations.map((v) => ({
      ruleId: 'VERSION_IMMUTABLE',
      severity: 'error' as const,
      message: `v${v.version} was ${v.change} after it was published`,
      hint: v.change === 'edited' ? `Restore ${v.file} and put the change in a new version file v${r.subject.versions.length + 1}.` : `Restore ${v.file}: published versions stay in the repository.`,
      file: v.file,
    }));
    for (const { version, result } of r.candidates) {
      for (const f of result.findings) {
        findings.push(toReportFinding(f, version, r.subject.versions[f.previousVersion - 1]));
      }
    }
    const level = r.subject.compatibility;
    const details = {
      subject: r.subject.name,
      schemaType: r.subject.schemaType,
      level,
      versions: r.subject.versions.length,
      candidates: r.candidates.map((c) => ({ version: c.version.version, compatible: c.result.compatible })),
    };
    if (r.error) {
      return {
        name: r.subject.name,
        file: r.error.location?.file ?? latest.file,
        status: 'error' as const,
        summary: `cannot check: ${r.error.message}`,
        findings: [
          {
            ruleId: r.error.code,
            severity: 'error' as const,
            message: r.error.message,
            hint: r.error.hint,
            file: r.error.location?.file ?? latest.file,
            ...(r.error.location?.line !== undefined ? { line: r.error.location.line } : {}),
            ...(r.error.location?.column !== undefined ? { column: r.error.location.column } : {}),
            location: r.error.location?.path,
          },
        ],
        details,
      };
    }
    const incompatible = r.candidates.filter((c) => !c.result.compatible);
    const failed = incompatible.length > 0 || r.immutabilityViolations.length > 0;
    let summary: string;
    if (r.candidates.length === 0) summary = `${level}: nothing to check (${r.published ? 'no new version' : r.subject.versions.length === 1 ? 'first version' : 'no new version'})`;
    else if (incompatible.length > 0) summary = `${level}: ${incompatible.map((c) => `v${c.version.version}`).join(', ')} incompatible`;
    else summary = `${level}: ${r.candidates.map((c) => `v${c.version.version}`).join(', ')} compatible`;
    if (r.immutabilityViolations.length > 0) summary += `; ${r.immutabilityViolations.length} published version(s) changed`;
    return { name: r.subject.name, file: latest.file, status: failed ? ('fail' as const) : ('pass' as const), summary, findings, details };
  });
}
