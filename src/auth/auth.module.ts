import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { CredentialVault } from './credential-vault.service.js';
import { CrmSessionService } from './crm-session.service.js';
import { SessionJwtGuard } from './session-jwt.guard.js';
import { SessionTokenService } from './session-token.service.js';
import { ApiKeyStrategy } from './strategies/api-key.strategy.js';
import { SessionJwtStrategy } from './strategies/session-jwt.strategy.js';

@Module({
  imports: [PassportModule, JwtModule.register({}), UsersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    CredentialVault,
    CrmSessionService,
    SessionTokenService,
    SessionJwtStrategy,
    ApiKeyStrategy,
    { provide: APP_GUARD, useClass: SessionJwtGuard },
  ],
  exports: [CrmSessionService, CredentialVault],
})
export class AuthModule {}
