import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/** A decorator's value for a route (method over class), read once per route: it is fixed at start. */
export class RouteMetadata<T> {
  private readonly byClass = new WeakMap<object, WeakMap<object, { value: T | undefined }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
  ) {}

  of(context: ExecutionContext): T | undefined {
    const handler = context.getHandler();
    const cls = context.getClass();
    let byHandler = this.byClass.get(cls);
    if (!byHandler) this.byClass.set(cls, (byHandler = new WeakMap()));
    let found = byHandler.get(handler);
    if (!found) {
      found = { value: this.reflector.getAllAndOverride<T>(this.key, [handler, cls]) };
      byHandler.set(handler, found);
    }
    return found.value;
  }
}
