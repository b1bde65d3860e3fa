/**
 * Standalone entry of the embedded registry, for child processes (tests that `kill -9` it) and for
 * running it without the CLI:
 *
 *   node dist/registry/server/main.js --port 8081 --data .kontract/registry [--memory] [--auth user:pass] [--host 127.0.0.1]
 *
 * Prints one line `listening <url>` on stdout once it accepts requests; exits 2 with a one-line
 * error on bad arguments or when the data directory is in use.
 */
import { describeError, isKontractError, KontractError } from '../../errors.js';
import { startRegistry, type StartRegistryOptions } from './http.js';

function parseArguments(argv: string[]): StartRegistryOptions {
  const options: StartRegistryOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new KontractError('USAGE', `${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KontractError('USAGE', `--port must be a port number (0-65535)`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--data':
        options.dataDir = value();
        break;
      case '--memory':
        options.memory = true;
        break;
      case '--auth':
        options.auth = value();
        break;
      default:
        throw new KontractError('USAGE', `unknown argument ${flag}`, { hint: 'Use --port N --data DIR [--memory] [--auth user:pass] [--host H].' });
    }
  }
  return options;
}

async function main(): Promise<void> {
  const registry = await startRegistry({
    ...parseArguments(process.argv.slice(2)),
    onInternalError: (error) => process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  });
  process.stdout.write(`listening ${registry.url}\n`);
  const stop = (): void => {
    registry.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(isKontractError(error) ? `${describeError(error)}\n` : `${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
