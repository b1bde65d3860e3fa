/**
 * Contract testing: consumer contracts (`contracts/<service>.json`) verified against producers' schemas,
 * can-i-deploy, example messages beside the schemas, and lint rules.
 */
export type { ConsumedTopic, ContractLocation, ContractSet, ProducedTopic, ResolvedConsumer, ResolvedSchema, ServiceContract } from './types.js';
export { parseContract } from './parse.js';
export { contractSetOf, loadContracts, parseContractFiles, readContractFiles, readContractFilesAtRevision } from './load.js';
export { resolveContracts, resolveReader } from './resolve.js';
export { checkPair, pairReportCase, readerCanRead, verifyContracts, type PairCheck } from './verify.js';
export { canIDeploy, contractOf, deploymentReportCases, repositoryWriters, type DeploymentInput, type DeploymentResult } from './deploy.js';
export { registryWriters } from './registry-writers.js';
export { checkExample, exampleReportCases, findExamples, generateCheckedExamples, RepositorySerde, type ExampleFile, type GenerateOptions } from './examples/check.js';
export { generateExample, SeededRandom, type GenerationContext } from './examples/generate.js';
export { valueFromJson } from './examples/json-form.js';
export { effectiveSeverities, lintReportCases, lintRepository, type LintFinding, type LintOptions } from './lint/lint.js';
export { LINT_RULES, estimateSize } from './lint/rules.js';
export { estimateAvroSize, estimateJsonSize, estimateProtobufSize, type SizeAssumptions, type SizeEstimate } from './lint/size.js';
export type { LintContext, LintIssue, LintLocation, LintRule } from './lint/types.js';
