/**
 * vitest global setup of the `kafka` project: gives the Kafka tests a broker as `inject('kafkaBrokers')`.
 * Uses `KAFKA_BROKERS` (comma-separated `host:port`) when set, after checking it answers; otherwise starts
 * the single-node broker of test/kafka/broker.mjs and stops it on teardown. When neither works the run
 * fails with what is missing: Kafka tests are never skipped silently.
 */
import type { TestProject } from 'vitest/node';
import { BrokerError, startBroker, stopBroker, waitUntilReady } from '../kafka/broker.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap addresses of the broker the Kafka tests use. */
    kafkaBrokers: string[];
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnvironment = process.env.KAFKA_BROKERS?.trim();
  if (fromEnvironment) {
    const brokers = fromEnvironment.split(',').map((address) => address.trim()).filter((address) => address !== '');
    const failure = await waitUntilReady(brokers, { timeoutMs: 20_000 });
    if (failure !== undefined) {
      throw new Error(
        `KAFKA_BROKERS=${fromEnvironment} does not answer (${failure}). Start that broker, or unset KAFKA_BROKERS ` +
          'to let the tests start their own (needs Java 17+ and Maven or the cached jars in test/kafka/lib/).',
      );
    }
    project.provide('kafkaBrokers', brokers);
    return undefined;
  }
  try {
    const broker = await startBroker();
    project.provide('kafkaBrokers', broker.brokers);
    return async () => {
      await stopBroker(broker);
    };
  } catch (error) {
    if (error instanceof BrokerError) {
      throw new Error(`The Kafka tests need a broker and none could be started.\n${error.message}`);
    }
    throw error;
  }
}
