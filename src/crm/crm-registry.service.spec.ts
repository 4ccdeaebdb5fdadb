import { AppError } from '../common/errors/app-error.js';
import { ConfigError } from '../config/define-config.js';
import type { CrmProvider } from './crm-provider.js';
import { CrmRegistry } from './crm-registry.service.js';

const provider = (platform: string) => ({ platform }) as CrmProvider;

describe('CrmRegistry', () => {
  it('resolves bound platforms', () => {
    const a = provider('acme');
    const registry = new CrmRegistry([a, provider('other-crm')]);
    expect(registry.get('acme')).toBe(a);
    expect(registry.all().map((p) => p.platform)).toEqual(['acme', 'other-crm']);
  });

  it('answers an unknown platform with a typed error (400 Platform not found)', () => {
    const registry = new CrmRegistry([provider('acme')]);
    for (const name of ['nope', undefined, '__proto__', 'constructor']) {
      expect(() => registry.get(name)).toThrow(AppError);
      expect(() => registry.get(name)).toThrow('Platform not found');
    }
  });

  it('refuses two providers on one platform, and invalid names', () => {
    class AcmeProvider {
      readonly platform = 'acme';
    }
    const file = { platform: 'acme', source: 'providers/acme.json' } as unknown as CrmProvider;
    expect(() => new CrmRegistry([new AcmeProvider() as CrmProvider, file])).toThrow(
      new ConfigError(
        'Two CRM providers are bound to the platform acme: class AcmeProvider and providers/acme.json',
      ),
    );
    expect(() => new CrmRegistry([provider('Bad Name')])).toThrow('invalid');
  });
});
