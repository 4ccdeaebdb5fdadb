import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';

const RC_ID = /^\d{1,20}$/;

function IsRcId() {
  return applyDecorators(
    ApiProperty({ type: 'string', required: false, pattern: RC_ID.source }),
    Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value)),
    IsOptional(),
    IsString({ message: '$property must be given once' }),
    Matches(RC_ID, { message: '$property must be 1 to 20 digits' }),
  );
}

export class UserInfoHashQuery {
  @IsRcId()
  extensionId?: string;

  @IsRcId()
  accountId?: string;
}
