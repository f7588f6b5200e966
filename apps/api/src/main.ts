/**
 * `npm start`: the API and the dashboard on one port, on the embedded database unless
 * DATABASE_URL names a server.
 */
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ADMIN_TOKEN, type AdminToken } from './auth/admin-token.js';
import { loadConfig } from './config/configuration.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const logger = new Logger('Threshold');
  logger.log(`listening on ${url} (API under /api, OpenAPI at /api/docs)`);
  const token = app.get<AdminToken>(ADMIN_TOKEN);
  if (token.generated) {
    // Printed once, at the first start; it is kept in the data directory (admin-token).
    process.stdout.write(
      `\nThreshold is ready. Open ${url}/#token=${token.value}\nAdmin token (kept in ${config.dataDir}/admin-token): ${token.value}\n\n`,
    );
  }
}

bootstrap().catch((error: unknown) => {
  console.error(`threshold: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
