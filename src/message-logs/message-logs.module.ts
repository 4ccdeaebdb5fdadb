import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from '../admin/admin.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MessageLogGroupEntity } from './message-log-group.entity.js';
import { MessageLogGroupsService } from './message-log-groups.service.js';
import { MessageLogRecordsService } from './message-log-records.service.js';
import { MessageLogEntity } from './message-log.entity.js';
import { MessageLogsController } from './message-logs.controller.js';
import { MessageLogsService } from './message-logs.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([MessageLogEntity, MessageLogGroupEntity]),
    AuthModule,
    AdminModule,
  ],
  controllers: [MessageLogsController],
  providers: [MessageLogsService, MessageLogRecordsService, MessageLogGroupsService],
})
export class MessageLogsModule {}
