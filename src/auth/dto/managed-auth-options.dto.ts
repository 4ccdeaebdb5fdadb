import { IsObject, IsOptional } from 'class-validator';
import { IsText } from '../../common/validation/decorators.js';
import { ConnectorQuery } from './managed-auth-state.query.js';

/** POST /admin/managedAuth/options (postAdminManagedAuthOptions): the query. */
export class ManagedAuthOptionsQuery extends ConnectorQuery {
  @IsText(64, { required: true, trim: true })
  platform: string;
}

/** Its body: the field to load choices for; `accountValues` are transient and never stored. */
export class ManagedAuthOptionsDto {
  @IsText(128, { required: true, trim: true })
  fieldConst: string;

  @IsOptional()
  @IsObject({ message: 'accountValues must be an object' })
  accountValues?: Record<string, unknown>;
}
