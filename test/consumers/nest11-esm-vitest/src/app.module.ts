import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { MarketingCloudModule } from 'nestjs-marketing-cloud';
import { WelcomeMailService } from './welcome-mail.service.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    MarketingCloudModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        authBaseUrl: config.getOrThrow<string>('MC_AUTH_BASE_URL'),
        clientId: config.getOrThrow<string>('MC_CLIENT_ID'),
        clientSecret: config.getOrThrow<string>('MC_CLIENT_SECRET'),
      }),
    }),
  ],
  providers: [WelcomeMailService],
})
export class AppModule {}
