import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from '../admin/admin.module.js';
import { ClaimsModule } from '../database/claims/claims.module.js';
import { UserEntity } from '../users/user.entity.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { CredentialVault } from './credential-vault.service.js';
import { CrmSessionService } from './crm-session.service.js';
import { ManagedAuthAdminController } from './managed-auth-admin.controller.js';
import { ManagedAuthStateController } from './managed-auth-state.controller.js';
import { ManagedCredentialsEntity } from './managed-credentials.entity.js';
import { ManagedCredentialsService } from './managed-credentials.service.js';
import { ManagedLoginValues } from './managed-login-values.service.js';
import { ManagedOAuthAccountEntity } from './managed-oauth-account.entity.js';
import { ManagedOAuthAdminController } from './managed-oauth-admin.controller.js';
import { ManagedOAuthClients } from './managed-oauth-clients.service.js';
import { ManagedOAuthPendingEntity } from './managed-oauth-pending.entity.js';
import { ManagedOAuthService } from './managed-oauth.service.js';
import { OAuthLoginService } from './oauth/oauth-login.service.js';
import { OAuthStateEntity } from './oauth/oauth-state.entity.js';
import { OAuthStrategies } from './oauth/oauth-strategies.service.js';
import { OAuthController } from './oauth/oauth.controller.js';
import { SessionJwtGuard } from './session-jwt.guard.js';
import { SessionTokenReaderModule } from './session-token-reader.module.js';
import { SessionTokenService } from './session-token.service.js';
import { ApiKeyStrategy } from './strategies/api-key.strategy.js';
import { SessionJwtStrategy } from './strategies/session-jwt.strategy.js';
import { TokenRefresher } from './token-refresher.service.js';
import { UserProfileController } from './user-profile.controller.js';
import { UserProfileService } from './user-profile.service.js';

@Module({
  imports: [
    PassportModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature([
      OAuthStateEntity,
      UserEntity,
      ManagedCredentialsEntity,
      ManagedOAuthAccountEntity,
      ManagedOAuthPendingEntity,
    ]),
    AdminModule,
    ClaimsModule,
    UsersModule,
    SessionTokenReaderModule,
  ],
  controllers: [
    AuthController,
    OAuthController,
    ManagedAuthStateController,
    ManagedAuthAdminController,
    ManagedOAuthAdminController,
    UserProfileController,
  ],
  providers: [
    AuthService,
    CredentialVault,
    CrmSessionService,
    SessionTokenService,
    SessionJwtStrategy,
    ApiKeyStrategy,
    OAuthStrategies,
    OAuthLoginService,
    TokenRefresher,
    UserProfileService,
    ManagedCredentialsService,
    ManagedLoginValues,
    ManagedOAuthService,
    ManagedOAuthClients,
    { provide: APP_GUARD, useClass: SessionJwtGuard },
  ],
  exports: [CrmSessionService, CredentialVault],
})
export class AuthModule {}
