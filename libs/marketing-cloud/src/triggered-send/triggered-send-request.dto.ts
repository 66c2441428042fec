import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidateNested, type ValidationArguments } from 'class-validator';
import { isEmailAddress } from './common-email-address.js';

/** Documented: "A subscriber key is limited to 254 English characters". */
export const MAX_SUBSCRIBER_KEY_LENGTH = 254;
/** Email addresses: 254 characters (RFC 5321's path limit; Marketing Cloud's fields use the same). */
export const MAX_EMAIL_LENGTH = 254;
/** A Text field of a data extension holds at most 4000 characters (documented). */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 4000;
/** An account holds at most 200 profile attributes (documented), so no send needs more. */
export const MAX_ATTRIBUTES = 200;
/** Not documented; long enough for any attribute name seen in practice. */
export const MAX_ATTRIBUTE_NAME_LENGTH = 128;
/** Not documented; the From name is a display name. */
export const MAX_FROM_NAME_LENGTH = 256;

/**
 * The most requests one `sendBatch` call takes (200 chunks of the default 50). Bounds the work and
 * the memory of one call; send more in several calls.
 */
export const MAX_SEND_BATCH_REQUESTS = 10_000;

export const REQUEST_TYPES = ['ASYNC', 'SYNC'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** An attribute value Marketing Cloud takes: a string, a finite number or a boolean. */
export type SubscriberAttributeValue = string | number | boolean;

/** One problem with the attribute map; `name` is the attribute concerned, when there is one. */
export interface AttributeProblem {
  readonly name?: string;
  readonly message: string;
}

/** Every problem of an attribute map, so that one answer names all the attributes to fix. */
export function subscriberAttributeProblems(attributes: unknown): AttributeProblem[] {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    return [{ message: 'must be an object of attribute names to values' }];
  }
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES)
    return [{ message: `must hold at most ${MAX_ATTRIBUTES} attributes` }];
  return entries.flatMap(([name, value]): AttributeProblem[] => {
    if (name.trim() === '' || name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
      return [{ name, message: `name must be 1 to ${MAX_ATTRIBUTE_NAME_LENGTH} characters` }];
    }
    const valid =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!valid) return [{ name, message: 'must be a string, a number or a boolean' }];
    if (String(value).length > MAX_ATTRIBUTE_VALUE_LENGTH) {
      return [{ name, message: `must be at most ${MAX_ATTRIBUTE_VALUE_LENGTH} characters` }];
    }
    return [];
  });
}

/**
 * One rule of a field. Messages start with `$property`, which class-validator replaces by the
 * property name: Nest's ValidationPipe then prefixes the parent path (`To.` + `Address must be an
 * email address`), and the service's own validation builds the same text.
 */
interface FieldRule {
  readonly name: string;
  readonly message: string;
  readonly holds: (value: unknown) => boolean;
  readonly constraints?: unknown[];
}

/**
 * Registers a field's rules as one chain, most basic first: a rule fails only when every rule
 * before it holds, so a value breaks exactly one rule. The answer is then the same under Nest's
 * ValidationPipe, which reports every failing constraint, as under the service, which stops at
 * the first.
 */
function Rules(...rules: FieldRule[]): PropertyDecorator {
  return (target, property) => {
    rules.forEach((rule, index) => {
      const before = rules.slice(0, index);
      ValidateBy({
        name: rule.name,
        ...(rule.constraints && { constraints: rule.constraints }),
        validator: {
          validate: (value: unknown) =>
            !before.every((earlier) => earlier.holds(value)) || rule.holds(value),
          defaultMessage: () => `$property ${rule.message}`,
        },
      })(target, property);
    });
  };
}

/** Present. `null` counts as present, so that it gets the type rule ("must be a string"). */
const REQUIRED: FieldRule = {
  name: 'isDefined',
  message: 'is required',
  holds: (value) => value !== undefined,
};
const IS_STRING: FieldRule = {
  name: 'isString',
  message: 'must be a string',
  holds: (value) => typeof value === 'string',
};
const NOT_EMPTY: FieldRule = {
  name: 'isNotEmpty',
  message: 'must not be empty',
  holds: (value) => value !== '',
};
const NOT_BLANK: FieldRule = {
  name: 'matches',
  message: 'must not be blank',
  holds: (value) => typeof value === 'string' && /\S/.test(value),
};
const IS_EMAIL: FieldRule = {
  name: 'isEmail',
  message: 'must be an email address',
  holds: (value) => typeof value === 'string' && isEmailAddress(value),
};
const IS_REQUEST_TYPE: FieldRule = {
  name: 'isIn',
  message: 'must be ASYNC or SYNC',
  holds: (value) => (REQUEST_TYPES as readonly unknown[]).includes(value),
  constraints: [REQUEST_TYPES],
};

