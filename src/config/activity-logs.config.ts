import {
  IsInt,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { DEFAULT_CRM_TIMEOUT_MS } from './crm.config.js';
import { defineConfig, envInt } from './define-config.js';

/** A hold must outlast the CRM budget, or a second request could write while the first still does. */
@ValidatorConstraint({ name: 'outlastsCrmBudget' })
class OutlastsCrmBudget implements ValidatorConstraintInterface {
  validate(seconds: unknown, args: ValidationArguments): boolean {
    const budgetMs = (args.object as ActivityLogsConfig).crmTimeoutMs;
    return typeof seconds !== 'number' || typeof budgetMs !== 'number' || seconds * 1000 > budgetMs;
  }
}

/** How long a CRM write with an unknown outcome keeps its claim, so a retry cannot race it. */
export class ActivityLogsConfig {
  @IsInt({ message: 'CALL_LOG_CLAIM_TTL_SECONDS must be an integer' })
  @Min(1, { message: 'CALL_LOG_CLAIM_TTL_SECONDS must be at least 1' })
  @Max(3600, { message: 'CALL_LOG_CLAIM_TTL_SECONDS must be at most 3600' })
  @Validate(OutlastsCrmBudget, {
    message: 'CALL_LOG_CLAIM_TTL_SECONDS must be longer than CRM_TIMEOUT_MS',
  })
  callLogClaimTtlSeconds: number;

  @IsInt({ message: 'MESSAGE_LOG_LOCK_TTL_SECONDS must be an integer' })
  @Min(1, { message: 'MESSAGE_LOG_LOCK_TTL_SECONDS must be at least 1' })
  @Max(3600, { message: 'MESSAGE_LOG_LOCK_TTL_SECONDS must be at most 3600' })
  @Validate(OutlastsCrmBudget, {
    message: 'MESSAGE_LOG_LOCK_TTL_SECONDS must be longer than CRM_TIMEOUT_MS',
  })
  messageLogLockTtlSeconds: number;

  crmTimeoutMs: number;
}

export const activityLogsConfig = defineConfig('activityLogs', ActivityLogsConfig, (env) => ({
  callLogClaimTtlSeconds: envInt(env.CALL_LOG_CLAIM_TTL_SECONDS, 120),
  messageLogLockTtlSeconds: envInt(env.MESSAGE_LOG_LOCK_TTL_SECONDS, 120),
  crmTimeoutMs: envInt(env.CRM_TIMEOUT_MS, DEFAULT_CRM_TIMEOUT_MS),
}));
