import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsObject,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { IsIdString, IsText } from '../../common/validation/decorators.js';

export class CallPartyDto {
  @IsText(64, { optional: true })
  phoneNumber?: string;

  @IsIdString(32, { optional: true })
  extensionNumber?: string;

  @IsText(255, { optional: true })
  name?: string;
}

export class CallLegDto {
  @IsText(64, { optional: true })
  legType?: string;

  @IsText(16, { optional: true })
  direction?: string;

  @IsOptional()
  @IsNumber({}, { message: '$property must be a number' })
  duration?: number;

  @IsCallParty()
  from?: CallPartyDto;

  @IsCallParty()
  to?: CallPartyDto;
}

export function IsCallParty() {
  return applyDecorators(
    IsOptional(),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(() => CallPartyDto),
  );
}

export function IsCallLegs() {
  return applyDecorators(
    ApiProperty({ type: () => CallLegDto, isArray: true, required: false, maxItems: 100 }),
    IsOptional(),
    IsArray({ message: '$property must be an array' }),
    ArrayMaxSize(100, { message: '$property must have at most 100 entries' }),
    ValidateNested({ each: true, message: '$property must hold objects' }),
    Type(() => CallLegDto),
  );
}
