import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import fs from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { PinoLogger } from './common/logging/pino-logger.js';
import { setupApp } from './app.setup.js';
import { appConfig, type AppConfig } from './config/app.config.js';
import { assertValidConfig } from './app-config.module.js';
import { ConfigError } from './config/define-config.js';

/** A configuration mistake stops start-up with its message alone (one line per mistake, no stack). */
function exitOnConfigError(error: unknown): void {
  if (error instanceof ConfigError) {
    console.error(`crm-bridge cannot start: ${error.message}`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  // A local .env fills in what the environment does not set (it never overrides).
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  try {
    assertValidConfig(process.env);
  } catch (error) {
    exitOnConfigError(error);
    throw error;
  }
  // JSON lines on standard output, secrets redacted (LOG_LEVEL picks the most verbose level); in a
  // cluster each line names its worker.
  const logger = new PinoLogger({
    level: appConfig.read(process.env).logLevel,
    base: cluster.worker ? { worker: cluster.worker.id, pid: process.pid } : undefined,
  });
  // Whatever fails from here on is one more JSON line, never a bare stack trace.
  const die = (error: unknown): never => {
    exitOnConfigError(error);
    logger.fatal(error instanceof Error ? error : String(error), 'Process');
    process.exit(1);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  // A provider refused while binding (two on one platform) stops with its message, not a stack.
  const app = await NestFactory.create(AppModule.forEnv(process.env), {
    bodyParser: false,
    logger,
    abortOnError: false,
  }).catch(die);
  setupApp(app);
  const config = app.get<AppConfig>(appConfig.KEY);
  // Start-up checks of the bound providers (e.g. the manifest check) run here.
  await app.listen(config.port).catch(die);
  new Logger('Bootstrap').log(`crm-bridge listening on port ${config.port} (${config.publicUrl})`);
}

await bootstrap();
