import { findMatchingPattern, matchesHostPattern, parseHostPattern } from './host-pattern.js';

const url = (text: string) => new URL(text);

describe('host patterns (provider allowedHosts)', () => {
  it('matches an exact host on the default port only, unless a port is declared', () => {
    const exact = parseHostPattern('CRM.Example.com');
    expect(matchesHostPattern(url('https://crm.example.com/api'), exact)).toBe(true);
    expect(matchesHostPattern(url('https://crm.example.com:443/api'), exact)).toBe(true);
    expect(matchesHostPattern(url('https://crm.example.com:8443/api'), exact)).toBe(false);
    expect(matchesHostPattern(url('https://evil-crm.example.com/'), exact)).toBe(false);
    expect(matchesHostPattern(url('https://crm.example.com.evil.test/'), exact)).toBe(false);
    const withPort = parseHostPattern('127.0.0.1:3100');
    expect(matchesHostPattern(url('http://127.0.0.1:3100/api'), withPort)).toBe(true);
    expect(matchesHostPattern(url('http://127.0.0.1:3101/api'), withPort)).toBe(false);
    expect(matchesHostPattern(url('http://127.0.0.1/api'), withPort)).toBe(false);
    const v6 = parseHostPattern('[::1]:3100');
    expect(matchesHostPattern(url('http://[::1]:3100/'), v6)).toBe(true);
  });

  it('matches a wildcard on subdomains at any depth, never the bare domain or look-alikes', () => {
    const wildcard = parseHostPattern('*.example.com');
    expect(matchesHostPattern(url('https://acme.example.com/'), wildcard)).toBe(true);
    expect(matchesHostPattern(url('https://eu.acme.example.com/'), wildcard)).toBe(true);
    expect(matchesHostPattern(url('https://example.com/'), wildcard)).toBe(false);
    expect(matchesHostPattern(url('https://notexample.com/'), wildcard)).toBe(false);
    expect(matchesHostPattern(url('https://example.com.evil.test/'), wildcard)).toBe(false);
    expect(matchesHostPattern(url('https://acme.example.com:444/'), wildcard)).toBe(false);
  });

  it('prefers exact patterns over wildcards', () => {
    const patterns = ['*.example.com', 'api.example.com'].map(parseHostPattern);
    expect(findMatchingPattern(url('https://api.example.com/'), patterns)?.wildcard).toBe(false);
    expect(findMatchingPattern(url('https://x.example.com/'), patterns)?.wildcard).toBe(true);
    expect(findMatchingPattern(url('https://example.org/'), patterns)).toBeUndefined();
  });

  it.each([
    ['', 'not a valid host'],
    ['*.com', 'at least two labels'],
    ['*.127.0.0.1', 'at least two labels'],
    ['exa mple.com', 'not a valid host'],
    ['https://crm.example.com', 'not a valid host'],
    ['crm.example.com:99999', 'invalid port'],
    ['-bad.example.com', 'not a valid host'],
    ['*.*.example.com', 'not a valid host'],
  ])('refuses the declaration %j', (text, message) => {
    expect(() => parseHostPattern(text)).toThrow(message);
  });
});