/**
 * At most `max` characters as Marketing Cloud (.NET) counts them: UTF-16 code units, so an emoji
 * counts two. class-validator's MaxLength counts code points and would let longer values through.
 */
function maxUtf16Length(max: number): FieldRule {
  return {
    name: 'maxLength',
    message: `must be at most ${max} characters`,
    holds: (value) => typeof value === 'string' && value.length <= max,
    constraints: [max],
  };
}

/**
 * An object, not an array. Other non-objects (strings, numbers, `null`) are reported by the nested
 * validation itself, with the same message, so that each gets one message under ValidationPipe too.
 */
const IS_OBJECT: FieldRule = {
  name: 'isObject',
  message: 'must be an object',
  holds: (value) => !Array.isArray(value),
};
const NESTED_OBJECT = { message: '$property must be an object' };

/** Name/value pairs: names non-empty, values strings, numbers or booleans of at most 4000 characters. */
function IsSubscriberAttributes(): PropertyDecorator {
  return ValidateBy({
    name: 'isSubscriberAttributes',
    validator: {
      validate: (value: unknown) => subscriberAttributeProblems(value).length === 0,
      // Under ValidationPipe all problems share one message; the service lists one per attribute.
      defaultMessage: (args?: ValidationArguments) =>
        subscriberAttributeProblems(args?.value)
          .map((problem) =>
            problem.name === undefined
              ? `$property ${problem.message}`
              : `$property.${problem.name} ${problem.message}`,
          )
          .join('; '),
    },
  });
}

/**
 * Optional means absent: unlike @IsOptional, an explicit `null` is still validated (and refused),
 * so no `null` is ever sent to Marketing Cloud in place of a documented object or string.
 */
function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** The sender. Optional: the definition's own From applies when it is absent. */
export class TriggeredSendFrom {
  @Rules(IS_STRING, maxUtf16Length(MAX_EMAIL_LENGTH), IS_EMAIL)
  @Optional()
  Address?: string;

  @Rules(IS_STRING, maxUtf16Length(MAX_FROM_NAME_LENGTH))
  @Optional()
  Name?: string;
}

export class TriggeredSendContactAttributes {
  @IsSubscriberAttributes()
  @Optional()
  SubscriberAttributes?: Record<string, SubscriberAttributeValue>;
}

/** The recipient. */
export class TriggeredSendTo {
  @Rules(REQUIRED, IS_STRING, maxUtf16Length(MAX_EMAIL_LENGTH), IS_EMAIL)
  Address!: string;

  @Rules(REQUIRED, IS_STRING, NOT_EMPTY, NOT_BLANK, maxUtf16Length(MAX_SUBSCRIBER_KEY_LENGTH))
  SubscriberKey!: string;

  @ValidateNested(NESTED_OBJECT)
  @Type(() => TriggeredSendContactAttributes)
  @Rules(IS_OBJECT)
  @Optional()
  ContactAttributes?: TriggeredSendContactAttributes;
}

export class TriggeredSendOptions {
  /** `ASYNC` (the documented default) queues and answers at once; `SYNC` reports recipient errors in the answer. */
  @Rules(IS_REQUEST_TYPE)
  @Optional()
  RequestType?: RequestType;
}

/**
 * The body of `POST /messaging/v1/messageDefinitionSends/{id | key:CustomerKey}/send`, in the
 * documented wire shape, so Salesforce's own examples validate as they are. Used with Nest's
 * ValidationPipe, its messages name the full field path (`To.Address must be an email address`),
 * as the service's own validation does; the service also accepts property names in any case and
 * empty optional strings (see TriggeredSendRequestPipe), which a plain ValidationPipe refuses.
 */
export class TriggeredSendRequest {
  @ValidateNested(NESTED_OBJECT)
  @Type(() => TriggeredSendFrom)
  @Rules(IS_OBJECT)
  @Optional()
  From?: TriggeredSendFrom;

  @ValidateNested(NESTED_OBJECT)
  @Type(() => TriggeredSendTo)
  @Rules(REQUIRED, IS_OBJECT)
  To!: TriggeredSendTo;

  @ValidateNested(NESTED_OBJECT)
  @Type(() => TriggeredSendOptions)
  @Rules(IS_OBJECT)
  @Optional()
  Options?: TriggeredSendOptions;
}
