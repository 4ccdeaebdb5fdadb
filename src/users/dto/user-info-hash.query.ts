import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';

function IsRcId() {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)),
    IsOptional(),
    IsString({ message: '$property must be given once' }),
    Matches(/^\d{1,20}$/, { message: '$property must be 1 to 20 digits' }),
  );
}

export class UserInfoHashQuery {
  @IsRcId()
  extensionId?: string;

  @IsRcId()
  accountId?: string;
}
