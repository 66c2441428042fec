import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/** The documented subdomain: "a 28-character string that begins with the letters mc". */
export const SUBDOMAIN_PATTERN = /^mc[a-z0-9-]{26}$/;

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** True for a URL whose host is loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(value: string): boolean {
  return URL.canParse(value) && isLoopbackHost(new URL(value).hostname);
}

/** An absolute http(s) URL; plain http only to a loopback host, so credentials never cross a network in clear. */
export function isAllowedAuthBaseUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.search || url.hash || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

function IsAuthBaseUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isAuthBaseUrl', validator: { validate: isAllowedAuthBaseUrl } },
    options,
  );
}

/** A MID: a positive integer, as a number or a string of digits (the documented example sends a string). */
function IsAccountId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAccountId',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) ||
          (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)),
      },
    },
    options,
  );
}

/** The rules of the `retry` option. */
export class MarketingCloudRetryOptionsSchema {
  @IsOptional()
  @IsInt({ message: 'retry.maxAttempts must be a whole number.' })
  @Min(1, { message: 'retry.maxAttempts must be at least 1 (1 turns retries off).' })
  @Max(10, { message: 'retry.maxAttempts must be at most 10.' })
  maxAttempts?: number;

  @IsOptional()
  @IsInt({ message: 'retry.baseDelayMs must be a whole number of milliseconds.' })
  @Min(0, { message: 'retry.baseDelayMs must be 0 or more.' })
  @Max(60_000, { message: 'retry.baseDelayMs must be at most 60000.' })
  baseDelayMs?: number;

  @IsOptional()
  @IsInt({ message: 'retry.maxDelayMs must be a whole number of milliseconds.' })
  @Min(0, { message: 'retry.maxDelayMs must be 0 or more.' })
  @Max(300_000, { message: 'retry.maxDelayMs must be at most 300000.' })
  maxDelayMs?: number;

  @IsOptional()
  @IsInt({ message: 'retry.maxRetryAfterSeconds must be a whole number of seconds.' })
  @Min(0, { message: 'retry.maxRetryAfterSeconds must be 0 or more.' })
  @Max(3600, { message: 'retry.maxRetryAfterSeconds must be at most 3600.' })
  maxRetryAfterSeconds?: number;

  @IsOptional()
  @IsBoolean({ message: 'retry.unsafeRetryAmbiguousFailures must be true or false.' })
  unsafeRetryAmbiguousFailures?: boolean;
}

/**
 * The rules for each option, as class-validator metadata. Messages say how to fix the value and
 * never repeat it (it could be the secret).
 */
export class MarketingCloudOptionsSchema {
  @IsOptional()
  @Matches(SUBDOMAIN_PATTERN, {
    message:
      'subdomain must be the 28-character tenant subdomain that begins with "mc" (lower-case letters, digits, hyphens), as in https://{subdomain}.auth.marketingcloudapis.com/. Copy it from the Authentication Base URI of your installed package.',
  })
  subdomain?: string;

  @IsOptional()
  @IsAuthBaseUrl({
    message:
      'authBaseUrl must be an absolute https URL without query or credentials, such as https://{subdomain}.auth.marketingcloudapis.com/ (plain http is allowed only for a loopback host such as 127.0.0.1).',
  })
  authBaseUrl?: string;

  @IsString({ message: 'clientId must be a string: the Client Id of your installed package.' })
  @IsNotEmpty({ message: 'clientId is required: the Client Id of your installed package.' })
  clientId!: string;

  @IsString({
    message: 'clientSecret must be a string: the Client Secret of your installed package.',
  })
  @IsNotEmpty({ message: 'clientSecret is required: the Client Secret of your installed package.' })
  clientSecret!: string;

  @IsOptional()
  @IsAccountId({
    message:
      'accountId must be the MID of a business unit: a positive integer, as a number or digits.',
  })
  accountId?: number | string;

  @IsOptional()
  @IsString({ message: 'scope must be a space-separated string of scopes, such as "email_send".' })
  scope?: string;

  @IsOptional()
  @IsInt({ message: 'requestTimeoutMs must be a whole number of milliseconds.' })
  @Min(100, { message: 'requestTimeoutMs must be at least 100 ms.' })
  @Max(300_000, { message: 'requestTimeoutMs must be at most 300000 ms (5 minutes).' })
  requestTimeoutMs?: number;

  @IsOptional()
  @IsInt({ message: 'tokenRefreshMarginSeconds must be a whole number of seconds.' })
  @Min(0, { message: 'tokenRefreshMarginSeconds must be 0 or more.' })
  @Max(900, { message: 'tokenRefreshMarginSeconds must be at most 900 (15 minutes).' })
  tokenRefreshMarginSeconds?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => MarketingCloudRetryOptionsSchema)
  retry?: MarketingCloudRetryOptionsSchema;

  @IsOptional()
  @IsInt({ message: 'maxConcurrentRequests must be a whole number.' })
  @Min(1, { message: 'maxConcurrentRequests must be at least 1.' })
  @Max(1000, { message: 'maxConcurrentRequests must be at most 1000.' })
  maxConcurrentRequests?: number;

  @IsOptional()
  @IsInt({ message: 'shutdownGracePeriodMs must be a whole number of milliseconds.' })
  @Min(0, { message: 'shutdownGracePeriodMs must be 0 or more.' })
  @Max(600_000, { message: 'shutdownGracePeriodMs must be at most 600000.' })
  shutdownGracePeriodMs?: number;

  @IsOptional()
  @IsBoolean({ message: 'maskEmailsInLogs must be true or false.' })
  maskEmailsInLogs?: boolean;

  @IsOptional()
  @IsInt({ message: 'batchSize must be a whole number of recipients per sendBatch request.' })
  @Min(1, { message: 'batchSize must be at least 1.' })
  @Max(1000, { message: 'batchSize must be at most 1000.' })
  batchSize?: number;
}
