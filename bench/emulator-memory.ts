/**
 * The emulator's memory over a long run (issue 15 item 8): 500,000 sends against an emulator started
 * with the options the sample app's embedded emulator uses (src/emulator/embedded-emulator.ts: the
 * defaults plus its definitions, records on), and the same with `record: false` (`--no-record`).
 * The emulator runs in a child process; every 50,000 sends the child reports its RSS and its heap
 * after a full GC. Run with `npm run bench:emulator-memory` (SENDS=100000 for a shorter run).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  runClosedLoop,
  SEND_BODY_JSON,
  SEND_PATH,
} from './support/workload.js';

const SENDS = Number(process.env['SENDS'] ?? 500_000);
const CHECKPOINT = Math.min(50_000, SENDS);
const CONCURRENCY = 32;

interface Memory {
  rssMiB: number;
  heapMiB: number;
}
type ChildMessage =
  { type: 'listening'; authBaseUrl: string; restBaseUrl: string } | ({ type: 'memory' } & Memory);

const MiB = 1024 * 1024;

/** The child: an emulator with the given options, answering 'memory' requests over IPC. */
async function child(record: boolean): Promise<void> {
  const emulator = await startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS, record });
  process.on('message', (message) => {
    if (message === 'memory') {
      globalThis.gc?.();
      const usage = process.memoryUsage();
      process.send?.({ type: 'memory', rssMiB: usage.rss / MiB, heapMiB: usage.heapUsed / MiB });
    } else if (message === 'stop') {
      void emulator.close().then(() => process.disconnect?.());
    }
  });
  process.send?.({
    type: 'listening',
    authBaseUrl: emulator.authBaseUrl,
    restBaseUrl: emulator.restBaseUrl,
  });
}

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

async function measure(record: boolean): Promise<{ sends: number; memory: Memory }[]> {
  const emulator = fork(fileURLToPath(import.meta.url), ['child', String(record)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = async <T extends ChildMessage['type']>(type: T) => {
    for (;;) {
      const [message] = (await once(emulator, 'message')) as [ChildMessage];
      if (message.type === type) return message as Extract<ChildMessage, { type: T }>;
    }
  };
  const memory = async (): Promise<Memory> => {
    const reply = next('memory');
    emulator.send('memory');
    const { rssMiB, heapMiB } = await reply;
    return { rssMiB, heapMiB };
  };
  const { authBaseUrl, restBaseUrl } = await next('listening');
  const tokenAnswer = await fetch(`${authBaseUrl}v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }),
  });
  const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
  const url = new URL(SEND_PATH, restBaseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const points = [{ sends: 0, memory: await memory() }];
  try {
    for (let sent = 0; sent < SENDS; sent += CHECKPOINT) {
      const load = await runClosedLoop(CONCURRENCY, CHECKPOINT, () => post(url, agent, token));
      if (load.failures > 0) throw new Error(`${load.failures} sends failed: ${load.firstFailure}`);
      points.push({ sends: sent + CHECKPOINT, memory: await memory() });
    }
  } finally {
    agent.destroy();
    emulator.send('stop');
    await once(emulator, 'exit');
  }
  return points;
}

const fmt = (value: number) => value.toFixed(1).padStart(7);

if (process.argv[2] === 'child') {
  await child(process.argv[3] === 'true');
} else {
  console.log(
    `emulator memory: ${SENDS} sends, concurrency ${CONCURRENCY}, node ${process.version}`,
  );
  for (const [label, record] of [
    ['sample app defaults (records on)', true],
    ['record: false (--no-record)', false],
  ] as const) {
    const points = await measure(record);
    console.log(
      `\n${label}\n|   sends | RSS MiB | heap MiB (after GC) |\n|--------:|--------:|--------------------:|`,
    );
    for (const { sends, memory } of points) {
      console.log(
        `| ${String(sends).padStart(7)} | ${fmt(memory.rssMiB)} | ${fmt(memory.heapMiB).padStart(19)} |`,
      );
    }
  }
}
