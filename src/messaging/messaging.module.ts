import { Module } from '@nestjs/common';
import { MessageDefinitionSendsController } from './message-definition-sends.controller.js';

@Module({ controllers: [MessageDefinitionSendsController] })
export class MessagingModule {}
