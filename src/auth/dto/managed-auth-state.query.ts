import { IsIn, IsOptional } from 'class-validator';
import { IsIdString, IsText } from '../../common/validation/decorators.js';

export class ManagedAuthStateQuery {
  @IsText(64, { required: true, trim: true })
  platform: string;
}

/** The official connector selectors: read, not used (one connector per platform here). */
export class ConnectorQuery {
  @IsText(255, { optional: true })
  connectorId?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'isPrivate must be true or false' })
  isPrivate?: 'true' | 'false';

  @IsIdString(64, { optional: true })
  devRcAccountId?: string;
}

/** GET /apiKeyManagedAuthState (getApiKeyManagedAuthState). */
export class ApiKeyManagedAuthStateQuery extends ConnectorQuery {
  @IsText(64, { required: true, trim: true })
  platform: string;
}
