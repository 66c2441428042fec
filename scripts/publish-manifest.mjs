#!/usr/bin/env node
// npm runs this around `npm pack` / `npm publish` of a workspace package (its prepack and postpack
// scripts), in the package's folder:
//   prepack   keeps the workspace manifest aside and writes the one users get: no `source` condition
//             (it points at src/, which the tarball does not ship: a consumer whose bundler or test
//             runner sets that condition would fail to resolve the package), no entry point whose
//             built files are missing, no scripts (they refer to this workspace).
//   postpack  puts the workspace manifest back.
// A prepack whose postpack never ran (pack interrupted) is undone by the next prepack.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { entryPoints } from './package-entries.mjs';

const MANIFEST = 'package.json';
const KEPT = '.package.json.workspace';
const step = process.argv[2];

if (step === 'prepack') {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
  const text = readFileSync(MANIFEST, 'utf8');
  const manifest = JSON.parse(text);
  for (const entry of entryPoints(manifest)) {
    const files = [
      entry.import.default,
      entry.import.types,
      entry.require.default,
      entry.require.types,
    ];
    const missing = files.filter((file) => !existsSync(file));
    if (missing.length === files.length) {
      console.error(`${manifest.name}: not publishing ${entry.subpath} (not built)`);
      delete manifest.exports[entry.subpath];
    } else if (missing.length > 0) {
      throw new Error(
        `${manifest.name} ${entry.subpath}: missing ${missing.join(', ')}; run npm run build`,
      );
    } else {
      delete manifest.exports[entry.subpath].source;
    }
  }
  delete manifest.scripts;
  writeFileSync(KEPT, text);
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (step === 'postpack') {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
} else {
  throw new Error('usage: publish-manifest.mjs prepack|postpack');
}
