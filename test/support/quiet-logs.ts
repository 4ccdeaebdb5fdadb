import { Logger, type LoggerService } from '@nestjs/common';

/**
 * A logger that writes nothing. Tests run silent: a test that looks at log lines passes its own
 * logger (startTestApp's `logger`, or Logger.overrideLogger with a capturing one).
 */
export const SILENT_LOGGER: LoggerService = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
  fatal: () => undefined,
};

// Run before every test file (jest `setupFilesAfterEnv`): Nest's default console logger stays off.
Logger.overrideLogger(SILENT_LOGGER);
