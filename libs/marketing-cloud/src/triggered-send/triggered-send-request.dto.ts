import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';

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

/** Name/value pairs: names non-empty, values strings, numbers or booleans of at most 4000 characters. */
function IsSubscriberAttributes(): PropertyDecorator {
  return ValidateBy({
    name: 'isSubscriberAttributes',
    validator: {
      validate: (value: unknown) => subscriberAttributeProblems(value).length === 0,
      defaultMessage: (args?: ValidationArguments) =>
        subscriberAttributeProblems(args?.value)
          .map((problem) =>
            problem.name === undefined ? problem.message : `.${problem.name} ${problem.message}`,
          )
          .join('; '),
    },
  });
}

/**
 * At most `max` characters as Marketing Cloud (.NET) counts them: UTF-16 code units, so an emoji
 * counts two. class-validator's MaxLength counts code points and would let longer values through.
 */
function MaxUtf16Length(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'maxLength',
    constraints: [max],
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.length <= max,
      defaultMessage: () => `must be at most ${max} characters`,
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

// class-validator checks a property's rules from the last decorator up; with stopAtFirstError the
// rules below are therefore listed most specific first, so the most basic failure is the one reported.

/** The sender. Optional: the definition's own From applies when it is absent. */
export class TriggeredSendFrom {
  @IsEmail({}, { message: 'must be an email address' })
  @MaxUtf16Length(MAX_EMAIL_LENGTH)
  @IsString({ message: 'must be a string' })
  @Optional()
  Address?: string;

  @MaxUtf16Length(MAX_FROM_NAME_LENGTH)
  @IsString({ message: 'must be a string' })
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
  @IsEmail({}, { message: 'must be an email address' })
  @MaxUtf16Length(MAX_EMAIL_LENGTH)
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  Address!: string;

  @MaxUtf16Length(MAX_SUBSCRIBER_KEY_LENGTH)
  @Matches(/\S/, { message: 'must not be blank' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  @IsDefined({ message: 'is required' })
  SubscriberKey!: string;

  @ValidateNested()
  @Type(() => TriggeredSendContactAttributes)
  @IsObject({ message: 'must be an object' })
  @Optional()
  ContactAttributes?: TriggeredSendContactAttributes;
}

export class TriggeredSendOptions {
  /** `ASYNC` (the documented default) queues and answers at once; `SYNC` reports recipient errors in the answer. */
  @IsIn(REQUEST_TYPES, { message: 'must be ASYNC or SYNC' })
  @Optional()
  RequestType?: RequestType;
}

/**
 * The body of `POST /messaging/v1/messageDefinitionSends/{id | key:CustomerKey}/send`, in the
 * documented wire shape, so Salesforce's own examples validate as they are.
 */
export class TriggeredSendRequest {
  @ValidateNested()
  @Type(() => TriggeredSendFrom)
  @IsObject({ message: 'must be an object' })
  @Optional()
  From?: TriggeredSendFrom;

  @ValidateNested()
  @Type(() => TriggeredSendTo)
  @IsObject({ message: 'must be an object' })
  @IsDefined({ message: 'is required' })
  To!: TriggeredSendTo;

  @ValidateNested()
  @Type(() => TriggeredSendOptions)
  @IsObject({ message: 'must be an object' })
  @Optional()
  Options?: TriggeredSendOptions;
}
