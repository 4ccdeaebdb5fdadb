import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigError } from '../config/define-config.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { ManifestService } from './manifest.service.js';
import { manifestProblems, urlIdentifierOf } from './platform-registration.js';

export class ManifestError extends ConfigError {
  constructor(readonly problems: readonly string[]) {
    const count = problems.length === 1 ? '1 mistake' : `${problems.length} mistakes`;
    super(
      `The manifest does not let the App Connect client register and sign in (${count}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ManifestError';
  }
}

/** Start-up: warns on derived `urlIdentifier`s, stops on a platform the client cannot use. */
@Injectable()
export class ManifestCheck implements OnModuleInit {
  private readonly logger = new Logger('Manifest');

  constructor(
    private readonly registry: CrmRegistry,
    private readonly manifests: ManifestService,
  ) {}

  onModuleInit(): void {
    const problems = manifestProblems(this.manifests.platforms());
    if (problems.length > 0) throw new ManifestError(problems);
    for (const provider of this.registry.all()) {
      const { value, derived } = urlIdentifierOf(provider);
      if (!derived) continue;
      this.logger.warn(
        `Platform ${provider.platform} declares no urlIdentifier; using ${value} from its CRM host. ` +
          'Declare the pattern of its web pages if the client does not recognise its tab.',
      );
    }
  }
}
