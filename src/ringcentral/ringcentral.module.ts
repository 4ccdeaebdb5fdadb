import { Module } from '@nestjs/common';
import { RingCentralIdentityService } from './ringcentral-identity.service.js';

/** The RingCentral platform as the identity authority for RingCentral access tokens. */
@Module({
  providers: [RingCentralIdentityService],
  exports: [RingCentralIdentityService],
})
export class RingCentralModule {}
