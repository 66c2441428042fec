#!/usr/bin/env node
// Packs both packages (scripts/pack-packages.mjs, after `npm run build`) and lints what users get:
// publint (package.json vs the files shipped) and @arethetypeswrong/cli (types and runtime resolve
// alike under node10, node16 from CJS and from ESM, and bundler), on the tarballs themselves.
// Exits 1 on any problem, with the tool's report.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const PACKS = ['nestjs-marketing-cloud', 'marketing-cloud-emulator'];

function node(args) {
  return spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' }).status === 0;
}

if (!node([join(ROOT, 'scripts/pack-packages.mjs'), '--list'])) process.exit(1);
const publint = join(ROOT, 'node_modules/publint/src/cli.js');
const attw = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
let clean = true;
for (const name of PACKS) {
  const tarball = join(ROOT, '.packs', `${name}.tgz`);
  clean = node([publint, 'run', tarball, '--strict']) && clean;
  clean = node([attw, tarball, '--profile', 'strict', '--format', 'ascii', '--no-color']) && clean;
}
process.exit(clean ? 0 : 1);
