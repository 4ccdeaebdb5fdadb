import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { Public } from '../common/http/public.decorator.js';
import { AppError } from '../common/errors/app-error.js';
import { ApiFailures, ApiJsonOk, ApiTextOk } from '../common/openapi/api-replies.decorator.js';
import { SkipRateLimit } from '../common/http/rate-limit.decorator.js';
import { SERVER_VERSION } from '../common/server-version.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { implementedInterfaces } from './implemented-interfaces.js';
import { ManifestService } from './manifest.service.js';
import { RELEASE_NOTES, type ReleaseNote } from './release-notes.js';

@Controller()
@Public()
export class ManifestController {
  constructor(
    private readonly manifests: ManifestService,
    private readonly registry: CrmRegistry,
  ) {}

  @Get('crmManifest')
  @ApiOperation({
    operationId: 'getCrmManifest',
    summary: 'The App Connect manifest of the bound platforms',
  })
  @ApiQuery({ name: 'platformName', required: false, description: 'Only this platform' })
  @ApiJsonOk('CrmManifest')
  @ApiFailures(400, 429, 500)
  @Header('cache-control', 'public, max-age=300')
  manifest(@Query('platformName') platformName?: unknown): Record<string, unknown> {
    if (platformName !== undefined && typeof platformName !== 'string') {
      throw new AppError('PLATFORM_NOT_FOUND', 'Platform not found');
    }
    return this.manifests.manifest(platformName || undefined);
  }

  @Get('implementedInterfaces')
  @ApiOperation({ operationId: 'getImplementedInterfaces' })
  @ApiQuery({ name: 'platform', required: true, description: 'The platform key from the manifest' })
  @ApiJsonOk('ImplementedInterfacesResponse')
  @ApiFailures(400, 429, 500)
  implementedInterfaces(@Query('platform') platform?: unknown): Record<string, boolean> {
    if (typeof platform !== 'string' || platform === '') {
      throw AppError.invalidRequest('platform is required');
    }
    return implementedInterfaces(this.registry.get(platform));
  }

  @Get('releaseNotes')
  @ApiOperation({ operationId: 'getReleaseNotes' })
  @ApiJsonOk('ReleaseNotesResponse')
  @ApiFailures(429, 500)
  releaseNotes(): Record<string, Record<string, ReleaseNote[]>> {
    return RELEASE_NOTES;
  }

  // The client does not catch errors here.
  @Get('serverVersionInfo')
  @ApiOperation({ operationId: 'getServerVersionInfo' })
  @ApiJsonOk('ServerVersionInfoResponse')
  @ApiFailures(429, 500)
  serverVersionInfo(): { version: string } {
    return { version: SERVER_VERSION };
  }

  // Liveness only: the client's support page reads 200 as "online".
  @Get('isAlive')
  @ApiOperation({ operationId: 'getIsAlive', summary: 'Liveness' })
  @ApiTextOk('Alive', 'OK')
  @ApiFailures(500)
  @SkipRateLimit()
  @Header('content-type', 'text/plain; charset=utf-8')
  isAlive(): string {
    return 'OK';
  }
}
