/** A cursor that is malformed, tampered with, or was issued for another query. */
export class CursorError extends Error {}

export interface Page<T> {
  results: T[];
  /** Opaque; null on the last page. */
  next_cursor: string | null;
}

interface CursorState {
  /** The query the cursor was issued for. */
  q: string;
  /** The serial of the last record on the previous page. */
  after: number;
}

/**
 * One page of `items` (sorted by `serial`, ascending) after the cursor. The cursor is opaque to
 * callers (base64url JSON) and bound to `query`: replaying it with another query is refused, as
 * many real APIs do. Keyset paging: records added meanwhile never shift a page.
 */
export function pageOf<T>(
  items: readonly T[],
  serial: (item: T) => number,
  query: string,
  cursor: string | undefined,
  limit: number,
): Page<T> {
  const after = cursor === undefined ? -Infinity : decode(cursor, query);
  const rest = items.filter((item) => serial(item) > after);
  const results = rest.slice(0, limit);
  const last = results.at(-1);
  return {
    results,
    next_cursor:
      rest.length > limit && last !== undefined ? encode({ q: query, after: serial(last) }) : null,
  };
}

function encode(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decode(cursor: string, query: string): number {
  let state: Partial<CursorState>;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorState>;
  } catch {
    throw new CursorError('cursor is not one this API issued');
  }
  if (typeof state !== 'object' || state === null || !Number.isInteger(state.after)) {
    throw new CursorError('cursor is not one this API issued');
  }
  if (state.q !== query) throw new CursorError('cursor belongs to another query');
  return state.after as number;
}
