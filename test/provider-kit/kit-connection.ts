import type { INestApplicationContext } from '@nestjs/common';
import { standaloneCrmCallPolicy } from '../../src/crm/crm-call-policy.js';
import { NestFactory } from '@nestjs/core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appConfigModule } from '../../src/app-config.module.js';
import type { Env } from '../../src/config/define-config.js';
import { sampleCrmConfig } from '../../src/config/sample-crm.config.js';
import { CrmHttpClient, type CrmCredentials } from '../../src/crm/crm-http-client.js';
import type { CrmContext, CrmUserRef } from '../../src/crm/crm-context.js';
import type { CrmProvider } from '../../src/crm/crm-provider.js';
import { CrmRegistry } from '../../src/crm/crm-registry.service.js';
import { CrmModule } from '../../src/crm/crm.module.js';
import { ProvidersModule } from '../../src/providers/providers.module.js';
import { startSampleCrmFor } from '../../examples/sample-crm/beside-the-server.js';
import { MetricsModule } from '../../src/metrics/metrics.module.js';

/** A user's credentials at the CRM: an API key (or token typed at login), or OAuth tokens. */
export interface KitCredentials extends CrmCredentials {
  /** Revoked too by the logout check, when given. */
  refreshToken?: string;
}

/** A provider connected to its CRM as one signed-in user: what the kit checks. */
export interface KitConnection {
  provider: CrmProvider;
  /** What a provider method receives for this user (the user's CRM identity filled in). */
  ctx: CrmContext;
  credentials: KitCredentials;
  /** The name getUserInfo must answer, when known. */
  expectedUserName?: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  credentials: KitCredentials;
  /** The user's CRM hostname, for providers whose base URL depends on it. */
  hostname?: string;
  expectedUserName?: string;
  timeoutMs?: number;
}

/**
 * Connects a provider instance to its CRM (a sandbox) with a user's credentials, the way
 * crm-bridge's context factory does for a request: same HTTP client, same credential placement.
 */
export async function connectProvider(
  provider: CrmProvider,
  options: ConnectOptions & { close?: () => Promise<void> },
): Promise<KitConnection> {
  const hostname = options.hostname ?? '';
  const contextFor = (user?: CrmUserRef): CrmContext => ({
    platform: provider.platform,
    hostname,
    user,
    http: new CrmHttpClient({
      baseUrl: provider.apiBaseUrl(hostname),
      crmName: provider.displayName,
      placement: provider.auth.type === 'apiKey' ? provider.auth.placement : { in: 'bearer' },
      // No refresh: the kit runs in seconds with the credentials it is given.
      credentials: { current: async () => options.credentials },
      policy: standaloneCrmCallPolicy(),
      budgetMs: options.timeoutMs ?? 25000,
    }),
  });
  const me = await provider.getUserInfo(contextFor());
  const user: CrmUserRef = {
    id: 'provider-kit',
    platform: provider.platform,
    hostname,
    crmUserId: me.id,
    name: me.name,
    timezone: me.timezone ?? null,
  };
  return {
    provider,
    ctx: contextFor(user),
    credentials: options.credentials,
    expectedUserName: options.expectedUserName,
    close: options.close ?? (async () => undefined),
  };
}

/**
 * Connects the provider crm-bridge binds for `platform` under `env` (its configuration: class
 * providers, DECLARATIVE_PROVIDERS files, ...). Only configuration and providers are started: no
 * database, no HTTP server.
 */
export async function connectBoundProvider(
  env: Env,
  platform: string,
  options: ConnectOptions,
): Promise<KitConnection> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provider-kit-'));
  const kitEnv: Env = { NODE_ENV: 'test', DATA_DIR: dataDir, ...env };
  let app: INestApplicationContext | undefined;
  let sampleCrm: Awaited<ReturnType<typeof startSampleCrmFor>>;
  const close = async () => {
    await app?.close();
    await sampleCrm?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // As `npm start` does: the sample CRM in this process unless SAMPLE_CRM_URL names one.
    sampleCrm = await startSampleCrmFor(kitEnv);
    app = await NestFactory.createApplicationContext(
      {
        module: class ProviderKitModule {},
        // CRM calls report to a metrics registry; the kit has no use for one.
        imports: [
          appConfigModule(kitEnv),
          MetricsModule.forConfig({ enabled: false }),
          CrmModule.forProviders(
            ProvidersModule.forConfig({ sampleCrm: sampleCrmConfig.read(kitEnv) }),
          ),
        ],
      },
      { logger: ['error', 'warn'] },
    );
    const registry = app.get(CrmRegistry);
    if (!registry.has(platform)) {
      const bound = registry.all().map((provider) => provider.platform);
      throw new Error(`No provider is bound to ${platform} (bound: ${bound.join(', ') || 'none'})`);
    }
    return await connectProvider(registry.get(platform), { ...options, close });
  } catch (error) {
    await close();
    throw error;
  }
}
