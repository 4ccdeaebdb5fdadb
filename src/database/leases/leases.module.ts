import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeaseEntity } from './lease.entity.js';
import { LeaseService } from './lease.service.js';

/** Exclusive leases across instances (token refreshes, call-log updates). */
@Module({
  imports: [TypeOrmModule.forFeature([LeaseEntity])],
  providers: [LeaseService],
  exports: [LeaseService],
})
export class LeasesModule {}
