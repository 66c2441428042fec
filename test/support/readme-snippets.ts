import { readFileSync } from 'node:fs';

/** The README of the repository root, where the testing section lives. */
export const ROOT_README_URL = new URL('../../README.md', import.meta.url);

/** The fenced ```ts blocks of one `## ` section of a Markdown file, in order. */
export function typescriptBlocksOfSection(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`No "## ${heading}" section`);
  const next = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, next === -1 ? undefined : next);
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/** The modules a snippet imports, in order. */
export function importedModules(code: string): string[] {
  return [...code.matchAll(/^import\b[\s\S]*?\bfrom '([^']+)';$/gm)].map((match) => match[1]!);
}

export function readRootReadme(): string {
  return readFileSync(ROOT_README_URL, 'utf8');
}
