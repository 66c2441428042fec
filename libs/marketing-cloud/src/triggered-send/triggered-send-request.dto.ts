import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateBy,
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

function attributeProblem(attributes: unknown): string | undefined {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    return 'must be an object of attribute names to values';
  }
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) return `must hold at most ${MAX_ATTRIBUTES} attributes`;
  for (const [name, value] of entries) {
    if (name.trim() === '' || name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
      return `must have attribute names of 1 to ${MAX_ATTRIBUTE_NAME_LENGTH} characters`;
    }
    const valid =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!valid) return `.${name} must be a string, a number or a boolean`;
    if (String(value).length > MAX_ATTRIBUTE_VALUE_LENGTH) {
      return `.${name} must be at most ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`;
    }
  }
  return undefined;
}

/** Name/value pairs: names non-empty, values strings, numbers or booleans of at most 4000 characters. */
function IsSubscriberAttributes(): PropertyDecorator {
  return ValidateBy({
    name: 'isSubscriberAttributes',
    validator: {
      validate: (value: unknown) => attributeProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => attributeProblem(args?.value) ?? '',
    },
  });
}

/** The sender. Optional: the definition's own From applies when it is absent. */
export class TriggeredSendFrom {
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(MAX_EMAIL_LENGTH, { message: `must be at most ${MAX_EMAIL_LENGTH} characters` })
  @IsEmail({}, { message: 'must be an email address' })
  Address?: string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(MAX_FROM_NAME_LENGTH, {
    message: `must be at most ${MAX_FROM_NAME_LENGTH} characters`,
  })
  Name?: string;
}

export class TriggeredSendContactAttributes {
  @IsOptional()
  @IsSubscriberAttributes()
  SubscriberAttributes?: Record<string, SubscriberAttributeValue>;
}

/** The recipient. */
export class TriggeredSendTo {
  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  @MaxLength(MAX_EMAIL_LENGTH, { message: `must be at most ${MAX_EMAIL_LENGTH} characters` })
  @IsEmail({}, { message: 'must be an email address' })
  Address!: string;

  @IsDefined({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  @Length(1, MAX_SUBSCRIBER_KEY_LENGTH, {
    message: `must be 1 to ${MAX_SUBSCRIBER_KEY_LENGTH} characters`,
  })
  SubscriberKey!: string;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => TriggeredSendContactAttributes)
  ContactAttributes?: TriggeredSendContactAttributes;
}

export class TriggeredSendOptions {
  /** `ASYNC` (the documented default) queues and answers at once; `SYNC` reports recipient errors in the answer. */
  @IsOptional()
  @IsIn(REQUEST_TYPES, { message: 'must be ASYNC or SYNC' })
  RequestType?: RequestType;
}

/**
 * The body of `POST /messaging/v1/messageDefinitionSends/{id | key:CustomerKey}/send`, in the
 * documented wire shape, so Salesforce's own examples validate as they are.
 */
export class TriggeredSendRequest {
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => TriggeredSendFrom)
  From?: TriggeredSendFrom;

  @IsDefined({ message: 'is required' })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => TriggeredSendTo)
  To!: TriggeredSendTo;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => TriggeredSendOptions)
  Options?: TriggeredSendOptions;
}
