import {
  getConfigToken,
  registerAs,
  type ConfigFactory,
  type ConfigFactoryKeyHost,
} from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export type Env = Readonly<Record<string, string | undefined>>;

/** A configuration problem that stops start-up; its message never holds a value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigDefinition<T> {
  readonly KEY: string;
  read(env: Env): T;
  load(env: Env): ConfigFactory & ConfigFactoryKeyHost<unknown>;
}

/** One feature's typed configuration: `read` maps the environment, `cls`'s decorators validate. */
export function defineConfig<T extends object>(
  namespace: string,
  cls: new () => T,
  read: (env: Env) => Record<string, unknown>,
): ConfigDefinition<T> {
  const readValidated = (env: Env): T => {
    const instance = plainToInstance(cls, read(env));
    const errors = validateSync(instance, { forbidUnknownValues: true });
    if (errors.length > 0) {
      throw new ConfigError(`Invalid configuration: ${describe(errors).join('; ')}`);
    }
    return instance;
  };
  return {
    KEY: getConfigToken(namespace),
    read: readValidated,
    load: (env) =>
      registerAs(namespace, () => readValidated(env) as Record<string, unknown>) as ConfigFactory &
        ConfigFactoryKeyHost<unknown>,
  };
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

export function envInt(value: string | undefined, fallback: number): number | string {
  if (value === undefined || value.trim() === '') return fallback;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

export function envBool(value: string | undefined, fallback: boolean): boolean | string {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
}
