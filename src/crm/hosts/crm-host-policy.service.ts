import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { crmHostsConfig, type CrmHostsConfig } from '../../config/crm-hosts.config.js';
import { CrmError } from '../crm-error.js';
import type { CrmProvider } from '../crm-provider.js';
import { CrmRegistry } from '../crm-registry.service.js';
import { HostRuleError, parseClientHostname, parseClientUrl } from './client-host-rule.js';
import {
  findMatchingPattern,
  hostnameOf,
  parseHostPattern,
  type HostPattern,
} from './host-pattern.js';
import { HostResolver } from './host-resolver.js';
import { isPrivateAddress } from './private-address.js';

export function takesClientHostname(provider: CrmProvider): boolean {
  return Boolean(provider.manifest?.environment);
}

/** The hosts a provider declared: what the client may name, and where credentials may go. */
@Injectable()
export class CrmHostPolicy implements OnModuleInit {
  private readonly logger = new Logger('CrmHosts');
  private readonly patterns = new Map<string, readonly HostPattern[]>();

  constructor(
    private readonly registry: CrmRegistry,
    private readonly resolver: HostResolver,
    @Inject(crmHostsConfig.KEY) private readonly config: CrmHostsConfig,
  ) {}

  onModuleInit(): void {
    for (const provider of this.registry.all()) {
      this.patterns.set(provider.platform, declaredHosts(provider));
    }
  }

  patternsOf(provider: CrmProvider): readonly HostPattern[] {
    return this.patterns.get(provider.platform) ?? declaredHosts(provider);
  }

  /** The CRM hostname a login may use ('' for a fixed-host provider). Throws HostRuleError. */
  async clientHostname(provider: CrmProvider, value: string | undefined): Promise<string> {
    if (!takesClientHostname(provider)) return '';
    const url = parseClientHostname(value ?? '');
    await this.checkClientTarget(provider, url, 'hostname', true);
    return hostnameOf(url);
  }

  connectionHost(provider: CrmProvider, storedHostname: string): string {
    if (storedHostname !== '') return storedHostname;
    try {
      return new URL(provider.apiBaseUrl('')).host;
    } catch {
      return '';
    }
  }

  async clientUrl(provider: CrmProvider, value: string, field: string): Promise<URL> {
    const url = parseClientUrl(value, field);
    await this.checkClientTarget(provider, url, field);
    return url;
  }

  /**
   * A URL someone other than the operator chose that the server will send secrets to (an admin's
   * OAuth token endpoint): on a declared host; a wildcard match only over https to a public address.
   */
  async checkSecretTarget(provider: CrmProvider, url: URL, field: string): Promise<void> {
    const pattern = findMatchingPattern(url, this.patternsOf(provider));
    if (!pattern) {
      throw new HostRuleError(`${field} ${url.host} is not a ${provider.displayName} host`);
    }
    if (!pattern.wildcard) return;
    if (url.protocol !== 'https:') throw new HostRuleError(`${field} must use https`);
    await this.assertPublic(url, field);
  }

  /** Runs before credentials go out; a refused host throws CrmError UNAVAILABLE. */
  requestGuard(provider: CrmProvider): (url: URL) => Promise<void> {
    return async (url) => {
      const pattern = findMatchingPattern(url, this.patternsOf(provider));
      const refuse = (why: string) => {
        this.logger.error(
          `Refused a request of ${provider.platform} to ${url.protocol}//${url.host}: ${why}`,
        );
        return new CrmError('UNAVAILABLE', `${provider.displayName} request refused: ${why}`, {
          crm: provider.displayName,
        });
      };
      if (!pattern) throw refuse('the host is not among the provider\u2019s allowedHosts');
      if (!pattern.wildcard) return;
      if (url.protocol !== 'https:') throw refuse('a client-chosen host must use https');
      try {
        await this.assertPublic(url);
      } catch (error) {
        throw refuse(error instanceof HostRuleError ? error.message : 'the host did not resolve');
      }
    };
  }

  private async checkClientTarget(
    provider: CrmProvider,
    url: URL,
    field: string,
    anyPort = false,
  ): Promise<void> {
    const pattern = findMatchingPattern(url, this.patternsOf(provider), anyPort);
    if (!pattern) {
      throw new HostRuleError(`${field} ${url.host} is not a ${provider.displayName} host`);
    }
    // A host the provider names exactly is the operator's choice; a wildcard match is the client's.
    if (pattern.wildcard) await this.assertPublic(url, field);
  }

  private async assertPublic(url: URL, field = 'host'): Promise<void> {
    if (this.config.allowPrivateHosts) return;
    const hostname = hostnameOf(url);
    let addresses: string[];
    try {
      addresses = await this.resolver.resolve(hostname);
    } catch {
      throw new HostRuleError(`${field} ${hostname} does not resolve`);
    }
    if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
      throw new HostRuleError(`${field} ${hostname} resolves to a private address`);
    }
  }
}

export function declaredHosts(provider: CrmProvider): HostPattern[] {
  const fail = (message: string): never => {
    throw new Error(`CRM provider ${provider.platform}: ${message}`);
  };
  let patterns: HostPattern[];
  if (provider.allowedHosts) {
    if (provider.allowedHosts.length === 0) fail('allowedHosts is empty');
    patterns = provider.allowedHosts.map((text) => {
      try {
        return parseHostPattern(text);
      } catch (error) {
        return fail((error as Error).message);
      }
    });
  } else {
    if (takesClientHostname(provider)) {
      fail(
        'it takes the CRM hostname from the client (manifest.environment): declare allowedHosts',
      );
    }
    let base: URL | undefined;
    try {
      base = new URL(provider.apiBaseUrl(''));
    } catch {
      base = undefined;
    }
    if (!base || !/^https?:$/.test(base.protocol)) {
      return fail('apiBaseUrl is not an http(s) URL: declare allowedHosts');
    }
    patterns = [parseHostPattern(base.host)];
  }
  if (provider.auth.type === 'oauth') {
    const { tokenUrl, revocationUrl } = provider.auth.oauth;
    for (const [name, value] of [
      ['tokenUrl', tokenUrl],
      ['revocationUrl', revocationUrl],
    ] as const) {
      if (value === undefined) continue;
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (!url || !findMatchingPattern(url, patterns)) {
        fail(`the OAuth ${name} is not on a host in allowedHosts (client secrets go there)`);
      }
    }
  }
  return patterns;
}
