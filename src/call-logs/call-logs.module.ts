import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { CallLogMappingsService } from './call-log-mappings.service.js';
import { CallLogEntity } from './call-log.entity.js';
import { CallLogsController } from './call-logs.controller.js';
import { CallLogsService } from './call-logs.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([CallLogEntity]), AuthModule, UsersModule],
  controllers: [CallLogsController],
  providers: [CallLogsService, CallLogMappingsService],
})
export class CallLogsModule {}
