import { OAuthStateEntity } from './auth/oauth/oauth-state.entity.js';
import { CallLogMappingEntity } from './call-logs/call-log-mapping.entity.js';
import { CallNoteEntity } from './call-logs/call-note.entity.js';
import { MessageLogGroupEntity } from './message-logs/message-log-group.entity.js';
import { MessageLogEntity } from './message-logs/message-log.entity.js';
import { NamedClaimEntity } from './database/claims/named-claim.entity.js';
import { UserEntity } from './users/user.entity.js';

/**
 * Every TypeORM entity of the app. The schema comes from the migrations (never `synchronize`),
 * which make every identifier column byte-exact on MySQL (`columnTypes().exactKey`): a collation
 * the entities cannot declare, as TypeORM would send it to SQLite too. For the same reason dates
 * are declared `type: Date` (each driver's own date handling), while the migrations choose the
 * column type per database (`datetime`, `datetime(3)`, `timestamptz(3)`).
 */
export const ENTITIES = [
  UserEntity,
  CallLogMappingEntity,
  CallNoteEntity,
  MessageLogEntity,
  MessageLogGroupEntity,
  OAuthStateEntity,
  NamedClaimEntity,
];
