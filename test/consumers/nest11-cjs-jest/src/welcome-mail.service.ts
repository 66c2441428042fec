import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  TriggeredSendDefinition,
  TriggeredSendService,
  type TriggeredSendRequest,
  type TriggeredSendResult,
} from 'nestjs-marketing-cloud';

/** The app's own service: sends Salesforce's documented example through TriggeredSendService. */
@Injectable()
export class WelcomeMailService {
  constructor(
    private readonly sends: TriggeredSendService,
    private readonly config: ConfigService,
  ) {}

  sendWelcome(address: string): Promise<TriggeredSendResult> {
    const request: TriggeredSendRequest = {
      From: { Address: 'code@exacttarget.com', Name: 'Code@' },
      To: {
        Address: address,
        SubscriberKey: address,
        ContactAttributes: {
          SubscriberAttributes: { Region: 'West', City: 'Indianapolis', State: 'IN' },
        },
      },
      Options: { RequestType: 'ASYNC' },
    };
    const key = this.config.getOrThrow<string>('WELCOME_DEFINITION_KEY');
    return this.sends.send(TriggeredSendDefinition.key(key), request);
  }
}
