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
  // npm keeps a locked tarball entry, and the dependencies it recorded, when the version is
  // unchanged: forget the tarball entries, so that a dependency the package gained is resolved too.
  const lockPath = join(dir, 'package-lock.json');
  const before = JSON.parse(readFileSync(lockPath, 'utf8'));
  for (const [path, entry] of Object.entries(before.packages)) {
    if (entry.resolved?.startsWith('file:')) delete before.packages[path];
  }
  writeFileSync(lockPath, `${JSON.stringify(before, null, 2)}\n`);
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
