import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsWholeNumberIn } from './whole-number-rule.js';

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
  @IsWholeNumberIn({ name: 'retry.maxAttempts', min: 1, max: 10, minNote: '(1 turns retries off)' })
  maxAttempts?: number;

  @IsOptional()
  @IsWholeNumberIn({ name: 'retry.baseDelayMs', min: 0, max: 60_000, unit: 'milliseconds' })
  baseDelayMs?: number;

  @IsOptional()
  @IsWholeNumberIn({ name: 'retry.maxDelayMs', min: 0, max: 300_000, unit: 'milliseconds' })
  maxDelayMs?: number;

  @IsOptional()
  @IsWholeNumberIn({ name: 'retry.maxRetryAfterSeconds', min: 0, max: 3600, unit: 'seconds' })
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
  @IsWholeNumberIn({
    name: 'requestTimeoutMs',
    min: 100,
    max: 300_000,
    unit: 'milliseconds',
    minNote: 'ms',
    maxNote: 'ms (5 minutes)',
  })
  requestTimeoutMs?: number;

  @IsOptional()
  @IsWholeNumberIn({
    name: 'tokenRefreshMarginSeconds',
    min: 0,
    max: 900,
    unit: 'seconds',
    maxNote: '(15 minutes)',
  })
  tokenRefreshMarginSeconds?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => MarketingCloudRetryOptionsSchema)
  retry?: MarketingCloudRetryOptionsSchema;

  @IsOptional()
  @IsWholeNumberIn({ name: 'maxConcurrentRequests', min: 1, max: 1000 })
  maxConcurrentRequests?: number;

  @IsOptional()
  @IsWholeNumberIn({ name: 'maxQueuedRequests', min: 0, max: 1_000_000 })
  maxQueuedRequests?: number;

  @IsOptional()
  @IsWholeNumberIn({
    name: 'maxResponseBytes',
    min: 1024,
    max: 100 * 1024 * 1024,
    unit: 'bytes',
    maxNote: '(100 MiB)',
  })
  maxResponseBytes?: number;

  @IsOptional()
  @IsWholeNumberIn({
    name: 'shutdownGracePeriodMs',
    min: 0,
    max: 600_000,
    unit: 'milliseconds',
  })
  shutdownGracePeriodMs?: number;

  @IsOptional()
  @IsBoolean({ message: 'maskEmailsInLogs must be true or false.' })
  maskEmailsInLogs?: boolean;

  @IsOptional()
  @IsWholeNumberIn({
    name: 'batchSize',
    min: 1,
    max: 1000,
    unit: 'recipients per sendBatch request',
  })
  batchSize?: number;
}
