import {
  plainToInstance,
  TransformationType,
  type ClassConstructor,
  type ClassTransformOptions,
} from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';

interface Shape {
  known: string[];
  nested: Map<string, ClassConstructor<object>>;
  transformed: Set<string>;
}

type Path = (string | number)[];

const shapes = new WeakMap<object, Shape>();

function shapeOf(cls: ClassConstructor<object>): Shape {
  let shape = shapes.get(cls);
  if (shape) return shape;
  const known = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(cls, '', false, false)
        .map((metadata) => metadata.propertyName),
    ),
  ];
  const nested = new Map<string, ClassConstructor<object>>();
  const transformed = new Set<string>();
  for (const property of known) {
    const type = defaultMetadataStorage.findTypeMetadata(cls, property);
    if (type) nested.set(property, type.typeFunction() as ClassConstructor<object>);
    const transforms = defaultMetadataStorage.findTransformMetadatas(
      cls,
      property,
      TransformationType.PLAIN_TO_CLASS,
    );
    if (transforms.length > 0) transformed.add(property);
  }
  shape = { known, nested, transformed };
  shapes.set(cls, shape);
  return shape;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lean(
  cls: ClassConstructor<object>,
  plain: Record<string, unknown>,
  path: Path,
  detached: [Path, unknown][],
): Record<string, unknown> {
  const shape = shapeOf(cls);
  const copy: Record<string, unknown> = {};
  for (const property of shape.known) {
    if (!Object.hasOwn(plain, property)) continue;
    const value = plain[property];
    const nestedCls = shape.nested.get(property);
    if (nestedCls && isRecord(value)) {
      copy[property] = lean(nestedCls, value, [...path, property], detached);
    } else if (nestedCls && Array.isArray(value)) {
      copy[property] = value.map((item: unknown, index) =>
        isRecord(item) ? lean(nestedCls, item, [...path, property, index], detached) : item,
      );
    } else if (
      !nestedCls &&
      !shape.transformed.has(property) &&
      typeof value === 'object' &&
      value !== null
    ) {
      detached.push([[...path, property], value]);
    } else {
      copy[property] = value;
    }
  }
  return copy;
}

function put(instance: object, path: Path, value: unknown): void {
  let owner = instance as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) owner = owner[step] as Record<string | number, unknown>;
  owner[path[path.length - 1]] = value;
}

/**
 * `plainToInstance` in linear time: class-transformer's walk is quadratic in an object's keys, so
 * unknown properties are dropped first and free-form values are set aside and put back after.
 */
export function leanPlainToInstance<T>(
  cls: ClassConstructor<T>,
  plain: unknown,
  options?: ClassTransformOptions,
): T {
  if (!isRecord(plain)) return plainToInstance(cls, plain, options) as T;
  const detached: [Path, unknown][] = [];
  const copy = lean(cls as ClassConstructor<object>, plain, [], detached);
  const instance = plainToInstance(cls, copy, options);
  for (const [path, value] of detached) put(instance as object, path, value);
  return instance;
}
