import { allFormatCompatibilities } from './formats.js';
import { genericRules } from './generic-rules.js';
import type { CompatibilityRule } from './types.js';

/**
 * Every compatibility rule: the generic ones and each format's table — the same tables that drive the engine,
 * `kontract rules` and the README's rule reference.
 */
export function allCompatibilityRules(): CompatibilityRule[] {
  return [...genericRules, ...allFormatCompatibilities().flatMap((f) => f.rules)];
}
