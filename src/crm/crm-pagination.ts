/** One page of a paged CRM list: its records, and where the next page is (absent: the last). */
export interface CrmPage<T, P> {
  items: readonly T[];
  next?: P | null;
}

/** How many pages a paged read follows at most, by default. */
export const DEFAULT_MAX_PAGES = 5;

/**
 * Reads a paged list page by page, one request at a time: `fetchPage` gets undefined for the
 * first page, then each page's `next` (a cursor, page number, offset or URL) until a page has
 * none, comes back empty, or `maxPages` pages were read. `complete` is false when the cap cut it.
 */
export async function readPages<T, P>(
  fetchPage: (position: P | undefined, index: number) => Promise<CrmPage<T, P>>,
  maxPages = DEFAULT_MAX_PAGES,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let position: P | undefined;
  for (let index = 0; index < maxPages; index += 1) {
    const page = await fetchPage(position, index);
    items.push(...page.items);
    if (page.next === undefined || page.next === null || page.items.length === 0) {
      return { items, complete: true };
    }
    position = page.next;
  }
  return { items, complete: false };
}

/** The `rel="next"` URL of an RFC 8288 `Link` header, if any. */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const link of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2])) {
      return match[1];
    }
  }
  return undefined;
}
