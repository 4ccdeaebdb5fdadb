import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { IsIdList, IsIdString, IsText } from '../../common/validation/decorators.js';

/** POST /admin/managedAuth (postAdminManagedAuth); the controller checks `values` against the form. */
export class ManagedAuthUpdateDto {
  @ApiProperty({ enum: ['org', 'user'] })
  @IsIn(['org', 'user'], { message: 'scope must be org or user' })
  scope: 'org' | 'user';

  /** Required with scope `user` (checked by the controller). */
  @IsIdString(64, { optional: true })
  rcExtensionId?: string;

  @IsText(255, { optional: true })
  rcUserName?: string;

  @IsOptional()
  @IsObject({ message: 'values must be an object' })
  values?: Record<string, unknown>;

  @IsIdList(64, { optional: true, maxLength: 128 })
  fieldsToRemove?: string[];
}
