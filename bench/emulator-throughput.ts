/**
 * How many sends per second the emulator answers from one keep-alive client, so that it is never the
 * bottleneck of the module's benchmarks. The emulator runs in its own process (its CLI), as in the
 * other benchmarks. Run with `npm run bench:emulator`; quote the median.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

const SENDS_PER_ROUND = 20_000;
const ROUNDS = 3;
const CONCURRENCY = [1, 16, 64];
const BODY = JSON.stringify({
  From: { Address: 'code@exacttarget.com', Name: 'Code@' },
  To: {
    Address: 'example@example.com',
    SubscriberKey: 'example@example.com',
    ContactAttributes: {
      SubscriberAttributes: { Region: 'West', City: 'Indianapolis', State: 'IN' },
    },
  },
  Options: { RequestType: 'ASYNC' },
});

interface Addresses {
  authBaseUrl: string;
  restBaseUrl: string;
}

async function startEmulatorProcess() {
  const child = spawn(process.execPath, ['libs/marketing-cloud-emulator/dist/cli.js', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { child, addresses: JSON.parse(line) as Addresses };
}

async function fetchToken(authBaseUrl: string): Promise<string> {
  const response = await fetch(`${authBaseUrl}v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'emulator-client-id',
      client_secret: 'emulator-client-secret',
    }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

function post(url: URL, agent: Agent, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(BODY),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

async function round(url: URL, token: string, concurrency: number, sends: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sends) {
        next += 1;
        const t0 = performance.now();
        const status = await post(url, agent, token);
        latencies.push(performance.now() - t0);
        if (status !== 202) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: sends / seconds, p50: at(0.5), p99: at(0.99), failures };
}

const median = (values: number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const { child, addresses } = await startEmulatorProcess();
try {
  const token = await fetchToken(addresses.authBaseUrl);
  const url = new URL(
    'messaging/v1/messageDefinitionSends/key:external_key/send',
    addresses.restBaseUrl,
  );
  await round(url, token, 16, 2_000); // warm-up
  console.log(
    `emulator throughput: ${SENDS_PER_ROUND} sends per round, ${ROUNDS} rounds, keep-alive node:http client`,
  );
  console.log('| concurrency | sends/s (median) | p50 ms | p99 ms | non-202 |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const concurrency of CONCURRENCY) {
    const results = [];
    for (let i = 0; i < ROUNDS; i += 1)
      results.push(await round(url, token, concurrency, SENDS_PER_ROUND));
    console.log(
      `| ${concurrency} | ${median(results.map((r) => r.perSecond)).toFixed(0)} | ${median(results.map((r) => r.p50)).toFixed(2)} | ${median(results.map((r) => r.p99)).toFixed(2)} | ${results.reduce((n, r) => n + r.failures, 0)} |`,
    );
  }
} finally {
  child.kill('SIGTERM');
}
