/** Every dependency-injection token of the queue module. */

/** The options as given to forRoot / returned by the forRootAsync factory. */
export const MARKETING_CLOUD_QUEUE_MODULE_OPTIONS = Symbol('MARKETING_CLOUD_QUEUE_MODULE_OPTIONS');

/** The validated options with defaults applied (ResolvedQueueOptions). */
export const MARKETING_CLOUD_QUEUE_OPTIONS = Symbol('MARKETING_CLOUD_QUEUE_OPTIONS');
