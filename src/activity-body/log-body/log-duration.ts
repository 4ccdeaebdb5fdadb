function unit(count: number, name: string): string {
  return `${count} ${name}${count === 1 ? '' : 's'}`;
}

/** `1 hour, 2 minutes, 3 seconds` (zero units dropped, no days); RangeError when negative. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`Invalid duration: ${seconds}`);
  }
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(unit(hours, 'hour'));
  if (minutes > 0) parts.push(unit(minutes, 'minute'));
  if (secs > 0 || parts.length === 0) parts.push(unit(secs, 'second'));
  return parts.join(', ');
}

export function formatSeconds(seconds: number): string {
  return unit(Math.round(seconds), 'second');
}
