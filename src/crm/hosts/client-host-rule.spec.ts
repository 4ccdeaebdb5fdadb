import { HostRuleError, parseClientHostname, parseClientUrl } from './client-host-rule.js';

describe('the host rule for client-supplied values (docs/client-contract.md, Auth)', () => {
  it('accepts plain host names, lowercased', () => {
    expect(parseClientHostname('Acme.Example.com').hostname).toBe('acme.example.com');
    expect(parseClientHostname(' eu-1.acme.example.com ').hostname).toBe('eu-1.acme.example.com');
  });

  it.each([
    ['', 'is required'],
    ['127.0.0.1', 'not an IP address'],
    ['2130706433', 'not an IP address'],
    ['0x7f.1', 'not an IP address'],
    ['127.1', 'not an IP address'],
    ['[::1]', 'plain host name'],
    ['::1', 'plain host name'],
    ['acme.example.com:8443', 'plain host name'],
    ['user@acme.example.com', 'plain host name'],
    ['https://acme.example.com', 'plain host name'],
    ['acme.example.com/path', 'plain host name'],
    ['acme.example.com.', 'plain host name'],
    ['acme..example.com', 'plain host name'],
    ['-acme.example.com', 'plain host name'],
    ['acme.example.com\u0000.evil.test', 'plain host name'],
    ['ex\u00e4mple.com', 'plain host name'],
    ['a'.repeat(300), 'plain host name'],
    ['<script>.example.com', 'plain host name'],
  ])('refuses the hostname %j', (value, message) => {
    expect(() => parseClientHostname(value)).toThrow(HostRuleError);
    expect(() => parseClientHostname(value)).toThrow(message);
  });

  it('accepts https URLs on the default port', () => {
    expect(parseClientUrl('https://api.example.com/v1', 'apiUrl').hostname).toBe('api.example.com');
    expect(parseClientUrl('https://api.example.com:443/v1', 'apiUrl').port).toBe('');
  });

  it.each([
    ['http://api.example.com/', 'https URL'],
    ['ftp://api.example.com/', 'https URL'],
    ['javascript:alert(1)', 'https URL'],
    ['not a url', 'https URL'],
    ['https://user:pw@api.example.com/', 'user name or password'],
    ['https://user@api.example.com/', 'user name or password'],
    ['https://api.example.com:8443/', 'default https port'],
    ['https://127.0.0.1/', 'not an IP address'],
    ['https://2130706433/', 'not an IP address'],
    ['https://[::1]/', 'not an IP address'],
    ['https://[::ffff:169.254.169.254]/', 'not an IP address'],
    [`https://api.example.com/${'x'.repeat(3000)}`, 'too long'],
  ])('refuses the URL %j', (value, message) => {
    expect(() => parseClientUrl(value, 'apiUrl')).toThrow(HostRuleError);
    expect(() => parseClientUrl(value, 'apiUrl')).toThrow(message);
  });
});
