import { Logger } from '@nestjs/common';
import cluster, { type Worker } from 'node:cluster';
import fs from 'node:fs';
import { PinoLogger } from '../common/logging/pino-logger.js';
import { appConfig } from '../config/app.config.js';
import { clusterConfig } from '../config/cluster.config.js';
import { assertValidConfig } from '../app-config.module.js';
import { ConfigError, type Env } from '../config/define-config.js';
import { shutdownConfig } from '../config/shutdown.config.js';
import { RespawnBackoff } from './respawn-backoff.js';

const KILL_AFTER_GRACE_MS = 5000;

interface Slot {
  worker?: Worker;
  startedAt: number;
  backoff: RespawnBackoff;
  respawn?: NodeJS.Timeout;
}

/** The cluster's primary: forks, replaces and stops the workers (docs/operations.md). */
export async function runPrimary(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const env: Env = process.env;
  try {
    // Before any worker, so development secrets are generated once, not by racing workers.
    assertValidConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`crm-bridge cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  Logger.overrideLogger(new PinoLogger({ level: appConfig.read(env).logLevel }));
  const logger = new Logger('Cluster');
  const { workers: count } = clusterConfig.read(env);
  const { graceMs } = shutdownConfig.read(env);

  const slots: Slot[] = Array.from({ length: count }, () => ({
    startedAt: 0,
    backoff: new RespawnBackoff(),
  }));
  let stopping = false;
  let failedExits = 0;

  const start = (slot: Slot) => {
    slot.respawn = undefined;
    slot.startedAt = Date.now();
    const worker = cluster.fork();
    slot.worker = worker;
    const pid = worker.process.pid;
    worker.once('listening', () => logger.log(`Worker ${pid} is listening`));
    worker.once('exit', (code, signal) => {
      slot.worker = undefined;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (stopping) {
        if (code !== 0) failedExits += 1;
        logger.log(`Worker ${pid} stopped (${how})`);
        finishIfDone();
        return;
      }
      const delay = slot.backoff.next(Date.now() - slot.startedAt);
      logger.warn(`Worker ${pid} exited (${how}); starting a new one in ${delay} ms`);
      slot.respawn = setTimeout(() => start(slot), delay);
    });
  };

  const finishIfDone = () => {
    if (slots.some((slot) => slot.worker)) return;
    logger.log('All workers stopped');
    process.exit(failedExits === 0 ? 0 : 1);
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping ${slots.filter((s) => s.worker).length} worker(s)`);
    for (const slot of slots) {
      clearTimeout(slot.respawn);
      slot.worker?.process.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const slot of slots) {
        if (!slot.worker) continue;
        logger.warn(`Worker ${slot.worker.process.pid} did not stop in time; killing it`);
        slot.worker.process.kill('SIGKILL');
      }
    }, graceMs + KILL_AFTER_GRACE_MS).unref();
    finishIfDone();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  logger.log(`Primary ${process.pid} starting ${count} worker(s)`);
  for (const slot of slots) start(slot);
}
