import { crmHostsConfig } from './crm-hosts.config.js';
import { httpConfig } from './http.config.js';

describe('http and CRM-host config', () => {
  it('defaults to any origin and no trusted proxy', () => {
    expect(httpConfig.read({})).toMatchObject({ corsOrigins: '*', trustProxy: false });
  });

  it('reads a CORS allow-list of origins', () => {
    expect(
      httpConfig.read({
        CORS_ORIGINS: 'chrome-extension://abcdefgh, https://app.example.com/',
      }).corsOrigins,
    ).toEqual(['chrome-extension://abcdefgh', 'https://app.example.com']);
  });

  it.each(['https://app.example.com/path', 'app.example.com', 'https://*.example.com'])(
    'refuses the CORS origin %s',
    (origin) => {
      expect(() => httpConfig.read({ CORS_ORIGINS: origin })).toThrow(
        'CORS_ORIGINS entries must be origins',
      );
    },
  );

  it('reads TRUST_PROXY as a boolean, hop count or proxy list', () => {
    expect(httpConfig.read({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(httpConfig.read({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(httpConfig.read({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(() => httpConfig.read({ TRUST_PROXY: 'everyone' })).toThrow('TRUST_PROXY must be');
  });

  it('allows private CRM hosts outside production only, unless configured', () => {
    expect(crmHostsConfig.read({}).allowPrivateHosts).toBe(true);
    expect(crmHostsConfig.read({ NODE_ENV: 'test' }).allowPrivateHosts).toBe(true);
    expect(crmHostsConfig.read({ NODE_ENV: 'production' }).allowPrivateHosts).toBe(false);
    expect(
      crmHostsConfig.read({ NODE_ENV: 'production', ALLOW_PRIVATE_CRM_HOSTS: 'true' })
        .allowPrivateHosts,
    ).toBe(true);
    expect(crmHostsConfig.read({ ALLOW_PRIVATE_CRM_HOSTS: 'no' }).allowPrivateHosts).toBe(false);
    expect(() => crmHostsConfig.read({ ALLOW_PRIVATE_CRM_HOSTS: 'maybe' })).toThrow(
      'ALLOW_PRIVATE_CRM_HOSTS must be true or false',
    );
  });
});
