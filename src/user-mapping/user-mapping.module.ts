import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { UserMappingController } from './user-mapping.controller.js';
import { UserMappingService } from './user-mapping.service.js';

/** The administrator's CRM user mapping, through the optional provider operation getUserList. */
@Module({
  imports: [AdminModule, AuthModule],
  controllers: [UserMappingController],
  providers: [UserMappingService],
})
export class UserMappingModule {}
