import { MarketingCloudError } from './marketing-cloud.error.js';

/** The module's options are invalid. Thrown while the application starts, so it fails fast. */
export class MarketingCloudConfigurationError extends MarketingCloudError {
  /** One line per problem: `field: what is wrong and how to fix it`. */
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.problems = problems;
  }
}
