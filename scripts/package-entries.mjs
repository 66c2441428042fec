// The entry points of a workspace package, read from its package.json `exports`: one per subpath that
// has a `source` (TypeScript, for the workspace), an `import` and a `require` condition.

/**
 * @param {{ exports?: Record<string, unknown> }} manifest
 * @returns {{ subpath: string, source: string, import: { types: string, default: string }, require: { types: string, default: string } }[]}
 */
export function entryPoints(manifest) {
  return Object.entries(manifest.exports ?? {})
    .filter(([, target]) => typeof target === 'object' && target !== null && 'source' in target)
    .map(([subpath, target]) => ({ subpath, ...target }));
}
