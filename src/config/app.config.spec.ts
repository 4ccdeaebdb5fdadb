import { appConfig } from './app.config.js';
import { sampleCrmConfig } from './sample-crm.config.js';

describe('app and sample-crm config', () => {
  it('has the documented defaults', () => {
    const config = appConfig.read({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      logLevel: 'log',
      bodyLimitBytes: 5 * 1024 * 1024,
      bodyMaxDepth: 16,
      bodyMaxKeys: 1000,
      bodyMaxArrayItems: 2000,
      bodyMaxStringChars: 2 * 1024 * 1024,
    });
    expect(sampleCrmConfig.read({})).toMatchObject({
      enabled: true,
      port: 3100,
      url: undefined,
      logFormat: 'text/plain',
    });
  });

  it('reads SAMPLE_CRM_LOG_FORMAT and refuses other formats', () => {
    expect(sampleCrmConfig.read({ SAMPLE_CRM_LOG_FORMAT: 'text/html' }).logFormat).toBe(
      'text/html',
    );
    expect(() => sampleCrmConfig.read({ SAMPLE_CRM_LOG_FORMAT: 'html' })).toThrow(
      'SAMPLE_CRM_LOG_FORMAT must be text/plain, text/html or text/markdown',
    );
  });

  it('derives PUBLIC_URL from PORT when unset', () => {
    expect(appConfig.read({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be an integer'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ PUBLIC_URL: 'https://x.example/' }, 'PUBLIC_URL must not end with a slash'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL must be an http(s) URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ BODY_MAX_DEPTH: '3' }, 'BODY_MAX_DEPTH must be at least 8'],
    [{ BODY_MAX_KEYS: 'many' }, 'BODY_MAX_KEYS must be an integer'],
    [{ BODY_MAX_ARRAY_ITEMS: '999' }, 'BODY_MAX_ARRAY_ITEMS must be at least 1000'],
    [{ BODY_MAX_STRING_CHARS: '1000' }, 'BODY_MAX_STRING_CHARS must be at least 1048576'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be development, production or test'],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => appConfig.read(env)).toThrow(message);
  });

  it('reads SAMPLE_CRM switches', () => {
    expect(sampleCrmConfig.read({ SAMPLE_CRM: 'off' }).enabled).toBe(false);
    expect(sampleCrmConfig.read({ SAMPLE_CRM_URL: 'http://crm:3100/' }).url).toBe(
      'http://crm:3100',
    );
    expect(() => sampleCrmConfig.read({ SAMPLE_CRM: 'maybe' })).toThrow(
      'SAMPLE_CRM must be true or false',
    );
  });
});
