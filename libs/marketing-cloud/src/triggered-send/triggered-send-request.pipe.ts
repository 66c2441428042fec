import { Injectable, type PipeTransform } from '@nestjs/common';
import type { TriggeredSendRequest } from './triggered-send-request.dto.js';
import { validateSendRequest } from './validate-send-request.js';

/**
 * `@Body(TriggeredSendRequestPipe) body: TriggeredSendRequest`: the service's own validation for a
 * controller, where Nest's ValidationPipe cannot apply it (ValidationPipe refuses `OPTIONS` and
 * `From.Address: ""`, which the service accepts and normalises). Throws a
 * MarketingCloudValidationError: register MarketingCloudExceptionFilter to answer it with a 400.
 */
@Injectable()
export class TriggeredSendRequestPipe implements PipeTransform<unknown, TriggeredSendRequest> {
  transform(value: unknown): TriggeredSendRequest {
    return validateSendRequest(value);
  }
}
