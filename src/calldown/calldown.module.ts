import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CalldownEntryEntity } from './calldown-entry.entity.js';
import { CalldownController } from './calldown.controller.js';
import { CalldownService } from './calldown.service.js';

/** Call-down lists: scheduled call-backs kept in our database, no CRM involved. */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([CalldownEntryEntity])],
  controllers: [CalldownController],
  providers: [CalldownService],
})
export class CalldownModule {}
