import { moreViolationsText, validationErrorMessage } from '../errors/error-messages.js';
import {
  MarketingCloudValidationError,
  type MarketingCloudViolation,
} from '../errors/marketing-cloud-validation.error.js';

/** Most violations one refusal lists; the rest are counted in one last entry. */
export const MAX_LISTED_VIOLATIONS = 20;
/**
 * Most UTF-8 bytes of paths and messages one refusal lists, so that its JSON (which holds each
 * message twice: in `message` and in `violations`) stays under 8 KiB even with 20 long paths.
 */
export const MAX_LISTED_BYTES = 2000;
/** The rule of the last entry of a capped list: "request has N more violations, not listed". */
export const MORE_VIOLATIONS_RULE = 'moreViolations';

/** How many violations a "more" entry stands for, so that lists merged later keep the count. */
const omittedCounts = new WeakMap<MarketingCloudViolation, number>();

/**
 * The violations of one refusal, capped: the first {@link MAX_LISTED_VIOLATIONS} (within
 * {@link MAX_LISTED_BYTES}) are listed and the rest only counted in one last entry, so a refusal
 * stays small whatever the input. Never spreads an input-sized array.
 */
export class ViolationList {
  private readonly listed: MarketingCloudViolation[] = [];
  private listedBytes = 0;
  private omitted = 0;

  get size(): number {
    return this.listed.length + this.omitted;
  }

  /** Adds a violation whose message is `path` followed by `text`. */
  add(path: string, rule: string, text: string): void {
    this.push({ path, rule, message: `${path} ${text}` });
  }

  push(violation: MarketingCloudViolation): void {
    const standsFor = omittedCounts.get(violation);
    if (standsFor !== undefined) {
      this.omitted += standsFor;
      return;
    }
    const bytes = Buffer.byteLength(violation.path) + Buffer.byteLength(violation.message);
    // Once one is left out, the rest are too: the list is the first ones, in order.
    if (
      this.omitted === 0 &&
      this.listed.length < MAX_LISTED_VIOLATIONS &&
      this.listedBytes + bytes <= MAX_LISTED_BYTES
    ) {
      this.listed.push(violation);
      this.listedBytes += bytes;
    } else {
      this.omitted += 1;
    }
  }

  pushAll(violations: readonly MarketingCloudViolation[]): void {
    for (const violation of violations) this.push(violation);
  }

  toArray(): readonly MarketingCloudViolation[] {
    if (this.omitted === 0) return this.listed;
    const more: MarketingCloudViolation = {
      path: 'request',
      rule: MORE_VIOLATIONS_RULE,
      message: `request ${moreViolationsText(this.omitted)}`,
    };
    omittedCounts.set(more, this.omitted);
    return [...this.listed, more];
  }

  /** The refusal: a MarketingCloudValidationError of `what` ("send request") with this list. */
  toError(what: string): MarketingCloudValidationError {
    const violations = this.toArray();
    return new MarketingCloudValidationError(validationErrorMessage(what, violations), violations);
  }
}
