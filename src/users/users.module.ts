import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LicenseStatusController } from './license-status.controller.js';
import { RcIdHasher } from './rc-id-hasher.service.js';
import { UserInfoHashController } from './user-info-hash.controller.js';
import { UserSettingsController } from './user-settings.controller.js';
import { UserSettingsService } from './user-settings.service.js';
import { UserEntity } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [
    UsersController,
    UserSettingsController,
    UserInfoHashController,
    LicenseStatusController,
  ],
  providers: [UsersService, RcIdHasher, UserSettingsService],
  exports: [UsersService, RcIdHasher],
})
export class UsersModule {}
