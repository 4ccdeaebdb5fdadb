import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app.config.js';
import { ConfigError } from '../config/define-config.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { ManifestCheck, ManifestError } from './manifest-check.service.js';
import { ManifestService } from './manifest.service.js';

/** Just what the manifest reads of a provider. */
function provider(platform: string, fields: Partial<CrmProvider> = {}): CrmProvider {
  return {
    platform,
    displayName: platform,
    logFormat: 'text/plain',
    apiBaseUrl: () => `https://api.${platform}.example`,
    auth: {
      type: 'apiKey',
      placement: { in: 'header', name: 'X-API-Key' },
      page: { title: platform, content: [{ const: 'apiKey', title: 'API key', type: 'string' }] },
    },
    ...fields,
  } as CrmProvider;
}

function check(providers: CrmProvider[], publicUrl = 'https://bridge.example'): ManifestCheck {
  const registry = new CrmRegistry(providers);
  return new ManifestCheck(registry, new ManifestService(registry, { publicUrl } as AppConfig));
}

describe('ManifestCheck (start-up)', () => {
  let warn: jest.SpiedFunction<Logger['warn']>;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('warns once per platform whose urlIdentifier is derived, naming it', () => {
    check([
      provider('acme'),
      provider('globex', { urlIdentifier: 'app.globex.example/*' }),
    ]).onModuleInit();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe(
      'Platform acme declares no urlIdentifier; using api.acme.example/* from its CRM host. ' +
        'Declare the pattern of its web pages if the client does not recognise its tab.',
    );
  });

  it('refuses to start, one line per mistake, when the client could not use a platform', () => {
    const noKeyField = provider('acme', {
      urlIdentifier: '',
      auth: {
        type: 'apiKey',
        placement: { in: 'header', name: 'X-Token' },
        page: { title: 'Acme', content: [{ const: 'token', title: 'Token', type: 'string' }] },
      },
    });
    const oauth = provider('globex', {
      auth: {
        type: 'oauth',
        oauth: {
          authorizationUrl: 'https://globex.example/authorize',
          tokenUrl: 'https://globex.example/token',
          scopes: ['contacts'],
          pkce: true,
          clientId: 'id',
          clientSecret: 'secret',
        },
      },
    });
    let thrown: unknown;
    try {
      check([noKeyField, oauth], 'https://bridge.example/?tenant=1').onModuleInit();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ManifestError);
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toBe(
      'The manifest does not let the App Connect client register and sign in (3 mistakes):\n' +
        '  - platform acme: urlIdentifier is missing (declare the CRM pages the client recognises)\n' +
        '  - platform acme: auth.apiKey.page.content needs a field with const "apiKey"\n' +
        '  - platform globex: auth.oauth.authUrl must not contain "?" (the client appends the query)',
    );
  });
});
