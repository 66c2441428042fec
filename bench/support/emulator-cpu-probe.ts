/**
 * Preloaded into the emulator's process (`node --import …/emulator-cpu-probe.js cli.js …`) by
 * emulator-process.ts: answers `'cpu'` on the IPC channel with the process's own
 * `process.cpuUsage()`, so that the bench can count the emulator's CPU per send. The emulator's
 * code is not touched. The channel does not keep the process alive.
 */
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.channel?.unref();
