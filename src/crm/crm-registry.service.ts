import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { ConfigError } from '../config/define-config.js';
import { CRM_PROVIDERS, type CrmProvider } from './crm-provider.js';

/** Resolves a platform name to its bound provider; features use this, never a provider class. */
@Injectable()
export class CrmRegistry {
  private readonly byPlatform: ReadonlyMap<string, CrmProvider>;

  constructor(@Inject(CRM_PROVIDERS) providers: CrmProvider[]) {
    const map = new Map<string, CrmProvider>();
    for (const provider of providers) {
      if (!/^[a-z][a-z0-9-]{0,62}$/.test(provider.platform)) {
        throw new Error(`CRM provider platform name is invalid: ${provider.platform}`);
      }
      const twin = map.get(provider.platform);
      if (twin) {
        throw new ConfigError(
          `Two CRM providers are bound to the platform ${provider.platform}: ${sourceOf(twin)} and ${sourceOf(provider)}`,
        );
      }
      map.set(provider.platform, provider);
    }
    this.byPlatform = map;
  }

  get(platform: string | undefined): CrmProvider {
    const provider = platform === undefined ? undefined : this.byPlatform.get(platform);
    if (!provider) throw new AppError('PLATFORM_NOT_FOUND', 'Platform not found');
    return provider;
  }

  has(platform: string): boolean {
    return this.byPlatform.has(platform);
  }

  all(): CrmProvider[] {
    return [...this.byPlatform.values()];
  }
}

function sourceOf(provider: CrmProvider): string {
  const source = (provider as { source?: unknown }).source;
  if (typeof source === 'string') return source;
  const name = provider.constructor?.name;
  return name && name !== 'Object'
    ? `class ${name}`
    : `an object provider (${provider.displayName})`;
}
