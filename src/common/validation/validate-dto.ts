import { validate } from 'class-validator';
import { AppError } from '../errors/app-error.js';
import { leanPlainToInstance } from './lean-transform.js';
import { cacheValidationRules } from './validation-rules-cache.js';
import { describeValidationErrors } from './validation.pipe.js';

/** The global ValidationPipe's rules for input that bypasses pipes (Passport strategies). */
export async function validateDto<T extends object>(cls: new () => T, input: unknown): Promise<T> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw AppError.invalidRequest('the body must be a JSON object');
  }
  cacheValidationRules();
  const instance = leanPlainToInstance(cls, input);
  const errors = await validate(instance, {
    whitelist: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw AppError.invalidRequest(describeValidationErrors(errors).slice(0, 5).join('; '));
  }
  return instance;
}
