import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { validationErrorMessage } from '../errors/error-messages.js';
import {
  MarketingCloudValidationError,
  type MarketingCloudViolation,
} from '../errors/marketing-cloud-validation.error.js';
import { subscriberAttributeProblems, TriggeredSendRequest } from './triggered-send-request.dto.js';

/**
 * Keys that could reach an object's prototype, and the names of Object.prototype's members
 * (`toString`, `valueOf`, `hasOwnProperty`...): class-transformer skips any key that names a function
 * on the new object, so these would be dropped silently (an unknown key accepted, an attribute
 * lost). We refuse them.
 */
const FORBIDDEN_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);
/**
 * The deepest object the wire shape has is To.ContactAttributes.SubscriberAttributes (depth 3); one
 * level more lets an object-valued attribute get its own, clearer message from the attribute rule.
 */
const MAX_OBJECT_DEPTH = 4;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Whether an object is data as JSON carries it: a plain object (or a class instance) or an array.
 * A Map, Set, Date, boxed primitive, typed array, function or anything with a toJSON method is
 * not: validation would see its own properties (a Map has none, so `To: new Map()` passed), while
 * JSON.stringify sends something else (`{}`, a date string).
 */
function isJsonData(value: object): boolean {
  const tag = Object.prototype.toString.call(value);
  return (
    (tag === '[object Object]' || tag === '[object Array]') &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/** The path of `key` inside `parent`; a blank key at the top is quoted (`[""]`), so no path is blank. */
function childPath(parent: string, key: string): string {
  if (parent) return `${parent}.${key}`;
  return key.trim() === '' ? `[${JSON.stringify(key)}]` : key;
}

/**
 * Walks the raw input (iteratively, so hostile nesting cannot exhaust the stack) for forbidden keys,
 * values that are not JSON data, and depth.
 */
function structuralViolations(input: Record<string, unknown>): MarketingCloudViolation[] {
  const violations: MarketingCloudViolation[] = [];
  const stack: { value: Record<string, unknown>; path: string; depth: number }[] = [
    { value: input, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    for (const key of Object.keys(value)) {
      const keyPath = childPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) {
        violations.push({
          path: keyPath,
          rule: 'forbiddenKey',
          message: `${keyPath} is not allowed`,
        });
        continue;
      }
      const child = value[key];
      if (typeof child === 'function' || (isObject(child) && !isJsonData(child))) {
        violations.push({
          path: keyPath,
          rule: 'isJsonData',
          message: `${keyPath} must be JSON data: an object, an array, a string, a number, a boolean or null`,
        });
        continue;
      }
      if (!isObject(child)) continue;
      if (depth + 1 > MAX_OBJECT_DEPTH) {
        violations.push({
          path: keyPath,
          rule: 'maxDepth',
          message: `${keyPath} is nested too deeply`,
        });
      } else {
        stack.push({ value: child, path: keyPath, depth: depth + 1 });
      }
    }
  }
  return violations;
}

function violation(path: string, rule: string, text: string): MarketingCloudViolation {
  return { path, rule, message: `${path} ${text}` };
}

function flatten(errors: readonly ValidationError[], parent = ''): MarketingCloudViolation[] {
  return errors.flatMap((error) => {
    // class-validator leaves `property` undefined on an "unknown value" error: it is about the parent.
    const property: string | undefined = error.property;
    const path = property === undefined ? parent || 'request' : childPath(parent, property);
    const own = Object.entries(error.constraints ?? {}).flatMap(([rule, text]) => {
      if (rule === 'whitelistValidation') return [violation(path, rule, 'is not a known property')];
      if (rule === 'isSubscriberAttributes') {
        // One violation per attribute, at the attribute's own path.
        return subscriberAttributeProblems(error.value).map((problem) =>
          violation(
            problem.name === undefined ? path : `${path}.${problem.name}`,
            rule,
            problem.message,
          ),
        );
      }
      return [violation(path, rule, text)];
    });
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

function invalidRequest(
  violations: readonly MarketingCloudViolation[],
): MarketingCloudValidationError {
  return new MarketingCloudValidationError(
    validationErrorMessage('send request', violations),
    violations,
  );
}

/**
 * Validates a send request against the documented wire shape and returns it as a
 * TriggeredSendRequest. Throws a MarketingCloudValidationError listing every field path and rule.
 */
export function validateSendRequest(input: unknown): TriggeredSendRequest {
  if (!isObject(input) || Array.isArray(input) || !isJsonData(input)) {
    const violations = [
      { path: 'request', rule: 'isObject', message: 'request must be an object' },
    ];
    throw invalidRequest(violations);
  }
  // Forbidden keys and hostile depth stop here: class-transformer's recursive copy cannot take them
  // (an own `constructor` key makes it throw a TypeError).
  const structural = structuralViolations(input);
  if (structural.length > 0) {
    throw invalidRequest(structural);
  }
  const request = plainToInstance(TriggeredSendRequest, input);
  const violations = flatten(
    validateSync(request, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      // One rule per field: a missing key is "required", not also "too short" and "not a string".
      stopAtFirstError: true,
      validationError: { target: false, value: true },
    }),
  );
  if (violations.length > 0) {
    throw invalidRequest(violations);
  }
  return request;
}
