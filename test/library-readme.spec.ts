/**
 * The library's README is its npm page: it must name every option the code accepts and give the
 * status the exception filter really answers for each error class.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as library from '../libs/marketing-cloud/src/index.js';

const readme = readFileSync(new URL('../libs/marketing-cloud/README.md', import.meta.url), 'utf8');
const optionsSource = readFileSync(
  new URL('../libs/marketing-cloud/src/options/marketing-cloud-module-options.ts', import.meta.url),
  'utf8',
);
const extrasSource = readFileSync(
  new URL('../libs/marketing-cloud/src/marketing-cloud.module-definition.ts', import.meta.url),
  'utf8',
);

/** The property names declared in `interface name { ... }` of a source file. */
function propertiesOf(source: string, name: string): string[] {
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
  if (body === undefined) throw new Error(`No interface ${name}`);
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((match) => match[1]!);
}

/** The first cell of each row of the README's table whose header starts with `firstHeader`. */
function firstCells(firstHeader: string): string[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${firstHeader} `));
  if (start === -1) throw new Error(`No table headed "${firstHeader}"`);
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows.map((row) => row.split('|')[1]!.trim());
}

describe('libs/marketing-cloud/README.md', () => {
  it('lists every module option in its options table, and nothing else', () => {
    const options = [
      ...propertiesOf(optionsSource, 'MarketingCloudModuleOptions').filter(
        (name) => name !== 'retry',
      ),
      ...propertiesOf(optionsSource, 'MarketingCloudRetryOptions').map((name) => `retry.${name}`),
      ...propertiesOf(extrasSource, 'MarketingCloudModuleExtras'),
    ];
    expect(options.length).toBeGreaterThan(15);
    expect(
      firstCells('Option')
        .map((cell) => cell.replaceAll('`', ''))
        .toSorted(),
    ).toEqual(options.toSorted());
  });

  it('gives, for every exported error class, the status the exception filter answers', () => {
    const errorClasses = Object.entries(library).filter(
      ([, value]) =>
        typeof value === 'function' && value.prototype instanceof library.MarketingCloudError,
    ) as [string, typeof library.MarketingCloudError][];
    expect(errorClasses.length).toBeGreaterThan(8);
    const rows = new Map(
      readme
        .split('\n')
        .filter((line) => /^\| `MarketingCloud\w+Error` +\|/.test(line))
        .map((line) => {
          const cells = line.split('|').map((cell) => cell.trim());
          return [cells[1]!.replaceAll('`', ''), cells.at(-2)!] as const;
        }),
    );
    for (const [name, errorClass] of errorClasses) {
      expect({ name, status: rows.get(name)?.slice(0, 3) }).toEqual({
        name,
        status: String(library.httpStatusForErrorClass(errorClass)),
      });
    }
    expect([...rows.keys()].toSorted()).toEqual(errorClasses.map(([name]) => name).toSorted());
  });
});
