import { jest } from '@jest/globals';
import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadata } from './route-metadata.js';

const FLAG = 'test:flag';

@SetMetadata(FLAG, 'class')
class Marked {
  plain(): void {}

  @SetMetadata(FLAG, 'method')
  own(): void {}
}

class Unmarked {
  plain(): void {}
}

const route = (cls: object, handler: () => void) =>
  ({ getClass: () => cls, getHandler: () => handler }) as unknown as ExecutionContext;

describe('RouteMetadata', () => {
  it('reads the method value over the class value, and nothing when neither has one', () => {
    const flag = new RouteMetadata<string>(new Reflector(), FLAG);
    expect(flag.of(route(Marked, Marked.prototype.own))).toBe('method');
    expect(flag.of(route(Marked, Marked.prototype.plain))).toBe('class');
    expect(flag.of(route(Unmarked, Unmarked.prototype.plain))).toBeUndefined();
  });

  it('reads each route once, and keeps the same handler apart under another class', () => {
    const reflector = new Reflector();
    const read = jest.spyOn(reflector, 'getAllAndOverride');
    const flag = new RouteMetadata<string>(reflector, FLAG);
    for (let i = 0; i < 3; i += 1) {
      expect(flag.of(route(Marked, Marked.prototype.plain))).toBe('class');
      expect(flag.of(route(Unmarked, Marked.prototype.plain))).toBeUndefined();
    }
    expect(read).toHaveBeenCalledTimes(2);
  });
});
