import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../config/redis.config.js';
import type { RedisConnection } from './redis-connection.js';

/** A per-instance cache that other instances can invalidate. */
export interface InvalidationListener {
  invalidate(key: string): void;
  reset(): void;
}

export const HEARTBEAT_MS = 1000;
const MAX_UNSENT = 10_000;

/** Invalidation over Redis pub/sub, which forgets undelivered messages: caches serve if `live`. */
export class InvalidationBus implements OnApplicationShutdown {
  private readonly logger = new Logger('InvalidationBus');
  private readonly listeners = new Map<string, InvalidationListener>();
  private readonly unsent = new Set<string>();
  private subscribed = false;
  private subscribing?: Promise<void>;
  private beating = false;
  private heartbeat?: NodeJS.Timeout;

  private constructor(
    private readonly publisher: Redis | undefined,
    private readonly subscriber: Redis | undefined,
    private readonly channel: string,
  ) {}

  static async open(config: RedisConfig, connection: RedisConnection): Promise<InvalidationBus> {
    const publisher = connection.client;
    if (!publisher) return new InvalidationBus(undefined, undefined, '');
    const subscriber = publisher.duplicate({ autoResubscribe: false, lazyConnect: true });
    const bus = new InvalidationBus(publisher, subscriber, `${config.keyPrefix}invalidate`);
    await bus.start();
    return bus;
  }

  get live(): boolean {
    return !this.subscriber || this.subscribed;
  }

  listen(topic: string, listener: InvalidationListener): void {
    if (topic.includes('\n')) throw new Error('an invalidation topic cannot contain a newline');
    this.listeners.set(topic, listener);
  }

  /** Tells every instance, this one first, that `key` changed; never rejects. */
  async publish(topic: string, key: string): Promise<void> {
    this.listeners.get(topic)?.invalidate(key);
    if (this.publisher) await this.send(`${topic}\n${key}`);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    this.publisher?.off('ready', this.resend);
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  private async start(): Promise<void> {
    const subscriber = this.subscriber!;
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    subscriber.on('ready', () => void this.subscribe());
    subscriber.on('close', () => this.down());
    subscriber.on('error', () => undefined);
    this.publisher!.on('ready', this.resend);
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    await subscriber.connect().then(
      () => this.subscribe(),
      (error: Error) =>
        this.logger.warn(
          `Redis is not answering (${error.message}); user caches stay off until it does`,
        ),
    );
  }

  private subscribe(): Promise<void> {
    this.subscribing ??= this.subscriber!.subscribe(this.channel).then(
      () => {
        this.subscribing = undefined;
        this.subscribed = true;
        this.resetAll();
      },
      () => (this.subscribing = undefined),
    );
    return this.subscribing;
  }

  private down(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    this.logger.warn('Lost the Redis subscription: user caches are off until it is back');
    this.resetAll();
  }

  private async beat(): Promise<void> {
    if (!this.subscribed || this.beating) return;
    this.beating = true;
    try {
      await this.subscriber!.ping();
    } catch {
      if (!this.subscribed) return;
      this.down();
      this.subscriber!.disconnect(true);
    } finally {
      this.beating = false;
    }
  }

  private receive(message: string): void {
    const split = message.indexOf('\n');
    if (split < 0) return;
    this.listeners.get(message.slice(0, split))?.invalidate(message.slice(split + 1));
  }

  private resetAll(): void {
    for (const listener of this.listeners.values()) listener.reset();
  }

  private async send(message: string): Promise<void> {
    try {
      await this.publisher!.publish(this.channel, message);
      this.unsent.delete(message);
    } catch (error) {
      if (this.unsent.size < MAX_UNSENT) this.unsent.add(message);
      this.logger.warn(
        `Could not publish a cache invalidation (${(error as Error).message}); sending it again when Redis is back`,
      );
    }
  }

  private readonly resend = () => {
    for (const message of [...this.unsent]) void this.send(message);
  };
}
