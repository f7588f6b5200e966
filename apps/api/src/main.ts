/**
 * `npm start`: the API and the dashboard on one port, on the embedded database unless
 * DATABASE_URL names a server. The logs go to a file (logging/server-logger.ts): what the terminal
 * shows last is the address to open.
 */
import { relative } from 'node:path';
import { createApp } from './app.factory.js';
import { ADMIN_TOKEN, type AdminToken } from './auth/admin-token.js';
import { loadConfig } from './config/configuration.js';
import { recordServerAddress } from './database/server-address.js';
import { loadLogSettings, ServerLogger } from './logging/server-logger.js';

/** A path as the person who started the server would type it (relative to where they are). */
function shown(path: string): string {
  const near = relative(process.cwd(), path);
  return near.startsWith('..') || near === '' ? path : near;
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new ServerLogger(loadLogSettings(config.dataDir));
  process.stdout.write(`Threshold is starting; its log is ${shown(logger.settings.file)}\n`);
  // What scripts/start/start.ts did before (builds, a new embedded database), for the log.
  if (process.env.THRESHOLD_START_STEPS) logger.log(process.env.THRESHOLD_START_STEPS, 'Start');
  const app = await createApp(config, { logger });
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  // On the embedded database, `outcomes backup` finds this server here (database/server-address.ts).
  if (config.databaseUrl === undefined) await recordServerAddress(config.dataDir, `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`);
  logger.log(`listening on ${url} (API under /api, OpenAPI at /api/docs)`, 'Threshold');
  const token = app.get<AdminToken>(ADMIN_TOKEN);
  const tokenFile = shown(`${config.dataDir}/admin-token`);
  // Since this process started (npm start builds in this same process first).
  const ready = `Threshold is ready (${(performance.now() / 1000).toFixed(1)} s).`;
  // The last line is the address to open. With a new token (the first start) it signs the admin in;
  // the token is printed only then, and kept in the data directory.
  process.stdout.write(
    token.generated
      ? `Admin token (kept in ${tokenFile}): ${token.value}\n${ready} Open ${url}/#token=${token.value}\n`
      : `${ready} Open ${url}/ (sign in with your email and password, or the admin token in ${tokenFile})\n`,
  );
}

bootstrap().catch((error: unknown) => {
  console.error(`threshold: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
