const MAX_DEPTH = 4;

/** Any JSON value as one line (`a, b`; `key: value, key: value`), or undefined when empty. */
export function renderLogValue(value: unknown, depth = 0): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return '…';
  const nested = (inner: unknown) => {
    const text = renderLogValue(inner, depth + 1);
    return text !== undefined && inner !== null && typeof inner === 'object' ? `(${text})` : text;
  };
  const parts = Array.isArray(value)
    ? value.map(nested)
    : Object.entries(value).map(([key, inner]) => {
        const text = nested(inner);
        return text === undefined ? undefined : `${key}: ${text}`;
      });
  const shown = parts.filter((part) => part !== undefined);
  return shown.length > 0 ? shown.join(', ') : undefined;
}
