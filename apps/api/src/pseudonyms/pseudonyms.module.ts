import { Global, Module } from '@nestjs/common';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../config/configuration.js';
import { loadOrCreateSecret } from '../config/secrets.js';
import { Pseudonymizer } from './pseudonymizer.js';

/** The deployment's keyed-hash secret: THRESHOLD_PSEUDONYM_KEY, or one generated and kept in the data directory. */
@Global()
@Module({
  providers: [
    {
      provide: Pseudonymizer,
      inject: [THRESHOLD_CONFIG],
      useFactory: async (config: ThresholdConfig) =>
        new Pseudonymizer(config.pseudonymKey ?? (await loadOrCreateSecret(config.dataDir, 'pseudonym-key')).value),
    },
  ],
  exports: [Pseudonymizer],
})
export class PseudonymsModule {}
