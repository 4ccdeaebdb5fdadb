import { IsObject, IsOptional } from 'class-validator';
import { IsText } from '../../common/validation/decorators.js';

/** POST /apiKeyLogin (docs/client-contract.md, Auth); rcAccountId, proxyId and the like are ignored. */
export class ApiKeyLoginDto {
  @IsText(64, { required: true, trim: true })
  platform: string;

  @IsText(4096, { optional: true })
  apiKey?: string;

  @IsText(255, { optional: true, trim: true })
  hostname?: string;

  @IsOptional()
  @IsObject({ message: 'additionalInfo must be an object' })
  additionalInfo?: Record<string, unknown>;
}
