import { defaultConfig } from '../../src/project/config.js';
import { buildRepository } from '../../src/project/repository.js';
import type { CodegenConfig, KontractConfig, SchemaRepository } from '../../src/project/types.js';

export interface RepositoryOptions {
  codegen?: Partial<CodegenConfig>;
  topics?: KontractConfig['topics'];
}

/**
 * A validated repository from inline files (`schemas/<subject>/v<N>.<ext>` → text), through the same loader the
 * CLI uses, so references and topics are resolved exactly as in a real project.
 */
export function repositoryOf(files: Record<string, string>, options: RepositoryOptions = {}): SchemaRepository {
  const config = defaultConfig();
  config.codegen = { ...config.codegen, ...options.codegen };
  config.topics = options.topics ?? {};
  return buildRepository('/project', config, new Map(Object.entries(files)));
}

/** JSON text of a schema written as an object. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
