import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { IsText } from '../../common/validation/decorators.js';

/** POST /admin/managedOAuth/cache (postAdminManagedOauthCache); the values are checked by ManagedOAuthClients. */
export class ManagedOAuthCacheDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'clientId, clientSecret, accessTokenUri, authorizationUri (required); redirectUri, scopes, hostname',
  })
  @IsObject({ message: 'values must be an object' })
  values: Record<string, unknown>;
}

/** Its query: a platform to check the token URL against (crm-bridge's own; optional). */
export class ManagedOAuthCacheQuery {
  @IsText(64, { optional: true, trim: true })
  platform?: string;
}
