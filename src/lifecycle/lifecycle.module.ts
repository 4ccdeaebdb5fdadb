import { Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown.service.js';

@Module({ providers: [GracefulShutdown] })
export class LifecycleModule {}
