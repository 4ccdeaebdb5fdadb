import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { UserEntity } from './user.entity.js';
import { UserProfileController } from './user-profile.controller.js';
import { UserProfileService } from './user-profile.service.js';
import { UsersModule } from './users.module.js';

/** Separate from UsersModule, which AuthModule imports: this one needs the CRM session. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), AuthModule, UsersModule],
  controllers: [UserProfileController],
  providers: [UserProfileService],
})
export class UserProfileModule {}
