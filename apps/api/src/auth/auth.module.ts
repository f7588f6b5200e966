import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { loadOrCreateSecret } from '../config/secrets.js';
import { UsersModule } from '../users/users.module.js';
import { ADMIN_TOKEN, type AdminToken } from './admin-token.js';
import { AnonymousRateLimit } from './anonymous-rate-limit.js';
import { AuthController } from './auth.controller.js';
import { BearerTokenGuard } from './bearer-token.guard.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { SessionTokens } from './session-tokens.service.js';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [
    {
      provide: ADMIN_TOKEN,
      inject: [THRESHOLD_CONFIG],
      useFactory: async (config: ThresholdConfig): Promise<AdminToken> => {
        if (config.adminToken !== undefined) return { value: config.adminToken, generated: false };
        const stored = await loadOrCreateSecret(config.dataDir, 'admin-token');
        return { value: stored.value, generated: stored.created };
      },
    },
    SessionTokens,
    LoginRateLimiter,
    AnonymousRateLimit,
    { provide: APP_GUARD, useClass: BearerTokenGuard },
  ],
  exports: [ADMIN_TOKEN, SessionTokens],
})
export class AuthModule {}
