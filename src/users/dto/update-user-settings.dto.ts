import { IsObject, IsOptional } from 'class-validator';
import { IsIdList } from '../../common/validation/decorators.js';

/** POST /user/settings; the map itself is checked by the service. */
export class UpdateUserSettingsDto {
  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  userSettings?: Record<string, unknown>;

  @IsIdList(500, { optional: true, maxLength: 128 })
  settingKeysToRemove?: string[];
}
