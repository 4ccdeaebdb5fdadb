import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { AppError } from '../errors/app-error.js';
import { leanPlainToInstance } from './lean-transform.js';
import { cacheValidationRules } from './validation-rules-cache.js';

export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property)
        ? `${path}${message.slice(error.property.length)}`
        : message,
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** Global pipe: unknown fields stripped (clients add fields over time); a failure is one line. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationRules();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    transformerPackage: { plainToInstance: leanPlainToInstance, classToPlain: instanceToPlain },
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      AppError.invalidRequest(
        describeValidationErrors(errors).slice(0, 5).join('; ') || 'invalid input',
      ),
  });
}
