#!/usr/bin/env node
// Builds one workspace package (a folder under libs/) into the dual layout its package.json exports:
//   dist/cjs/  the one implementation: tsc's CommonJS output (.js, .d.ts, .js.map with sourcesContent)
//   dist/esm/  one ESM file per entry point, re-exporting dist/cjs (`export * from '../cjs/index.js'`)
// Why one implementation: an app may load the package through both `import` and `require` (an ESM app
// with a CommonJS dependency, Jest next to an ESM build...). Two builds would give two copies of every
// class: `instanceof MarketingCloudError` and class-based DI tokens would then fail across them. With
// the ESM files as thin wrappers there is only one copy, which this script checks after building.
//
// Usage: node scripts/build-package.mjs libs/marketing-cloud
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { entryPoints } from './package-entries.mjs';

const packageDir = resolve(process.argv[2] ?? '.');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const require = createRequire(import.meta.url);

rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', join(packageDir, 'tsconfig.build.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// The package says "type": "module" (its sources are ESM); this marks the compiled folder as CommonJS.
writeFileSync(join(packageDir, 'dist/cjs/package.json'), '{ "type": "commonjs" }\n');

const built = [];
for (const entry of entryPoints(manifest)) {
  if (!existsSync(join(packageDir, entry.source))) {
    console.log(`${manifest.name}: ${entry.subpath} skipped (no ${entry.source} yet)`);
    continue;
  }
  writeWrapper(join(packageDir, entry.import.default), join(packageDir, entry.require.default));
  writeWrapper(join(packageDir, entry.import.types), join(packageDir, entry.require.default));
  built.push(entry);
}

// Both entries must expose the same names, and the same objects (one copy of each class).
const cjsRequire = createRequire(join(packageDir, 'package.json'));
for (const entry of built) {
  const fromRequire = cjsRequire(join(packageDir, entry.require.default));
  const fromImport = await import(pathToFileURL(join(packageDir, entry.import.default)).href);
  const missing = names(fromRequire).filter((n) => !(n in fromImport));
  const different = names(fromImport).filter((n) => fromImport[n] !== fromRequire[n]);
  if (missing.length > 0 || different.length > 0) {
    console.error(`${manifest.name}${entry.subpath.slice(1)}: the ESM entry does not match CJS`);
    console.error({ missing, different });
    process.exit(1);
  }
  console.log(
    `${manifest.name}${entry.subpath.slice(1)}: ${names(fromImport).length} exports, one copy`,
  );
}

/** The names a module exports, less the ones Node adds for CommonJS interop. */
function names(namespace) {
  return Object.keys(namespace)
    .filter((n) => n !== 'default' && n !== 'module.exports' && n !== '__esModule')
    .toSorted();
}

/** An ESM file (.js or .d.ts) that re-exports the CommonJS module at `target`. */
function writeWrapper(file, target) {
  let specifier = relative(dirname(file), target).split('\\').join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `// ESM entry point: re-exports the CommonJS build, the one copy of this package's code.\nexport * from '${specifier}';\n`,
  );
}
