import {
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

/** The documented subdomain: "a 28-character string that begins with the letters mc". */
export const SUBDOMAIN_PATTERN = /^mc[a-z0-9-]{26}$/;

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
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
}
