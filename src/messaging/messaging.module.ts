import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RefusedBodyGuard } from './bounded-json-body.js';
import { MessageDefinitionSendsController } from './message-definition-sends.controller.js';

@Module({
  controllers: [MessageDefinitionSendsController],
  providers: [{ provide: APP_GUARD, useClass: RefusedBodyGuard }],
})
export class MessagingModule {}
