#!/usr/bin/env node
// Re-resolves the committed package-lock.json of each consumer app (after editing its package.json),
// from the current tarballs in .packs/. The two tarball entries are then kept without an `integrity`
// field: the tarballs are rebuilt on every CI run, so their hash changes with every source change,
// and `npm ci` only checks the hash of an entry that records one. Every registry package keeps its
// integrity, so the rest of each install is exactly what the lockfile says.
//
//   node test/consumers/update-lockfiles.mjs [app-folder ...]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HERE = import.meta.dirname;
const apps = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(HERE).filter((name) => statSync(join(HERE, name)).isDirectory());

for (const app of apps) {
  const dir = join(HERE, app);
  execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], {
    cwd: dir,
    stdio: 'inherit',
  });
  const lockFile = join(dir, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
  for (const entry of Object.values(lock.packages)) {
    if (entry.resolved?.startsWith('file:')) delete entry.integrity;
  }
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`${app}: package-lock.json updated`);
}
