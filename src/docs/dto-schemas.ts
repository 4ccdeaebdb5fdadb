import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
};
type DtoClass = abstract new (...args: never[]) => unknown;

const described = new WeakSet<DtoClass>();

/** A DTO's class-validator rules as @ApiProperty metadata: tsc never runs the swagger plugin. */
export function describeDto(cls: DtoClass): void {
  if (described.has(cls)) return;
  described.add(cls);
  const schema = targetConstructorToSchema(cls as unknown as new () => unknown, {
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as Schema;
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const options = propertyOptions(cls, name, property);
    ApiProperty({ ...options, required: required.has(name) } as ApiPropertyOptions)(
      cls.prototype as object,
      name,
    );
  }
}

function propertyOptions(
  cls: DtoClass,
  name: string,
  property: Record<string, unknown>,
): ApiPropertyOptions {
  // `not: {type: null}` is how the converter says "defined": `required` says it for OpenAPI.
  const { $ref, items, not: _defined, ...rest } = property;
  const nested = nestedClass(cls, name);
  const itemRef = (items as { $ref?: string } | undefined)?.$ref;
  if (($ref !== undefined || itemRef !== undefined) && nested) {
    describeDto(nested);
    return { type: () => nested, isArray: itemRef !== undefined } as ApiPropertyOptions;
  }
  return { ...rest, ...(items === undefined ? {} : { items }) } as ApiPropertyOptions;
}

function nestedClass(cls: DtoClass, name: string): DtoClass | undefined {
  const typed = defaultMetadataStorage.findTypeMetadata(cls, name)?.typeFunction();
  const declared: unknown = Reflect.getMetadata('design:type', cls.prototype as object, name);
  const found = typed ?? declared;
  return typeof found === 'function' && found !== Array && found !== Object
    ? (found as DtoClass)
    : undefined;
}
