import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AccountDataModule } from './account-data/account-data.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CallLogsModule } from './call-logs/call-logs.module.js';
import { CalldownModule } from './calldown/calldown.module.js';
import { AppExceptionFilter } from './app-exception.filter.js';
import { AppointmentsModule } from './appointments/appointments.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { appConfigModule } from './app-config.module.js';
import type { Env } from './config/define-config.js';
import { metricsConfig } from './config/metrics.config.js';
import { sampleCrmConfig } from './config/sample-crm.config.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { CrmModule } from './crm/crm.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ENTITIES } from './entities.js';
import { HealthModule } from './health/health.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { ManifestModule } from './manifest/manifest.module.js';
import { MessageLogsModule } from './message-logs/message-logs.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ProvidersModule } from './providers/providers.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';
import { UserMappingModule } from './user-mapping/user-mapping.module.js';

@Module({})
export class AppModule {
  /** The whole server, configured from `env` (explicit in tests). */
  static forEnv(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        appConfigModule(env),
        MetricsModule.forConfig(metricsConfig.read(env)),
        RedisModule,
        LifecycleModule,
        // Before AuthModule: its guard must run before the session guard.
        RateLimitModule,
        DatabaseModule.forRoot(ENTITIES),
        CrmModule.forProviders(ProvidersModule.forConfig({ sampleCrm: sampleCrmConfig.read(env) })),
        UsersModule,
        AuthModule,
        ContactsModule,
        AppointmentsModule,
        CallLogsModule,
        MessageLogsModule,
        CalldownModule,
        AccountDataModule,
        AdminModule,
        UserMappingModule,
        ManifestModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }],
    };
  }
}
