import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import fs from 'node:fs';
import { CredentialReencryptor } from '../auth/credential-reencryptor.service.js';
import { CredentialVault } from '../auth/credential-vault.service.js';
import { ManagedCredentialsEntity } from '../auth/managed-credentials.entity.js';
import { ManagedCredentialsService } from '../auth/managed-credentials.service.js';
import { ManagedOAuthAccountEntity } from '../auth/managed-oauth-account.entity.js';
import { ManagedOAuthPendingEntity } from '../auth/managed-oauth-pending.entity.js';
import { ManagedOAuthService } from '../auth/managed-oauth.service.js';
import { appConfigModule } from '../app-config.module.js';
import { ConfigError } from '../config/define-config.js';
import { DatabaseModule } from '../database/database.module.js';
import { ENTITIES } from '../entities.js';
import { UserEntity } from '../users/user.entity.js';

// `npm run vault:reencrypt` (docs/configuration.md, Key rotation).
if (fs.existsSync('.env')) process.loadEnvFile('.env');

@Module({
  imports: [
    appConfigModule(process.env),
    DatabaseModule.forRoot(ENTITIES),
    TypeOrmModule.forFeature([
      UserEntity,
      ManagedCredentialsEntity,
      ManagedOAuthAccountEntity,
      ManagedOAuthPendingEntity,
    ]),
  ],
  providers: [
    CredentialVault,
    CredentialReencryptor,
    ManagedCredentialsService,
    ManagedOAuthService,
  ],
})
class ReencryptModule {}

try {
  const app = await NestFactory.createApplicationContext(ReencryptModule, {
    logger: ['error', 'warn'],
  });
  const report = await app.get(CredentialReencryptor).run();
  const managed =
    (await app.get(ManagedCredentialsService).reencrypt()) +
    (await app.get(ManagedOAuthService).reencrypt());
  process.stdout.write(
    `Re-encrypted ${report.values} credential values of ${report.users} users and ${managed} managed-credential and managed-OAuth rows under the current key.\n`,
  );
  await app.close();
} catch (error) {
  console.error(
    `Re-encryption failed: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
