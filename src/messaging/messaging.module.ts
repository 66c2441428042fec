import { Module } from '@nestjs/common';
import {
  BusinessUnitSendsController,
  MessageDefinitionSendsController,
} from './message-definition-sends.controller.js';

@Module({ controllers: [MessageDefinitionSendsController, BusinessUnitSendsController] })
export class MessagingModule {}
