import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';

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
 * typed, and a failure is one plain-text line the older clients can show.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      AppError.invalidRequest(
        describeValidationErrors(errors).slice(0, 5).join('; ') || 'invalid input',
      ),
  });
}
