import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The module specifiers a source file imports or re-exports (static forms only: the library has no other). */
function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'/g)].map(
    (match) => match[1]!,
  );
}

/** Every library file the entry reaches through relative imports, as paths relative to src/. */
function reachableFrom(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const pending = [resolve(SOURCE, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const name = relative(SOURCE, file);
    if (seen.has(name)) continue;
    const specifiers = specifiersOf(file);
    seen.set(name, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.'))
        pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  }
  return seen;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

describe('entry points: the testing kit stays out of the main entry', () => {
  it('index.ts reaches no file of testing/ and nothing that imports marketing-cloud-emulator', () => {
    const reached = reachableFrom('index.ts');
    expect(reached.size).toBeGreaterThan(20);
    expect([...reached.keys()].filter((name) => name.startsWith('testing/'))).toEqual([]);
    expect(
      [...reached].filter(([, specifiers]) => specifiers.includes('marketing-cloud-emulator')),
    ).toEqual([]);
  });

  it('only testing/ imports marketing-cloud-emulator (an optional peer dependency)', () => {
    const importers = sourceFiles(SOURCE)
      .filter((file) => specifiersOf(file).includes('marketing-cloud-emulator'))
      .map((file) => relative(SOURCE, file));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((name) => !name.startsWith('testing/'))).toEqual([]);
  });

  it('testing/index.ts reaches the kit and never the main index.ts', () => {
    const reached = reachableFrom('testing/index.ts');
    expect(reached.has('testing/marketing-cloud-testing.module.ts')).toBe(true);
    expect(reached.has('index.ts')).toBe(false);
  });
});
