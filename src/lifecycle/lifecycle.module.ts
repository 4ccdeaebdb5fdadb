import { Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown.service.js';

/** Process lifecycle: graceful shutdown of the HTTP server before the connection pools close. */
@Module({ providers: [GracefulShutdown] })
export class LifecycleModule {}
