/**
 * can-i-deploy: may a service be deployed in its candidate state? As a producer, its candidate writer schemas
 * must be readable by every recorded consumer; as a consumer, its reader schemas must read what the producers
 * write now. Pure: the CLI gathers the candidate state, the recorded contracts and the deployed writers.
 */
import { KontractError } from '../errors.js';
import type { SchemaRepository } from '../project/types.js';
import type { ReportCase } from '../report/types.js';
import { closestName } from '../serde/value-error.js';
import { valueSubjectOf, versionSchema } from './resolve.js';
import type { ContractSet, ResolvedSchema, ServiceContract } from './types.js';
import { checkPair, pairReportCase, producersOf, type PairCheck } from './verify.js';

export interface DeploymentInput {
  service: string;
  /** The candidate state: its repository (writer schemas) and contracts (the service's own readers). */
  candidate: { repo: SchemaRepository; contracts: ContractSet; description?: string };
  /** The recorded state: every other service's contract, resolved against the current repository. */
  recorded: { repo: SchemaRepository; contracts: ContractSet };
  /** What producers write now, per topic the service consumes (the registry's latest, else the repository's newest). */
  deployedWriters: ReadonlyMap<string, ResolvedSchema>;
  /** `--version N`: the candidate writer of each produced topic is version N of its value subject (default: the newest). */
  candidateVersion?: number;
}

export interface DeploymentResult {
  service: string;
  deployable: boolean;
  /** The service's candidate writers read by each recorded consumer. */
  asProducer: PairCheck[];
  /** The service's candidate readers reading what is deployed. */
  asConsumer: PairCheck[];
}

/** The contract of `service` in `contracts`, or a usage error naming the known services. */
export function contractOf(contracts: ContractSet, service: string, where?: string): ServiceContract {
  const contract = contracts.contracts.find((c) => c.service === service);
  if (!contract) {
    const known = contracts.contracts.map((c) => c.service);
    const suggestion = closestName(service, known);
    throw new KontractError('USAGE', `no contract for service "${service}"${where ? ` in ${where}` : ''}`, {
      hint: suggestion ? `Did you mean "${suggestion}"?` : known.length > 0 ? `Services with a contract: ${known.join(', ')}.` : 'Add contracts/<service>.json first.',
    });
  }
  return contract;
}

/** Decide whether `input.service` can be deployed. */
export function canIDeploy(input: DeploymentInput): DeploymentResult {
  const contract = contractOf(input.candidate.contracts, input.service, input.candidate.description);
  const asProducer: PairCheck[] = [];
  if (input.candidateVersion !== undefined && contract.produces.length === 0) {
    throw new KontractError('USAGE', `--version ${input.candidateVersion} picks the schema version ${input.service} writes, but it produces no topic`, {
      hint: 'Leave --version out, or pass a git ref to check the service’s reader schemas at that revision.',
    });
  }
  for (const produced of contract.produces) {
    const subject = valueSubjectOf(input.candidate.repo, produced.topic, produced.at);
    const number = input.candidateVersion ?? subject.versions.length;
    const version = subject.versions[number - 1];
    if (!version) {
      throw new KontractError('USAGE', `${subject.name} has no version ${number} (it has v1…v${subject.versions.length})`, {
        hint: `--version names a version of the value subjects ${input.service} produces.`,
      });
    }
    const writer = versionSchema(version);
    for (const consumer of input.recorded.contracts.consumers) {
      if (consumer.consumed.topic !== produced.topic || consumer.service === input.service) continue;
      asProducer.push(checkPair(produced.topic, input.service, consumer, writer));
    }
  }
  const asConsumer: PairCheck[] = [];
  for (const consumer of input.candidate.contracts.consumers) {
    if (consumer.service !== input.service) continue;
    const topic = consumer.consumed.topic;
    const writer = input.deployedWriters.get(topic);
    if (!writer) throw new KontractError('SUBJECT_NOT_FOUND', `no deployed writer schema is known for topic "${topic}"`, { location: consumer.consumed.at });
    const producers = producersOf(input.recorded.contracts, topic).filter((p) => p !== input.service);
    for (const producer of producers.length > 0 ? producers : [undefined]) asConsumer.push(checkPair(topic, producer, consumer, writer));
  }
  const ok = (c: PairCheck) => c.result?.compatible === true;
  return { service: input.service, deployable: asProducer.every(ok) && asConsumer.every(ok), asProducer, asConsumer };
}

/** The writer each topic has in `repo`: the newest version of its value subject. */
export function repositoryWriters(repo: SchemaRepository, topics: readonly string[]): Map<string, ResolvedSchema> {
  const writers = new Map<string, ResolvedSchema>();
  for (const topic of topics) {
    const binding = repo.topics.find((t) => t.topic === topic);
    if (binding?.value) writers.set(topic, versionSchema(binding.value.versions[binding.value.versions.length - 1]!));
  }
  return writers;
}

/** The result as report cases: `as producer` and `as consumer` checks. */
export function deploymentReportCases(result: DeploymentResult): ReportCase[] {
  const label = (role: string) => (c: ReportCase): ReportCase => ({ ...c, name: `${role}: ${c.name}`, details: { ...c.details, role } });
  return [...result.asProducer.map(pairReportCase).map(label('producer')), ...result.asConsumer.map(pairReportCase).map(label('consumer'))];
}
