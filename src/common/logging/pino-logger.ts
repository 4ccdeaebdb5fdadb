import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import {
  destination,
  pino,
  stdTimeFunctions,
  type DestinationStream,
  type Level,
  type Logger,
} from 'pino';
import { currentLogContext } from './log-context.js';
import { REDACTED, redactText, redactValue } from './redact.js';

const PINO_LEVELS: Record<NestLogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Header paths pino censors itself, in case a request or response object is ever logged whole. */
const REDACT_PATHS = [
  '*.headers.authorization',
  '*.headers["x-rc-access-token"]',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  '*.headers["x-refreshed-jwt-token"]',
  'req.headers.authorization',
  'res.headers["x-refreshed-jwt-token"]',
];

export interface PinoLoggerOptions {
  level: NestLogLevel;
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

/** Nest's LoggerService over pino: one JSON line per entry, everything redacted first. */
export class PinoLogger implements LoggerService {
  readonly pino: Logger;

  constructor(options: PinoLoggerOptions) {
    this.pino = pino(
      {
        level: PINO_LEVELS[options.level],
        base: options.base ?? undefined,
        timestamp: stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACT_PATHS, censor: REDACTED },
      },
      options.destination ?? destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  setLogLevels(levels: NestLogLevel[]): void {
    const order: NestLogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const most = order.find((level) => levels.includes(level));
    this.pino.level = most ? PINO_LEVELS[most] : 'silent';
  }

  /** Nest calls `(message, context)`, and for errors `(message, stack, context)`. */
  private write(level: Level, message: unknown, params: unknown[], errorLike = false): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string'
        ? (rest.pop() as string)
        : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    const requestId = currentLogContext()?.requestId;
    if (requestId) fields.requestId = requestId;
    let text: string | undefined;
    if (message instanceof Error) {
      fields.error = redactValue(message);
      text = redactText(message.message);
    } else if (message !== null && typeof message === 'object') {
      const { msg, ...data } = redactValue(message) as Record<string, unknown>;
      Object.assign(fields, data);
      text = typeof msg === 'string' ? msg : undefined;
    } else {
      text = redactText(String(message));
    }
    for (const extra of rest) {
      if (extra === undefined) continue;
      if (errorLike && typeof extra === 'string') fields.stack = redactText(extra);
      else if (extra instanceof Error) fields.error = redactValue(extra);
      else {
        const details = (fields.details as unknown[] | undefined) ?? [];
        details.push(redactValue(extra));
        fields.details = details;
      }
    }
    this.pino[level](fields, text);
  }
}
