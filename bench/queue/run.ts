/**
 * The queue runs, one at a time: `npm run bench:queue -- <name>` with name one of kill-run,
 * rate-limit, token-sharing, redis-down, throughput. They start their own redis-server (or use
 * REDIS_URL) and emulator, and print what they measured.
 */
const RUNS = ['kill-run', 'rate-limit', 'token-sharing', 'redis-down', 'throughput'];
const name = process.argv[2] ?? '';
if (!RUNS.includes(name)) {
  console.error(`usage: npm run bench:queue -- <${RUNS.join(' | ')}>`);
  process.exit(2);
}
await import(`./${name}.js`);
