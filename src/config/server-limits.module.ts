import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  SERVER_LIMIT_ENV_VARIABLES,
  ServerLimits,
  serverLimitsFrom,
  type ServerLimitsEnv,
} from './server-limits.js';

/** Reads and validates the HTTP_* variables when the app is created: a bad value stops the start-up. */
@Module({
  providers: [
    {
      provide: ServerLimits,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ServerLimitsEnv>): ServerLimits => {
        const env: ServerLimitsEnv = {};
        for (const name of SERVER_LIMIT_ENV_VARIABLES)
          env[name] = config.get(name, { infer: true });
        return serverLimitsFrom(env);
      },
    },
  ],
  exports: [ServerLimits],
})
export class ServerLimitsModule {}
