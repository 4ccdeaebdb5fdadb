import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestingModuleBuilder } from '@nestjs/testing';
import { CrmError } from '../../src/crm/crm-error.js';
import type { CrmUserInfo } from '../../src/crm/crm-auth.types.js';
import type { CrmContext } from '../../src/crm/crm-context.js';
import { CRM_PROVIDERS, type CrmProvider } from '../../src/crm/crm-provider.js';
import { HostResolver } from '../../src/crm/hosts/host-resolver.js';
import { SAMPLE_CRM_PROVIDERS } from '../../src/providers/sample-crm/sample-crm.module.js';

const unsupported = async (): Promise<never> => {
  throw new CrmError('UNSUPPORTED', 'test provider');
};

/** Operations a login-only test provider does not need. */
const LOGIN_ONLY = {
  logFormat: 'text/plain' as const,
  async getUserInfo(ctx: CrmContext): Promise<CrmUserInfo> {
    return ctx.http.get<CrmUserInfo>('/api/me', undefined, 'getUserInfo');
  },
  findContactsByPhone: unsupported,
  createCallLog: unsupported,
  getCallLog: unsupported,
  updateCallLog: unsupported,
  createMessageLog: unsupported,
  getMessageLog: unsupported,
  updateMessageLog: unsupported,
};

/**
 * An API-key CRM that takes its hostname from the client (like Insightly or Pipedrive): tenants
 * under `*.crm.test`, plus an `apiUrl` login field checked by the host rule.
 */
export function dynamicApiKeyProvider(): CrmProvider {
  return {
    ...LOGIN_ONLY,
    platform: 'dynamic-crm',
    displayName: 'Dynamic CRM',
    manifest: { environment: { type: 'dynamic', url: 'https://{hostname}' } },
    allowedHosts: ['*.crm.test'],
    auth: {
      type: 'apiKey',
      placement: { in: 'header', name: 'X-API-Key' },
      page: {
        title: 'Dynamic CRM',
        content: [
          { const: 'apiKey', title: 'API key', type: 'string', required: true },
          { const: 'apiUrl', title: 'API URL', type: 'string' },
        ],
      },
      urlFields: ['apiUrl'],
    },
    apiBaseUrl: (hostname) => `https://${hostname}/api`,
  };
}

/** The same over OAuth: /oauth-start/dynamic-oauth/:hostname. */
export function dynamicOAuthProvider(): CrmProvider {
  return {
    ...LOGIN_ONLY,
    platform: 'dynamic-oauth',
    displayName: 'Dynamic OAuth CRM',
    manifest: { environment: { type: 'dynamic', url: 'https://{hostname}' } },
    allowedHosts: ['*.crm.test'],
    auth: {
      type: 'oauth',
      oauth: {
        authorizationUrl: 'https://login.crm.test/oauth/authorize',
        tokenUrl: 'https://login.crm.test/oauth/token',
        scopes: ['contacts'],
        pkce: true,
        clientId: 'dynamic-client',
        clientSecret: 'dynamic-client-secret',
      },
    },
    apiBaseUrl: (hostname) => `https://${hostname}/api`,
  };
}

/**
 * A broken provider: it declares only `declaredHost` but builds its API URLs on `actualBaseUrl`.
 * The host check must stop its requests before any credential leaves.
 */
export function misdirectedProvider(declaredHost: string, actualBaseUrl: string): CrmProvider {
  return {
    ...LOGIN_ONLY,
    platform: 'misdirected-crm',
    displayName: 'Misdirected CRM',
    allowedHosts: [declaredHost],
    auth: {
      type: 'apiKey',
      placement: { in: 'header', name: 'X-API-Key' },
      page: {
        title: 'Misdirected CRM',
        content: [{ const: 'apiKey', title: 'API key', type: 'string', required: true }],
      },
    },
    apiBaseUrl: () => actualBaseUrl,
  };
}

/** Binds the sample CRM providers plus `extra` (for startTestApp's `configure`). */
export function withProviders(extra: CrmProvider[]) {
  return (builder: TestingModuleBuilder): TestingModuleBuilder =>
    builder.overrideProvider(CRM_PROVIDERS).useFactory({
      factory: (sampleCrm: CrmProvider[]) => [...sampleCrm, ...extra],
      inject: [SAMPLE_CRM_PROVIDERS],
    });
}

/** A DNS table for the private-address check: no test depends on real DNS. */
export function withDns(table: Record<string, string[]>) {
  return (builder: TestingModuleBuilder): TestingModuleBuilder =>
    builder.overrideProvider(HostResolver).useValue({
      resolve: async (name: string) => {
        const addresses = table[name];
        if (!addresses) throw new Error(`ENOTFOUND ${name}`);
        return addresses;
      },
    });
}

/** A local HTTP server that must receive nothing: every request it gets is recorded. */
export interface TrapServer {
  url: string;
  host: string;
  requests: { method?: string; url?: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startTrapServer(): Promise<TrapServer> {
  const requests: TrapServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"trap","name":"Trap"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
