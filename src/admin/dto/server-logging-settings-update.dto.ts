import { IsDefined, IsObject } from 'class-validator';

/** POST /admin/serverLoggingSettings: the field values server-side logging uses for this user. */
export class ServerLoggingSettingsUpdateDto {
  @IsDefined({ message: 'Missing additionalFieldValues' })
  @IsObject({ message: '$property must be an object' })
  additionalFieldValues: Record<string, unknown>;
}
