import { Ajv, type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KontractError } from '../errors.js';
import { parseJsonDocument, pointerToPath, type JsonDocument } from '../schema/json-text.js';
import type { ContractsConfig, EnvelopeConfig, KontractConfig, LintConfig, MessageSizeConfig, RegistryAuth } from './types.js';

export const CONFIG_FILE = 'kontract.config.json';

/** The JSON Schema of `kontract.config.json`, shipped with the package for editor completion. */
export const CONFIG_SCHEMA_FILE = fileURLToPath(new URL('../../kontract.config.schema.json', import.meta.url));

const DEFAULTS: KontractConfig = {
  schemasDir: 'schemas',
  compatibility: 'BACKWARD',
  subjectNameStrategy: 'TopicNameStrategy',
  subjects: {},
  topics: {},
  codegen: { outDir: 'src/generated', longType: 'number', runtimeImport: 'kontract/runtime' },
};

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validator = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as object);
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/**
 * Parse and validate the text of `kontract.config.json` and apply defaults. `env` expands `${VAR}`
 * references in the registry URL and credentials. Pure. Throws `KontractError('CONFIG_INVALID')`
 * naming the JSON path, line and column of the first problem.
 */
export function parseConfig(text: string, file: string = CONFIG_FILE, env: Record<string, string | undefined> = {}): KontractConfig {
  let doc: JsonDocument;
  try {
    doc = parseJsonDocument(text);
  } catch (error) {
    if (error instanceof KontractError) {
      throw new KontractError('CONFIG_INVALID', error.message, { location: { file, ...error.location }, hint: error.hint });
    }
    throw error;
  }
  const errors = validate(doc.value);
  if (errors.length > 0) {
    const first = mostSpecific(errors);
    const pointer = first.instancePath + (first.keyword === 'additionalProperties' ? `/${String(first.params['additionalProperty'])}` : '');
    const position = doc.positions.get(pointer) ?? doc.positions.get(first.instancePath);
    throw new KontractError('CONFIG_INVALID', describeAjvError(first), {
      location: { file, path: pointerToPath(pointer || '/'), ...position },
      hint: `See ${path.basename(CONFIG_SCHEMA_FILE)} (set "$schema" in the file for editor completion).`,
    });
  }
  const raw = doc.value as Partial<KontractConfig> & { $schema?: string };
  const config: KontractConfig = {
    schemasDir: raw.schemasDir ?? DEFAULTS.schemasDir,
    compatibility: raw.compatibility ?? DEFAULTS.compatibility,
    subjectNameStrategy: raw.subjectNameStrategy ?? DEFAULTS.subjectNameStrategy,
    subjects: raw.subjects ?? {},
    topics: raw.topics ?? {},
    codegen: { ...DEFAULTS.codegen, ...raw.codegen },
  };
  if (raw.contracts) config.contracts = raw.contracts;
  if (raw.lint) config.lint = raw.lint;
  if (raw.registry) {
    config.registry = {
      url: expandEnv(raw.registry.url, env, file, '#/registry/url'),
      ...(raw.registry.auth ? { auth: expandAuth(raw.registry.auth, env, file) } : {}),
    };
  }
  return config;
}

/** The contracts settings with defaults applied. */
export function contractsSettings(config: KontractConfig): Required<ContractsConfig> {
  return { dir: config.contracts?.dir ?? 'contracts' };
}

/** `kontract lint` settings with every default applied (rule severities default in the lint rule table). */
export interface LintSettings {
  rules: Record<string, 'off' | 'warn' | 'error'>;
  topicNamePattern: string;
  librarySubjectPattern: string;
  envelope: Required<EnvelopeConfig>;
  messageSize: Required<MessageSizeConfig>;
}

/** `<domain>.<entity>.<event-type>`: three lowercase parts of letters, digits, `_` and `-`, separated by dots. */
export const DEFAULT_TOPIC_NAME_PATTERN = '^[a-z][a-z0-9_-]*\\.[a-z][a-z0-9_-]*\\.[a-z][a-z0-9_-]*$';
/** Shared-type subjects: two or more lowercase dot-separated parts, e.g. `common.metadata-avro`. */
export const DEFAULT_LIBRARY_SUBJECT_PATTERN = '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$';

/** The lint settings of `config` with defaults applied. */
export function lintSettings(config: KontractConfig): LintSettings {
  const lint: LintConfig = config.lint ?? {};
  return {
    rules: { ...lint.rules },
    topicNamePattern: lint.topicNamePattern ?? DEFAULT_TOPIC_NAME_PATTERN,
    librarySubjectPattern: lint.librarySubjectPattern ?? DEFAULT_LIBRARY_SUBJECT_PATTERN,
    envelope: {
      fields: lint.envelope?.fields ?? ['event_id', 'event_type', 'event_version', 'timestamp', 'source', 'metadata'],
      metadataField: lint.envelope?.metadataField ?? 'metadata',
      metadataFields: lint.envelope?.metadataFields ?? ['correlation_id', 'causation_id', 'trace_id'],
    },
    messageSize: {
      errorBytes: lint.messageSize?.errorBytes ?? 1_048_576,
      warnBytes: lint.messageSize?.warnBytes ?? 102_400,
      assumedStringBytes: lint.messageSize?.assumedStringBytes ?? 256,
      assumedItems: lint.messageSize?.assumedItems ?? 32,
      assumedRecursionDepth: lint.messageSize?.assumedRecursionDepth ?? 3,
    },
  };
}

/** Defaults, for a project without a config file. */
export function defaultConfig(): KontractConfig {
  return structuredClone(DEFAULTS);
}

/** Reads `kontract.config.json` in `root` (defaults when absent). */
export function readConfig(root: string, env: Record<string, string | undefined> = process.env): KontractConfig {
  const file = path.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new KontractError('IO', `cannot read ${CONFIG_FILE}: ${(error as Error).message}`, { location: { file: CONFIG_FILE } });
  }
  return parseConfig(text, CONFIG_FILE, env);
}

function expandAuth(auth: RegistryAuth, env: Record<string, string | undefined>, file: string): RegistryAuth {
  if ('token' in auth) return { token: expandEnv(auth.token, env, file, '#/registry/auth/token') };
  return {
    username: expandEnv(auth.username, env, file, '#/registry/auth/username'),
    password: expandEnv(auth.password, env, file, '#/registry/auth/password'),
  };
}

function expandEnv(value: string, env: Record<string, string | undefined>, file: string, jsonPath: string): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined) {
      throw new KontractError('CONFIG_INVALID', `environment variable ${name} is not set`, {
        location: { file, path: jsonPath },
        hint: `Set ${name} in the environment, or write the value into ${CONFIG_FILE}.`,
      });
    }
    return v;
  });
}

// Ajv reports an error for each failed branch of oneOf/enum; the deepest one is the most useful to a user.
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length || rank(a) - rank(b))[0]!;
}

function rank(error: ErrorObject): number {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf' ? 1 : 0;
}

function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath ? `"${error.instancePath.slice(1).split('/').join('.')}"` : 'the configuration';
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(error.params['additionalProperty'])}" in ${where}`;
    case 'enum':
      return `${where} must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `${where} is missing the required property "${String(error.params['missingProperty'])}"`;
    case 'type':
      return `${where} must be of type ${String(error.params['type'])}`;
    case 'pattern':
      return `${where} must match ${String(error.params['pattern'])} (an http:// or https:// URL)`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}
