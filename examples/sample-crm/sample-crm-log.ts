type Level = 'info' | 'warn' | 'error' | 'fatal';

/**
 * The sample CRM's own log lines: one JSON object per line on standard output, shaped like
 * crm-bridge's (`level`, `time`, `context`, `msg`, `error`), so one log shipper reads both.
 */
export function sampleCrmLog(level: Level, msg: string, error?: unknown): void {
  const line: Record<string, unknown> = {
    level,
    time: new Date().toISOString(),
    context: 'SampleCrm',
    msg,
  };
  if (error !== undefined) {
    line.error =
      error instanceof Error
        ? { type: error.name, message: error.message, stack: error.stack }
        : { message: String(error) };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
