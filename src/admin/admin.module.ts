import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RingCentralModule } from '../ringcentral/ringcentral.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminAccessService } from './admin-access.service.js';
import { AdminSettingsController } from './admin-settings.controller.js';
import { AdminSettingsEntity } from './admin-settings.entity.js';
import { AdminSettingsService } from './admin-settings.service.js';
import { CrmUserMappingEntity } from './crm-user-mapping.entity.js';
import { CrmUserMappingsService } from './crm-user-mappings.service.js';
import { ManagedUserSettingsController } from './managed-user-settings.controller.js';
import { ServerLoggingSettingsController } from './server-logging-settings.controller.js';
import { ServerLoggingSettingsEntity } from './server-logging-settings.entity.js';
import { ServerLoggingSettingsService } from './server-logging-settings.service.js';

/** Account policies set by RingCentral administrators, and the settings users work with under them. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      AdminSettingsEntity,
      CrmUserMappingEntity,
      ServerLoggingSettingsEntity,
    ]),
    RingCentralModule,
    UsersModule,
  ],
  controllers: [
    AdminSettingsController,
    ManagedUserSettingsController,
    ServerLoggingSettingsController,
  ],
  providers: [
    AdminAccessService,
    AdminSettingsService,
    CrmUserMappingsService,
    ServerLoggingSettingsService,
  ],
  exports: [AdminAccessService, AdminSettingsService, CrmUserMappingsService],
})
export class AdminModule {}
