import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import { ApiBody, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import type { HttpRequest } from '../http/http-types.js';
import { AppError } from '../errors/app-error.js';
import { validateDto } from './validate-dto.js';

type Dto = new () => object;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const unwrapped = createParamDecorator((wrapper: string, ctx: ExecutionContext): unknown => {
  const body: unknown = ctx.switchToHttp().getRequest<HttpRequest>().body;
  if (!isObject(body) || !(wrapper in body)) return body;
  if (!isObject(body[wrapper])) throw AppError.invalidRequest(`${wrapper} must be an object`);
  return body[wrapper];
});

class ValidateAs implements PipeTransform {
  constructor(private readonly dto: Dto) {}

  transform(value: unknown): Promise<object> {
    return validateDto(this.dto, value);
  }
}

/**
 * A body sent either wrapped, `{ [wrapper]: {...} }` (the contract's canonical form), or bare (its
 * older form), validated as `dto` like any body. Document it with ApiWrappedBody.
 */
export const WrappedBody = (wrapper: string, dto: Dto): ParameterDecorator =>
  unwrapped(wrapper, new ValidateAs(dto));

export const ApiWrappedBody = (wrapper: string, dto: Dto) =>
  applyDecorators(
    ApiExtraModels(dto),
    ApiBody({
      required: true,
      schema: {
        oneOf: [
          {
            type: 'object',
            required: [wrapper],
            properties: { [wrapper]: { $ref: getSchemaPath(dto) } },
          },
          { $ref: getSchemaPath(dto) },
        ],
      },
    }),
  );
