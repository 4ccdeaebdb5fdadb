import { IsObject, IsOptional } from 'class-validator';
import { IsE164Phone, IsText } from '../../common/validation/decorators.js';

export class CreateContactDto {
  @IsE164Phone()
  phoneNumber: string;

  @IsText(255, { required: true, trim: true })
  newContactName: string;

  @IsText(64, { optional: true })
  newContactType?: string;

  @IsOptional()
  @IsObject({ message: 'additionalSubmission must be an object' })
  additionalSubmission?: Record<string, unknown>;
}
