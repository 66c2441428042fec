/**
 * Instance names, with no service class imported (options, logging and the testing kit need them
 * without an import cycle).
 */

/**
 * The name of the instance registered without `name` (or with `name: 'default'`, as in
 * @nestjs/bullmq). Its services are also provided under their classes, so plain class injection
 * (`constructor(private sends: TriggeredSendService)`) gets the default instance.
 */
export const DEFAULT_INSTANCE_NAME = 'default';

/** The instance a `name` option designates: `undefined` and `'default'` are the default instance. */
export function instanceNameOf(name: string | undefined): string {
  return name ?? DEFAULT_INSTANCE_NAME;
}

export function isDefaultInstance(name: string | undefined): boolean {
  return instanceNameOf(name) === DEFAULT_INSTANCE_NAME;
}

/** A string token private to one instance: tokens of two instances never meet. */
export function instanceToken(name: string | undefined, what: string): string {
  return `MarketingCloud(${instanceNameOf(name)}):${what}`;
}
