/**
 * How many sends per second the emulator answers from one keep-alive client, so that it is never the
 * bottleneck of the module's benchmarks. The emulator runs in its own process (its CLI, with
 * --no-record, as in the other benchmarks). Run with `npm run bench:emulator`; quote the median.
 * Next to sends/s it reports the CPU per send of both processes: the emulator's own CPU per send is
 * its ceiling on one core (1 s ÷ that), whatever the client.
 */
import { Agent, request } from 'node:http';
import { startEmulatorProcess, type EmulatorProcess } from './support/emulator-process.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  median,
  quantile,
  runClosedLoop,
  SEND_BODY_JSON,
  SEND_PATH,
} from './support/workload.js';

const SENDS_PER_ROUND = 20_000;
const ROUNDS = 3;
const CONCURRENCY = [1, 16, 64, 128];

async function fetchToken(authBaseUrl: string): Promise<string> {
  const response = await fetch(`${authBaseUrl}v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** One POST of the pre-serialised body; resolves with the status, rejects on anything but 202. */
function post(url: URL, agent: Agent, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(SEND_BODY_JSON),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 202 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(SEND_BODY_JSON);
  });
}

async function round(
  emulator: EmulatorProcess,
  url: URL,
  token: string,
  concurrency: number,
  sends: number,
) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const emulatorBefore = await emulator.cpuMicros();
  const clientBefore = process.cpuUsage();
  const load = await runClosedLoop(concurrency, sends, () => post(url, agent, token));
  const client = process.cpuUsage(clientBefore);
  const emulatorMicros = (await emulator.cpuMicros()) - emulatorBefore;
  agent.destroy();
  return {
    perSecond: sends / load.seconds,
    clientCpu: (client.user + client.system) / sends,
    emulatorCpu: emulatorMicros / sends,
    p50: quantile(load.latencies, 0.5),
    p99: quantile(load.latencies, 0.99),
    failures: load.failures,
  };
}

const emulator = await startEmulatorProcess({ record: false });
try {
  const token = await fetchToken(emulator.authBaseUrl);
  const url = new URL(SEND_PATH, emulator.restBaseUrl);
  await round(emulator, url, token, 16, 2_000); // warm-up
  console.log(
    `emulator throughput: ${SENDS_PER_ROUND} sends per round, ${ROUNDS} rounds, keep-alive node:http client`,
  );
  console.log(
    '| concurrency | sends/s (median) | p50 ms | p99 ms | client CPU µs/send | emulator CPU µs/send | emulator ceiling on one core, sends/s | non-202 |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const concurrency of CONCURRENCY) {
    const results = [];
    for (let i = 0; i < ROUNDS; i += 1)
      results.push(await round(emulator, url, token, concurrency, SENDS_PER_ROUND));
    const emulatorCpu = median(results.map((r) => r.emulatorCpu));
    console.log(
      `| ${concurrency} | ${median(results.map((r) => r.perSecond)).toFixed(0)} | ${median(results.map((r) => r.p50)).toFixed(2)} | ${median(results.map((r) => r.p99)).toFixed(2)} | ${median(results.map((r) => r.clientCpu)).toFixed(0)} | ${emulatorCpu.toFixed(0)} | ${(1e6 / emulatorCpu).toFixed(0)} | ${results.reduce((n, r) => n + r.failures, 0)} |`,
    );
  }
} finally {
  await emulator.stop();
}
