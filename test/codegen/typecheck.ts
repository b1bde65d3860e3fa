/**
 * Type-checks generated files plus hand-written usage files in memory with the TypeScript compiler API,
 * `kontract/runtime` mapped to src/runtime/index.ts. Returns every diagnostic as `file:line:col message`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** In-memory files live here (never written): inside the package, so its `"type": "module"` applies. */
const virtualRoot = path.join(repoRoot, 'test', 'codegen', '.virtual');

/** Strict, plus the stricter flags users turn on, so generated code holds up in their projects. */
const compilerOptions: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
  skipLibCheck: true,
};

/**
 * @param files paths relative to the virtual root (`gen/index.ts`, `usage.ts`) → content
 * @param runtimeImports module specifiers to map to the runtime source
 */
export function typeCheck(files: Record<string, string>, runtimeImports: readonly string[] = ['kontract/runtime']): string[] {
  const runtime = path.join(repoRoot, 'src', 'runtime', 'index.ts');
  const options: ts.CompilerOptions = { ...compilerOptions, paths: Object.fromEntries(runtimeImports.map((s) => [s, [runtime]])) };
  const virtual = new Map(Object.entries(files).map(([name, content]) => [path.join(virtualRoot, name), content]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.directoryExists = (dir) => [...virtual.keys()].some((file) => file.startsWith(dir + path.sep)) || (directoryExists?.call(host, dir) ?? true);
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    const content = virtual.get(file);
    return content === undefined ? getSourceFile.call(host, file, languageVersion, onError, shouldCreate) : ts.createSourceFile(file, content, languageVersion, true);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${path.relative(virtualRoot, diagnostic.file.fileName)}:${line + 1}:${character + 1} ${message}`;
  });
}
