import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { GracefulShutdown } from './graceful-shutdown.service.js';
import { HandlersInFlightInterceptor } from './handlers-in-flight.interceptor.js';

@Module({
  providers: [
    GracefulShutdown,
    { provide: APP_INTERCEPTOR, useClass: HandlersInFlightInterceptor },
  ],
})
export class LifecycleModule {}
