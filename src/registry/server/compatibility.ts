import { checkCompatibility } from '../../compat/check.js';
import { genericRules } from '../../compat/generic-rules.js';
import type { CompatibilityLevel, Finding } from '../../compat/types.js';
import { describeError, isKontractError } from '../../errors.js';
import type { SchemaSource, SchemaType } from '../../schema/types.js';

/** A schema as the registry hands it to the engine: its type, text with reference texts, and version. */
export interface RegistrySchema {
  schemaType: SchemaType;
  source: SchemaSource;
  /** The subject version (0 for a candidate). */
  version: number;
}

export interface RegistryCompatibilityInput {
  candidate: RegistrySchema;
  /** The subject's live versions, oldest first. */
  previous: readonly RegistrySchema[];
  level: CompatibilityLevel;
  validateFields: boolean;
  /** Confluent's `compatibilityGroup`: only versions with the same value of this metadata property are compared. */
  compatibilityGroup?: string;
}

export interface RegistryCompatibilityResult {
  compatible: boolean;
  findings: Finding[];
  /** Confluent-style messages for verbose answers and 409 bodies. */
  messages: string[];
}

const SCHEMA_TYPE_CHANGED_HINT = genericRules.find((r) => r.id === 'SCHEMA_TYPE_CHANGED')?.hint ?? '';

/**
 * Run the compatibility engine the way Confluent's register and compatibility endpoints do:
 * the `confluent:reserved` check against the latest version first (only with `validateFields`),
 * then the level's check on the versions of the same compatibility group. The engine compares one
 * schema type at a time, so a previous version of another type is reported here as
 * `SCHEMA_TYPE_CHANGED`, at the point of the newest-to-oldest walk where Confluent reports it.
 * Rules themselves all live in the engine.
 */
export function runRegistryCompatibility(input: RegistryCompatibilityInput): RegistryCompatibilityResult {
  const { candidate, level } = input;
  const findings: Finding[] = [];
  const messages: string[] = [];
  try {
    if (input.validateFields) {
      const latest = input.previous[input.previous.length - 1];
      const reserved = checkCompatibility({
        schemaType: candidate.schemaType,
        level: 'NONE',
        candidate: candidate.source,
        previous: latest ? [{ ...latest.source, version: latest.version }] : [],
        validateFields: true,
      });
      findings.push(...reserved.findings);
      for (const f of reserved.findings) if (f.breaking) messages.push(findingMessage(f));
    }

    const group = input.compatibilityGroup;
    const candidateGroupValue = group ? candidate.source.metadata?.properties?.[group] : undefined;
    const inGroup = group
      ? input.previous.filter((p) => p.source.metadata?.properties?.[group] === candidateGroupValue)
      : [...input.previous];

    if (level !== 'NONE' && inGroup.length > 0) {
      const transitive = level.endsWith('_TRANSITIVE');
      const considered = transitive ? inGroup : inGroup.slice(-1);
      // Newest first: the engine gets the run of same-type versions newer than the first version of another type.
      let firstOtherType = -1;
      for (let i = considered.length - 1; i >= 0; i--) {
        if (considered[i]!.schemaType !== candidate.schemaType) {
          firstOtherType = i;
          break;
        }
      }
      const sameTypeRun = considered.slice(firstOtherType + 1);
      let failed = false;
      if (sameTypeRun.length > 0) {
        const result = checkCompatibility({
          schemaType: candidate.schemaType,
          level,
          candidate: candidate.source,
          previous: sameTypeRun.map((p) => ({ ...p.source, version: p.version })),
        });
        findings.push(...result.findings);
        failed = !result.compatible;
        if (failed) messages.push(...levelMessages(result.findings, sameTypeRun));
      }
      if (!failed && firstOtherType >= 0) {
        const other = considered[firstOtherType]!;
        const finding: Finding = {
          ruleId: 'SCHEMA_TYPE_CHANGED',
          location: '#/',
          message: `Incompatible because of different schema type (${other.schemaType} in version ${other.version}, ${candidate.schemaType} now)`,
          schemaType: candidate.schemaType,
          breaking: true,
          direction: 'BACKWARD',
          previousVersion: other.version,
          hint: SCHEMA_TYPE_CHANGED_HINT,
        };
        findings.push(finding);
        messages.push(findingMessage(finding), `{oldSchemaVersion: ${other.version}}`, oldSchemaMessage(other));
      }
    }
  } catch (error) {
    if (!isKontractError(error)) throw error;
    // Confluent reports an exception inside the check as a failed check, not as a server error.
    messages.push(`Unexpected exception during compatibility check: ${describeError(error)}`);
    return { compatible: false, findings, messages: [...messages, settingsMessage(input)] };
  }
  const compatible = !findings.some((f) => f.breaking);
  return { compatible, findings, messages: compatible ? [] : [...messages, settingsMessage(input)] };
}

/** Messages of the failing version, Confluent style: each error, then the old version and its text. */
function levelMessages(findings: Finding[], previous: readonly RegistrySchema[]): string[] {
  const breaking = findings.filter((f) => f.breaking);
  const failedVersion = breaking[0]?.previousVersion;
  const messages = breaking.map(findingMessage);
  const old = previous.find((p) => p.version === failedVersion);
  if (old) messages.push(`{oldSchemaVersion: ${old.version}}`, oldSchemaMessage(old));
  return messages;
}

function findingMessage(f: Finding): string {
  return `{errorType:'${f.ruleId}', description:'${f.message}', location:'${f.location}', direction:'${f.direction}'}`;
}

const OLD_SCHEMA_LIMIT = 10 * 1024;

function oldSchemaMessage(schema: RegistrySchema): string {
  const text = schema.source.schema;
  return `{oldSchema: '${text.length > OLD_SCHEMA_LIMIT ? text.slice(0, OLD_SCHEMA_LIMIT) + '...' : text}'}`;
}

function settingsMessage(input: RegistryCompatibilityInput): string {
  return `{validateFields: '${input.validateFields}', compatibility: '${input.level}'}`;
}
