import { AdminSettingsEntity } from './admin/admin-settings.entity.js';
import { ServerLoggingSettingsEntity } from './admin/server-logging-settings.entity.js';
import { ManagedCredentialsEntity } from './auth/managed-credentials.entity.js';
import { ManagedOAuthAccountEntity } from './auth/managed-oauth-account.entity.js';
import { ManagedOAuthPendingEntity } from './auth/managed-oauth-pending.entity.js';
import { OAuthStateEntity } from './auth/oauth/oauth-state.entity.js';
import { CallLogMappingEntity } from './call-logs/call-log-mapping.entity.js';
import { CallNoteEntity } from './call-logs/call-note.entity.js';
import { CalldownEntryEntity } from './calldown/calldown-entry.entity.js';
import { MessageLogGroupEntity } from './message-logs/message-log-group.entity.js';
import { MessageLogEntity } from './message-logs/message-log.entity.js';
import { NamedClaimEntity } from './database/claims/named-claim.entity.js';
import { CrmUserMappingEntity } from './admin/crm-user-mapping.entity.js';
import { UserEntity } from './users/user.entity.js';

/** Every TypeORM entity; the migrations set per-database collations and date column types. */
export const ENTITIES = [
  UserEntity,
  CallLogMappingEntity,
  CallNoteEntity,
  MessageLogEntity,
  MessageLogGroupEntity,
  OAuthStateEntity,
  NamedClaimEntity,
  CalldownEntryEntity,
  AdminSettingsEntity,
  ServerLoggingSettingsEntity,
  ManagedCredentialsEntity,
  CrmUserMappingEntity,
  ManagedOAuthAccountEntity,
  ManagedOAuthPendingEntity,
];
