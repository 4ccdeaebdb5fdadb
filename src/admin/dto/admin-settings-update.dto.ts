import { IsDefined, IsObject } from 'class-validator';

/** POST /admin/settings; the service checks what `adminSettings` holds. */
export class AdminSettingsUpdateDto {
  @IsDefined({ message: 'adminSettings is required' })
  @IsObject({ message: '$property must be an object' })
  adminSettings: Record<string, unknown>;
}
