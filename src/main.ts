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

function exitOnConfigError(error: unknown): void {
  if (error instanceof ConfigError) {
    console.error(`crm-bridge cannot start: ${error.message}`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  try {
    assertValidConfig(process.env);
  } catch (error) {
    exitOnConfigError(error);
    throw error;
  }
  const logger = new PinoLogger({
    level: appConfig.read(process.env).logLevel,
    base: cluster.worker ? { worker: cluster.worker.id, pid: process.pid } : undefined,
  });
  const die = (error: unknown): never => {
    exitOnConfigError(error);
    logger.fatal(error instanceof Error ? error : String(error), 'Process');
    process.exit(1);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  const app = await NestFactory.create(AppModule.forEnv(process.env), {
    bodyParser: false,
    logger,
    abortOnError: false,
  }).catch(die);
  await setupApp(app);
  const config = app.get<AppConfig>(appConfig.KEY);
  await app.listen(config.port).catch(die);
  new Logger('Bootstrap').log(`crm-bridge listening on port ${config.port} (${config.publicUrl})`);
}

await bootstrap();
