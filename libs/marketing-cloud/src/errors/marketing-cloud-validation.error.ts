import { MarketingCloudError } from './marketing-cloud.error.js';

/** One broken rule: where (`To.Address`), which rule (`isEmail`), and the message. */
export interface MarketingCloudViolation {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * The send request or definition failed validation before anything was sent to Marketing Cloud.
 * Lists every field path and rule that failed.
 */
export class MarketingCloudValidationError extends MarketingCloudError {
  readonly violations: readonly MarketingCloudViolation[];

  constructor(message: string, violations: readonly MarketingCloudViolation[]) {
    super(message);
    this.violations = violations;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), violations: this.violations };
  }
}
