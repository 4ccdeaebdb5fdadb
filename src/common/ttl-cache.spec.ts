import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  let now = 0;
  const cache = () => new TtlCache<string>(3, { now: () => now });

  beforeEach(() => {
    now = 1_000;
  });

  it('returns a value until its TTL has passed', () => {
    const c = cache();
    c.set('a', 'A', 100);
    now += 99;
    expect(c.get('a')).toBe('A');
    now += 1;
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its size', () => {
    const c = cache();
    c.set('a', 'A', 1000);
    c.set('b', 'B', 1000);
    c.set('c', 'C', 1000);
    c.get('a');
    c.set('d', 'D', 1000);
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a'), c.get('c'), c.get('d')]).toEqual(['A', 'C', 'D']);
  });

  it('stores nothing with a zero TTL or size (caching switched off)', () => {
    const c = cache();
    c.set('a', 'A', 0);
    expect(c.get('a')).toBeUndefined();
    const off = new TtlCache<string>(0, { now: () => now });
    off.set('a', 'A', 1000);
    expect(off.get('a')).toBeUndefined();
  });

  it('deletes by key and by prefix', () => {
    const c = cache();
    c.set('t1|u1|x', '1', 1000);
    c.set('t1|u2|x', '2', 1000);
    c.set('t2|u1|x', '3', 1000);
    c.deletePrefix('t1|');
    expect([c.get('t1|u1|x'), c.get('t1|u2|x'), c.get('t2|u1|x')]).toEqual([
      undefined,
      undefined,
      '3',
    ]);
    c.delete('t2|u1|x');
    expect(c.size).toBe(0);
  });

  it('tells its lookup hook about every hit and miss, expired entries as misses', () => {
    const lookups: boolean[] = [];
    const c = new TtlCache<string>(3, { now: () => now, onLookup: (hit) => lookups.push(hit) });
    c.get('a');
    c.set('a', 'A', 100);
    c.get('a');
    now += 100;
    c.get('a');
    expect(lookups).toEqual([false, true, false]);
  });
});
