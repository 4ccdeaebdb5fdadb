import { IsIn, IsOptional } from 'class-validator';
import { IsIdString, IsText } from '../../common/validation/decorators.js';

export class ManagedAuthStateQuery {
  @IsText(64, { required: true, trim: true })
  platform: string;
}

/** GET /apiKeyManagedAuthState (getApiKeyManagedAuthState): connector fields are read, not used. */
export class ApiKeyManagedAuthStateQuery extends ManagedAuthStateQuery {
  @IsText(255, { optional: true })
  connectorId?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'isPrivate must be true or false' })
  isPrivate?: 'true' | 'false';

  @IsIdString(64, { optional: true })
  devRcAccountId?: string;
}
