import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { RunningSampleCrm } from '../../../examples/sample-crm/sample-crm.js';
import type { AppConfig } from '../../config/app.config.js';
import { EMBEDDABLE_REDIRECT_URI } from '../../config/oauth.config.js';
import type { SampleCrmConfig } from '../../config/sample-crm.config.js';

/**
 * Where the sample CRM runs: an external one (SAMPLE_CRM_URL), or one started in this process on
 * SAMPLE_CRM_PORT so `npm start` works with nothing else running.
 */
export class SampleCrmServerHost implements OnApplicationShutdown {
  private running?: RunningSampleCrm;
  private url = '';

  static async start(config: SampleCrmConfig, app: AppConfig): Promise<SampleCrmServerHost> {
    const host = new SampleCrmServerHost();
    if (!config.enabled) return host;
    if (config.url) {
      host.url = config.url;
      return host;
    }
    // Loaded only when it runs here: its OAuth server library is large, and unused otherwise.
    const { startSampleCrm } = await import('../../../examples/sample-crm/sample-crm.js');
    host.running = await startSampleCrm({
      port: config.port,
      publicUrl: config.publicUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      redirectUris: [
        EMBEDDABLE_REDIRECT_URI,
        `${app.publicUrl}/auth/sample-crm/callback`,
        `${app.publicUrl}/auth/sample-crm-json/callback`,
      ],
    });
    host.url = host.running.url;
    new Logger('SampleCrm').log(`Sample CRM listening on ${host.url}`);
    return host;
  }

  get baseUrl(): string {
    return this.url;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.close();
  }
}
