/** The messages of the Redis token store. They never hold a token, a secret or a connection URL. */

export function tokenWaitTimeoutMessage(waitedMs: number): string {
  return `No access token after waiting ${waitedMs} ms for another process to obtain one (the shared token store's lock). Nothing was sent; try again.`;
}

export function tokenStoreDownMessage(reason: string): string {
  return `The shared token store (Redis) failed (${reason}): this process asks Marketing Cloud for its own token until it is back.`;
}
