import type { SampleCrmConfig } from '../../config/sample-crm.config.js';

/** Where the sample CRM answers: SAMPLE_CRM_URL, else SAMPLE_CRM_PORT on this host. */
export class SampleCrmEndpoint {
  constructor(readonly baseUrl: string) {}

  static of(config: SampleCrmConfig): SampleCrmEndpoint {
    return new SampleCrmEndpoint(config.url ?? `http://127.0.0.1:${config.port}`);
  }
}
