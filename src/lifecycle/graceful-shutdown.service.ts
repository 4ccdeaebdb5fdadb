import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { shutdownConfig, type ShutdownConfig } from '../config/shutdown.config.js';

/** Drains requests before the pools close; `server.close()` alone waits on busy keep-alives. */
@Injectable()
export class GracefulShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<ServerResponse>();
  private handlers = 0;
  private closing = false;
  private drained?: () => void;
  private readonly track: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(shutdownConfig.KEY) private readonly config: ShutdownConfig,
  ) {
    const inFlight = this.inFlight;
    const untrack = (res: ServerResponse) => {
      inFlight.delete(res);
      if (this.idle()) this.drained?.();
    };
    function onClose(this: ServerResponse): void {
      untrack(this);
    }
    this.track = (_req, res) => {
      if (this.closing) res.setHeader('connection', 'close');
      inFlight.add(res);
      res.on('close', onClose);
    };
    // Routes are added after providers are built, so every handler registered is counted; a
    // handler may outlive its response (the client hung up) and still write to the database.
    const fastify = adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onRoute', (route: RouteOptions) => {
      route.handler = this.counted(route.handler);
    });
  }

  private counted(handler: RouteOptions['handler']): RouteOptions['handler'] {
    const started = () => {
      this.handlers += 1;
    };
    const ended = () => {
      this.handlers -= 1;
      if (this.idle()) this.drained?.();
    };
    return function (this: FastifyInstance, req, reply) {
      started();
      let result: unknown;
      try {
        result = handler.call(this, req, reply);
      } catch (error) {
        ended();
        throw error;
      }
      if (result instanceof Promise) return result.finally(ended);
      ended();
      return result;
    };
  }

  private idle(): boolean {
    return this.inFlight.size === 0 && this.handlers === 0;
  }

  onApplicationBootstrap(): void {
    // Before Fastify's listener, so a response cannot finish before it is tracked.
    this.server()?.prependListener('request', this.track);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server();
    if (!server || this.closing) return;
    this.closing = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (!this.idle()) {
      this.logger.log(
        `Stopping: waiting for ${Math.max(this.inFlight.size, this.handlers)} request(s) in flight`,
      );
      const left = await this.drain(this.config.graceMs);
      if (left > 0) {
        this.logger.warn(
          `Stopping: ${left} request(s) still running after ${this.config.graceMs} ms; closing their connections`,
        );
      }
    }
    server.closeAllConnections();
    await closed;
    server.removeListener('request', this.track);
  }

  private drain(graceMs: number): Promise<number> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), graceMs);
      const finish = () => {
        clearTimeout(timer);
        this.drained = undefined;
        resolve(Math.max(this.inFlight.size, this.handlers));
      };
      this.drained = finish;
      if (this.idle()) finish();
    });
  }

  private server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }
}
