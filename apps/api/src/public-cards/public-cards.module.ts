import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { PublicCardPageController, PublicCardsController } from './public-cards.controller.js';
import { PublicCardsService } from './public-cards.service.js';

@Module({
  imports: [ClaimsModule],
  controllers: [PublicCardsController, PublicCardPageController],
  providers: [PublicCardsService],
})
export class PublicCardsModule {}
