import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsDefined } from 'class-validator';

/** POST /admin/userMapping and /admin/reinitializeUserMapping; each item is checked by the service. */
export class UserMappingRequestDto {
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        name: { type: 'string' },
        firstName: { type: 'string' },
        lastName: { type: 'string' },
        email: { type: 'string' },
        extensionNumber: { type: 'string' },
      },
    },
  })
  @IsDefined({ message: 'rcExtensionList is required' })
  @IsArray({ message: 'rcExtensionList must be an array' })
  rcExtensionList: unknown[];
}
