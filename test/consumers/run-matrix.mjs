#!/usr/bin/env node
// The consumer matrix: installs the packed tarballs (.packs/, from scripts/pack-packages.mjs) into
// small apps that live outside the workspace, each from its own committed package-lock.json with
// `npm ci` (no --legacy-peer-deps), and runs each app on Node 20, 22 and 24. One install per app;
// the Node versions only change the binary. Prints one line per cell and a summary; exits 1 if any
// cell failed.
//
//   node test/consumers/run-matrix.mjs            (after npm run build && node scripts/pack-packages.mjs)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { nodeBinary } from './node-binaries.mjs';

const HERE = import.meta.dirname;
const ROOT = resolve(HERE, '../..');
const NODES = [20, 22, 24];
const STEP_TIMEOUT_MS = 240_000;

// Loads both entries of the package in one plain Node process: same classes, whichever entry.
const BOTH_ENTRIES = `
const fromRequire = require('nestjs-marketing-cloud');
import('nestjs-marketing-cloud').then((fromImport) => {
  for (const name of ['MarketingCloudError', 'MarketingCloudModule', 'TriggeredSendService', 'MARKETING_CLOUD_OPTIONS']) {
    if (fromImport[name] !== fromRequire[name]) throw new Error(name + ' differs between import and require');
  }
});`;

// The README's testing section holds one Vitest and one Jest test file; each app runs the one for
// its runner as test/readme-testing.test.ts, taken from the README at each run (not committed).
const README_SECTION = 'Using the emulator in your tests';

/** The fenced ts blocks of the README section, keyed by the runner they import. */
function readmeTestFiles() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${README_SECTION}\n`);
  if (start === -1) throw new Error(`README.md has no "## ${README_SECTION}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  const blocks = [...readme.slice(start, end).matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(
    (m) => m[1],
  );
  const byRunner = {
    vitest: blocks.find((code) => code.includes("from 'vitest';")),
    jest: blocks.find((code) => code.includes("from '@jest/globals';")),
  };
  if (!byRunner.vitest || !byRunner.jest) {
    throw new Error(`README.md "${README_SECTION}": expected a Vitest and a Jest test file`);
  }
  return byRunner;
}

/** The fixture apps: what each one runs, per Node version. */
const APPS = [
  {
    dir: 'nest11-cjs-jest',
    label: 'nest11 cjs',
    runner: 'jest',
    once: [
      ['tsc-node16', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']],
      ['tsc-node10', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node10.json', '--noEmit']],
    ],
    perNode: () => [
      [
        'jest',
        [
          ['-e', BOTH_ENTRIES],
          ['node_modules/jest/bin/jest.js', '--ci'],
        ],
      ],
    ],
  },
  {
    dir: 'nest11-esm-vitest',
    label: 'nest11 esm',
    runner: 'vitest',
    once: [
      ['tsc-nodenext', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']],
    ],
    perNode: () => [['vitest', [['node_modules/vitest/vitest.mjs', 'run']]]],
  },
  {
    dir: 'nest12-esm-vitest',
    label: 'nest12 esm',
    runner: 'vitest',
    once: [
      ['tsc-nodenext', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']],
    ],
    perNode: () => [['vitest', [['node_modules/vitest/vitest.mjs', 'run']]]],
  },
  {
    dir: 'nest12-cjs-jest',
    label: 'nest12 cjs',
    runner: 'jest',
    // Also the build (dist/) that the `node` cells run, as `nest build` would.
    once: [
      [
        'tsc-nodenext',
        ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--outDir', 'dist'],
      ],
    ],
    perNode: (major) => [
      ['node', [['-e', BOTH_ENTRIES], ['dist/smoke/send-documented-example.js']]],
      // Jest loads ESM-only Nest 12 into a CommonJS test only through require(esm), which it
      // supports from Node 24.9 on; before that the app's own @nestjs/testing import fails.
      ...(major >= 24
        ? [['jest', [['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--ci']]]]
        : []),
    ],
  },
];

function run(command, args, cwd, node) {
  return new Promise((done) => {
    const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH}` };
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n(timed out after ${STEP_TIMEOUT_MS / 1000} s)`;
      child.kill('SIGKILL');
    }, STEP_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ ok: code === 0, output });
    });
  });
}

const results = [];
async function cell(name, steps, cwd, node) {
  const started = Date.now();
  for (const args of steps) {
    const { ok, output } = await run(node, args, cwd, node);
    if (!ok) {
      process.stdout.write(`${output.trimEnd()}\n`);
      console.log(`FAIL ${name}`);
      results.push(false);
      return;
    }
  }
  console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  results.push(true);
}

const started = Date.now();
for (const pack of ['nestjs-marketing-cloud', 'marketing-cloud-emulator']) {
  if (!existsSync(join(ROOT, '.packs', `${pack}.tgz`))) {
    console.error(
      `.packs/${pack}.tgz is missing: run npm run build && node scripts/pack-packages.mjs`,
    );
    process.exit(1);
  }
}
const readmeTests = readmeTestFiles();
const nodes = Object.fromEntries(NODES.map((major) => [major, nodeBinary(major)]));

// npm ci is mostly waiting on the network and the disk: the next app installs while the previous
// one runs its cells (one install at a time, in the order of APPS).
let previousInstall = Promise.resolve();
const installs = APPS.map((app) => {
  const cwd = join(HERE, app.dir);
  previousInstall = previousInstall.then(async () => {
    const installStarted = Date.now();
    const install = await run('npm', ['ci', '--no-audit', '--no-fund'], cwd, nodes[20]);
    console.log(`(${app.dir}: npm ci ${((Date.now() - installStarted) / 1000).toFixed(1)} s)`);
    return install;
  });
  return previousInstall;
});

for (const [index, app] of APPS.entries()) {
  const cwd = join(HERE, app.dir);
  const install = await installs[index];
  if (!install.ok) {
    process.stdout.write(install.output);
    console.log(`FAIL ${app.label} npm ci`);
    results.push(false);
    continue;
  }
  writeFileSync(join(cwd, 'test/readme-testing.test.ts'), readmeTests[app.runner]);
  for (const [runner, args] of app.once) {
    await cell(`${app.label} ${runner}`, [args], cwd, nodes[20]);
  }
  for (const major of NODES) {
    for (const [runner, steps] of app.perNode(major)) {
      await cell(`${app.label} ${runner} node${major}`, steps, cwd, nodes[major]);
    }
  }
}

const failed = results.filter((ok) => !ok).length;
const seconds = Math.round((Date.now() - started) / 1000);
console.log(
  failed === 0
    ? `Consumer matrix: all ${results.length} cells passed in ${seconds} s`
    : `Consumer matrix: ${failed} of ${results.length} cells FAILED (${seconds} s)`,
);
process.exitCode = failed === 0 ? 0 : 1;
