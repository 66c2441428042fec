#!/usr/bin/env node
// Packs both published packages (after `npm run build`) into .packs/<name>.tgz: a stable file name,
// so the consumer fixtures under test/consumers/ can install them by path. Prints each tarball's
// file list with --list.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.packs');
const PACKAGES = ['libs/marketing-cloud-emulator', 'libs/marketing-cloud'];

mkdirSync(OUT, { recursive: true });
for (const workspace of PACKAGES) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const [packed] = JSON.parse(
    execFileSync(
      npm,
      ['pack', '--json', '--silent', '--workspace', workspace, '--pack-destination', OUT],
      {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  );
  renameSync(join(OUT, packed.filename), join(OUT, `${packed.name}.tgz`));
  console.log(`.packs/${packed.name}.tgz  ${packed.entryCount} files, ${packed.size} bytes`);
  if (process.argv.includes('--list')) {
    for (const file of packed.files) console.log(`  ${file.path}`);
  }
}
