import { Inject } from '@nestjs/common';
import {
  getMarketingCloudHttpClientToken,
  getTriggeredSendServiceToken,
} from './instance-tokens.constants.js';

/** Injects the TriggeredSendService of the instance registered with `forRoot({ name })`. */
export const InjectTriggeredSendService = (name?: string): ReturnType<typeof Inject> =>
  Inject(getTriggeredSendServiceToken(name));

/** Injects the MarketingCloudHttpClient of the instance registered with `forRoot({ name })`. */
export const InjectMarketingCloudHttpClient = (name?: string): ReturnType<typeof Inject> =>
  Inject(getMarketingCloudHttpClientToken(name));
