// Embedded registry throughput over loopback: the registry started in this process with
// `startRegistry({ memory: true, port: 0 })`, loaded with 900 realistic schemas (300 subjects × 3 versions, a third
// per format), then driven with 50 concurrent keep-alive connections: `GET /schemas/ids/{id}`, `POST /subjects/{s}`
// (lookup by schema) and registrations of new versions (each checked for compatibility). The baseline, in the same
// run and process, is a bare `node:http` handler on another port answering a fixed JSON body (for GET, and for a
// POST whose body it reads first), driven the same way. The load generator runs in a worker thread, so it does not
// compete with the servers for their event loop (it still shares the machine's cores).
// Target: lookups at least 50% of the bare handler's rate.
import http from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const CONCURRENCY = 50;
const WARMUP_MS = 300;
const MEASURE_MS = 1000;
/** Rounds of short runs, the registry and its baseline back to back in alternating order; medians are reported. */
const ROUNDS = 7;
const SUBJECTS_PER_FORMAT = 100;
const REGISTERED_VERSIONS = 3;
/** Versions registered during the registration run: 4 up to this one, for every subject. */
const LAST_NEW_VERSION = 9;
const FORMATS = ['AVRO', 'PROTOBUF', 'JSON'];
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

// ------------------------------------------------------------------------------------------ load generator (worker)

/**
 * Send `requests` with `concurrency` keep-alive connections for `warmupMs + measureMs` (or until a request list
 * used `once` runs out) and count the responses completed inside the measuring window, by status.
 */
