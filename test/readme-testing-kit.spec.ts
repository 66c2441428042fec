/**
 * The README's "Using the emulator in your tests" section holds two complete test files, one for
 * Vitest and one for Jest. This spec takes them out of the README as they are, type-checks both
 * against the library's real types, and runs both here (the Jest one with its runner import pointed
 * at Vitest, whose describe/it/expect subset it uses is the same). The consumer matrix runs the Jest
 * one under Jest, from the packed tarballs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import {
  importedModules,
  readRootReadme,
  typescriptBlocksOfSection,
} from './support/readme-snippets.js';

const SECTION = 'Using the emulator in your tests';
const blocks = typescriptBlocksOfSection(readRootReadme(), SECTION);
const vitestSnippet = blocks.find((code) => importedModules(code).includes('vitest'));
const jestSnippet = blocks.find((code) => importedModules(code).includes('@jest/globals'));

// Under the repository, so that the packages resolve as they do for a test of a user's own project.
// The folder starts with a dot: no vitest include pattern nor tsconfig include matches it.
const folder = new URL(`./.readme-snippets/${process.pid}/`, import.meta.url);
mkdirSync(folder, { recursive: true });
const files = {
  vitest: new URL('readme-vitest.snippet.ts', folder),
  jest: new URL('readme-jest.snippet.ts', folder),
  jestOnVitest: new URL('readme-jest-on-vitest.snippet.ts', folder),
  jestGlobals: new URL('jest-globals.d.ts', folder),
};
writeFileSync(files.vitest, vitestSnippet ?? '');
writeFileSync(files.jest, jestSnippet ?? '');
writeFileSync(
  files.jestOnVitest,
  (jestSnippet ?? '').replace("from '@jest/globals'", "from 'vitest'"),
);
// For the type-check only: Jest's functions typed as Vitest's (the same subset, same signatures).
writeFileSync(
  files.jestGlobals,
  "declare module '@jest/globals' {\n  export { afterEach, beforeEach, describe, expect, it } from 'vitest';\n}\n",
);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ALLOWED = ['@nestjs/testing', 'nestjs-marketing-cloud', 'nestjs-marketing-cloud/testing'];

describe(`README "${SECTION}"`, () => {
  it('holds one Vitest and one Jest test file, importing only the library, the kit, @nestjs/testing and the runner', () => {
    expect(blocks).toHaveLength(2);
    expect(importedModules(vitestSnippet ?? '').toSorted()).toEqual(
      [...ALLOWED, 'vitest'].toSorted(),
    );
    expect(importedModules(jestSnippet ?? '').toSorted()).toEqual(
      [...ALLOWED, '@jest/globals'].toSorted(),
    );
    for (const code of blocks) {
      expect(code).toContain('MarketingCloudTestingModule.forRoot(');
      // No top-level await: every await sits inside a function body, indented.
      expect(
        code.split('\n').filter((line) => /^(const|let|await)\b.*\bawait\b/.test(line)),
      ).toEqual([]);
    }
  });

  // A TypeScript program over the library's sources: seconds of CPU, more on a loaded machine.
  it('both files type-check against the library as they are written', { timeout: 120_000 }, () => {
    const configPath = new URL('../tsconfig.json', import.meta.url);
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath.pathname,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    )!;
    const program = ts.createProgram({
      rootNames: [files.vitest.pathname, files.jest.pathname, files.jestGlobals.pathname],
      options: { ...config.options, noEmit: true, noUnusedLocals: true },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) =>
        diagnostic.file
          ? `${diagnostic.file.fileName.replace(/.*\//, '')}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
          : ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      );
    expect(diagnostics).toEqual([]);
  });
});

// The snippets' own describe blocks register here, as tests of this file.
describe('README Vitest test file, run as pasted', async () => {
  await import(pathToFileURL(files.vitest.pathname).href);
});
describe('README Jest test file, run on Vitest', async () => {
  await import(pathToFileURL(files.jestOnVitest.pathname).href);
});
