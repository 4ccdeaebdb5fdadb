import { LeaseEntity } from '../auth/lease.entity.js';
import { OAuthStateEntity } from '../auth/oauth/oauth-state.entity.js';
import { CallLogEntity } from '../call-logs/call-log.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** Every TypeORM entity of the app. */
export const ENTITIES = [UserEntity, CallLogEntity, OAuthStateEntity, LeaseEntity];
