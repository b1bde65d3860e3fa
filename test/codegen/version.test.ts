import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { KONTRACT_VERSION } from '../../src/codegen/version.js';
import { repoRoot } from './typecheck.js';

it('the version in generated headers is the package version', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  expect(KONTRACT_VERSION).toBe(pkg.version);
});