async function generateLoad({ port, requests, once, concurrency, warmupMs, measureMs }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const started = performance.now();
  const measureFrom = started + warmupMs;
  const measureUntil = measureFrom + measureMs;
  let next = 0;
  let completed = 0;
  let firstAt;
  let lastAt;
  const statuses = {};
  const send = (request) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { agent, host: '127.0.0.1', port, method: request.method, path: request.path, headers: request.body ? { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(request.body) } : {} },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  const connection = async () => {
    for (;;) {
      if (performance.now() >= measureUntil) return;
      if (once && next >= requests.length) return;
      const request = requests[next++ % requests.length];
      const status = await send(request);
      const now = performance.now();
      if (once || (now >= measureFrom && now < measureUntil)) {
        completed++;
        statuses[status] = (statuses[status] ?? 0) + 1;
        firstAt ??= now;
        lastAt = now;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, connection));
  agent.destroy();
  // A list used once may run out before the window closes: rate over the time it took.
  const seconds = once ? ((lastAt ?? started) - started) / 1000 : measureMs / 1000;
  return { completed, perSecond: completed / seconds, statuses };
}

if (!isMainThread && workerData?.role === 'kontract-registry-bench-load') {
  parentPort.on('message', async (job) => parentPort.postMessage(await generateLoad(job)));
}

// ------------------------------------------------------------------------------------------ benchmark (main thread)

/** Runs load jobs in one worker thread, one at a time. */
class LoadWorker {
  constructor() {
    this.worker = new Worker(new URL(import.meta.url), { workerData: { role: 'kontract-registry-bench-load' } });
  }

  run(job) {
    return new Promise((resolve, reject) => {
      const onMessage = (result) => {
        this.worker.off('error', onError);
        resolve(result);
      };
      const onError = (error) => {
        this.worker.off('message', onMessage);
        reject(error);
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', onError);
      this.worker.postMessage({ concurrency: CONCURRENCY, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, once: false, ...job });
    });
  }

  close() {
    return this.worker.terminate();
  }
}

/** The baseline: a bare handler answering `body` (after reading the request body, as any POST handler must). */
async function startBareServer(body) {
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function post(url, path, body) {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': CONTENT_TYPE }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

function schemaBody(format, text) {
  return format === 'AVRO' ? { schema: text } : { schema: text, schemaType: format };
}

function mergeStatuses(results) {
  const merged = {};
  for (const { statuses } of results) for (const [status, count] of Object.entries(statuses)) merged[status] = (merged[status] ?? 0) + count;
  return merged;
}

const describeStatuses = (statuses) =>
  Object.entries(statuses)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ');

export default {
  name: 'registry',
  async run() {
    const { startRegistry } = await import('../../dist/registry/index.js');
    const { corpus } = await import('./compat.mjs');
    const registry = await startRegistry({ memory: true, port: 0 });
    const worker = new LoadWorker();
    try {
      // 300 subjects × 3 versions, a third per format; later versions are kept for the registration run.
      const subjects = [];
      for (const format of FORMATS) {
        for (const { index, texts } of corpus(format).slice(0, SUBJECTS_PER_FORMAT)) {
          subjects.push({ name: `bench.${format.toLowerCase()}.topic${index}-value`, format, texts });
        }
      }
      const registered = [];
      for (let version = 1; version <= REGISTERED_VERSIONS; version++) {
        for (const subject of subjects) {
          const { id } = await post(registry.url, `/subjects/${encodeURIComponent(subject.name)}/versions`, schemaBody(subject.format, subject.texts[version - 1]));
          registered.push({ id, subject, version });
        }
      }
      const byIdResponse = await (await fetch(`${registry.url}/schemas/ids/${registered[0].id}`)).text();

      const idRequests = registered.map(({ id }) => ({ method: 'GET', path: `/schemas/ids/${id}` }));
      const lookupRequests = registered.map(({ subject, version }) => ({
        method: 'POST',
        path: `/subjects/${encodeURIComponent(subject.name)}`,
        body: JSON.stringify(schemaBody(subject.format, subject.texts[version - 1])),
      }));
      const bare = await startBareServer(byIdResponse);
      const bareGet = [{ method: 'GET', path: '/schemas/ids/1' }];
      const barePost = lookupRequests.map(({ body }) => ({ method: 'POST', path: '/subjects/x', body }));

      // Short runs, each registry scenario right next to its baseline (in alternating order), so that load from
      // elsewhere on the machine hits both alike; the ratio is taken per round, and the medians are reported.
      const runs = { bareGet: [], byId: [], barePost: [], lookup: [] };
      const pairs = [
        ['byId', 'bareGet', () => worker.run({ port: registry.port, requests: idRequests }), () => worker.run({ port: bare.port, requests: bareGet })],
        ['lookup', 'barePost', () => worker.run({ port: registry.port, requests: lookupRequests }), () => worker.run({ port: bare.port, requests: barePost })],
      ];
      for (let round = 0; round < ROUNDS; round++) {
        for (const [registryLabel, bareLabel, runRegistry, runBare] of pairs) {
          if (round % 2 === 0) {
            runs[registryLabel].push(await runRegistry());
            runs[bareLabel].push(await runBare());
          } else {
            runs[bareLabel].push(await runBare());
            runs[registryLabel].push(await runRegistry());
          }
        }
      }
      await bare.close();
      const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const best = Object.fromEntries(
        Object.entries(runs).map(([label, results]) => [label, { perSecond: median(results.map((r) => r.perSecond)), statuses: mergeStatuses(results) }]),
      );
      const ratioOf = (registryLabel, bareLabel) => median(runs[registryLabel].map((r, index) => r.perSecond / runs[bareLabel][index].perSecond));

      // New versions 4..9 of every subject, a version of every subject before the next version of any.
      const registrations = [];
      for (let version = REGISTERED_VERSIONS + 1; version <= LAST_NEW_VERSION; version++) {
        for (const subject of subjects) {
          registrations.push({ method: 'POST', path: `/subjects/${encodeURIComponent(subject.name)}/versions`, body: JSON.stringify(schemaBody(subject.format, subject.texts[version - 1])) });
        }
      }
      const registering = await worker.run({ port: registry.port, requests: registrations, once: true, warmupMs: 0, measureMs: 2500 });

      for (const [label, result] of [...Object.entries(best), ['registrations', registering]]) {
        const unexpected = Object.keys(result.statuses).filter((status) => status !== '200');
        if (unexpected.length > 0) throw new Error(`${label}: unexpected answers: ${describeStatuses(result.statuses)}`);
      }
      const rate = (result) => Math.round(result.perSecond).toLocaleString('en-US');
      const percent = (value) => `${(value * 100).toFixed(0)}%`;
      const byIdRatio = ratioOf('byId', 'bareGet');
      const lookupRatio = ratioOf('lookup', 'barePost');
      const target = (value) => (value >= 0.5 ? 'met' : 'MISSED');
      const markdown = [
        `${registered.length} schemas registered (${subjects.length} subjects × ${REGISTERED_VERSIONS} versions; Avro, Protobuf and JSON Schema event`,
        `schemas of 12–14 fields with nested types), then ${CONCURRENCY} concurrent keep-alive connections from a worker thread of the same`,
        `process (node:http Agent; it shares the machine's cores with the servers), ${WARMUP_MS} ms warm-up and ${MEASURE_MS} ms measured per run;`,
        `${ROUNDS} rounds, each registry run right next to its baseline run in alternating order; medians of the rates and of the`,
        'per-round ratios.',
        'The bare baseline is a `node:http` handler on another port of the same process answering a fixed JSON body of the',
        `size of a schema-by-id answer (${byIdResponse.length} bytes), after reading the request body.`,
        '',
        '| scenario | requests/s (median) | bare handler, same method (requests/s, median) | registry / bare (median of per-round ratios) | target ≥ 50% |',
        '| --- | ---: | ---: | ---: | --- |',
        `| \`GET /schemas/ids/{id}\` (${idRequests.length} ids in turn) | ${rate(best.byId)} | ${rate(best.bareGet)} | ${percent(byIdRatio)} | ${target(byIdRatio)} |`,
        `| \`POST /subjects/{s}\` lookup by schema (${lookupRequests.length} schemas in turn) | ${rate(best.lookup)} | ${rate(best.barePost)} (same bodies) | ${percent(lookupRatio)} | ${target(lookupRatio)} |`,
        `| \`POST /subjects/{s}/versions\`, new versions checked BACKWARD (${registering.completed} registered in turn) | ${rate(registering)} | ${rate(best.barePost)} | ${percent(registering.perSecond / best.barePost.perSecond)} | (no target) |`,
        '',
        'Every answer was checked to be 200. As in normal use, the measured requests repeat: reads of a URL are served from the',
        "registry's response cache until the next write, and a lookup of a schema text seen before is not parsed again. The",
        'registrations are all new schemas, each parsed and checked against the latest version (BACKWARD, the default).',
      ].join('\n');
      return { markdown };
    } finally {
      await worker.close();
      await registry.close();
    }
  },
};
