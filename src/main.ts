import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import fs from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { PinoLogger } from './common/logging/pino-logger.js';
import { createHttpAdapter, setupApp } from './app.setup.js';
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
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forEnv(process.env),
    createHttpAdapter(process.env),
    { bodyParser: false, logger, abortOnError: false },
  ).catch(die);
  await setupApp(app);
  const config = app.get<AppConfig>(appConfig.KEY);
  // Every interface, as Node's own listen(port) does (Fastify alone would bind localhost only).
  await app
    .listen(config.port, '::')
    .catch((error: NodeJS.ErrnoException) =>
      error.code === 'EAFNOSUPPORT' ? app.listen(config.port, '0.0.0.0') : Promise.reject(error),
    )
    .catch(die);
  new Logger('Bootstrap').log(`crm-bridge listening on port ${config.port} (${config.publicUrl})`);
}

await bootstrap();
