import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

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
