import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NamedClaimEntity } from './named-claim.entity.js';
import { NamedClaims } from './named-claims.service.js';

/** Exclusive claims on names across instances (token refreshes, call-log updates). */
@Module({
  imports: [TypeOrmModule.forFeature([NamedClaimEntity])],
  providers: [NamedClaims],
  exports: [NamedClaims],
})
export class ClaimsModule {}
