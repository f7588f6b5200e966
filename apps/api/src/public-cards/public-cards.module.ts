import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { CardRateLimiter } from './card-rate-limiter.js';
import { CARD_RATE_LIMITER, PublicCardPageController, PublicCardsController } from './public-cards.controller.js';
import { PublicCardsService } from './public-cards.service.js';

@Module({
  imports: [ClaimsModule],
  controllers: [PublicCardsController, PublicCardPageController],
  providers: [
    PublicCardsService,
    {
      provide: CARD_RATE_LIMITER,
      inject: [THRESHOLD_CONFIG],
      useFactory: (config: ThresholdConfig) => new CardRateLimiter(config.publicCardRequestsPerMinute),
    },
  ],
})
export class PublicCardsModule {}
