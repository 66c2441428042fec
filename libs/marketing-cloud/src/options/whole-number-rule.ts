import { ValidateBy, type ValidationArguments } from 'class-validator';

export interface WholeNumberRule {
  /** The option's path, as the user wrote it (`retry.maxAttempts`). */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** The unit, for messages (`milliseconds`); none for plain counts. */
  readonly unit?: string;
  /** Added to the "at least" message (e.g. `(1 turns retries off)`). */
  readonly minNote?: string;
  /** Added to the "at most" message (e.g. `(5 minutes)`). */
  readonly maxNote?: string;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return 'NaN';
  return `a ${typeof value}`;
}

/** The one message for `value` under `rule`: the first rule it breaks, never the value itself. */
export function wholeNumberProblem(rule: WholeNumberRule, value: unknown): string | undefined {
  const unit = rule.unit ? ` of ${rule.unit}` : '';
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return `${rule.name} must be a number${unit}, got ${typeName(value)}.${typeof value === 'string' ? ' Environment variables are strings: convert the value with Number() in your factory.' : ''}`;
  }
  if (!Number.isInteger(value)) return `${rule.name} must be a whole number${unit}.`;
  if (value < rule.min) {
    return `${rule.name} must be at least ${rule.min}${rule.minNote ? ` ${rule.minNote}` : ''}.`;
  }
  if (value > rule.max) {
    return `${rule.name} must be at most ${rule.max}${rule.maxNote ? ` ${rule.maxNote}` : ''}.`;
  }
  return undefined;
}

/**
 * A whole number in [min, max], as ONE class-validator constraint, so a wrong value gets one message
 * (a string from an environment variable is "must be a number", not also "at least" and "at most").
 */
export function IsWholeNumberIn(rule: WholeNumberRule): PropertyDecorator {
  return ValidateBy({
    name: 'isWholeNumberIn',
    validator: {
      validate: (value: unknown) => wholeNumberProblem(rule, value) === undefined,
      defaultMessage: (args?: ValidationArguments) => wholeNumberProblem(rule, args?.value) ?? '',
    },
  });
}
