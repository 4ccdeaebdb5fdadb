import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { HttpRequest } from '../common/http/http-types.js';
import { ApiFailures, ApiJsonOk } from '../common/openapi/api-replies.decorator.js';
import { Public } from '../common/http/public.decorator.js';
import { OptionalSessionGuard } from './optional-session.guard.js';
import type { UserEntity } from './user.entity.js';

export interface LicenseStatus {
  isLicenseValid: boolean;
  licenseStatus: string;
  licenseStatusDescription: string;
}

@Controller()
export class LicenseStatusController {
  /** Always 200: a failure here breaks the client's service registration. */
  @Get('licenseStatus')
  @ApiOperation({ operationId: 'getLicenseStatus' })
  @ApiJsonOk('LicenseStatusResponse')
  @ApiFailures(429, 500)
  @Public()
  @UseGuards(OptionalSessionGuard)
  status(@Req() req: HttpRequest): LicenseStatus {
    const user = req.user as UserEntity | null | undefined;
    return user?.connected && !user.revokedAt
      ? { isLicenseValid: true, licenseStatus: 'Basic', licenseStatusDescription: '' }
      : { isLicenseValid: false, licenseStatus: 'Not connected', licenseStatusDescription: '' };
  }
}
