import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { AppError } from '../errors/app-error.js';
import { leanPlainToInstance } from './lean-transform.js';

/** `property message; other message` with nested paths (`logInfo.sessionId ...`). */
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

/**
 * Global pipe: unknown fields are stripped (clients add fields over time), known ones are strictly
 * typed, and a failure is one plain-text line the older clients can show. Unknown fields go before
 * class-transformer runs (leanPlainToInstance), so a body's cost stays linear in its size.
 */
export function createValidationPipe(): ValidationPipe {
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
