import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from '../admin/admin.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ClaimsModule } from '../database/claims/claims.module.js';
import { UsersModule } from '../users/users.module.js';
import { CallDispositionsController } from './call-dispositions.controller.js';
import { CallDispositionsService } from './call-dispositions.service.js';
import { CallLogMappingsService } from './call-log-mappings.service.js';
import { CallLogMappingEntity } from './call-log-mapping.entity.js';
import { CallLogsController } from './call-logs.controller.js';
import { CallLogsService } from './call-logs.service.js';
import { CallNoteEntity } from './call-note.entity.js';
import { CallNotesController } from './call-notes.controller.js';
import { CallNotesService } from './call-notes.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([CallLogMappingEntity, CallNoteEntity]),
    AuthModule,
    UsersModule,
    AdminModule,
    ClaimsModule,
  ],
  controllers: [CallLogsController, CallNotesController, CallDispositionsController],
  providers: [CallLogsService, CallLogMappingsService, CallNotesService, CallDispositionsService],
})
export class CallLogsModule {}
