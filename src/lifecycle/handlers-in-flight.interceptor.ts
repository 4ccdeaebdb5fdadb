import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { GracefulShutdown } from './graceful-shutdown.service.js';

@Injectable()
export class HandlersInFlightInterceptor implements NestInterceptor {
  constructor(private readonly shutdown: GracefulShutdown) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.shutdown.handlerStarted();
    return next.handle().pipe(finalize(() => this.shutdown.handlerEnded()));
  }
}
