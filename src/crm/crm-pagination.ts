export interface CrmPage<T, P> {
  items: readonly T[];
  next?: P | null;
}

export const DEFAULT_MAX_PAGES = 5;

/** Reads a paged list one page at a time, up to `maxPages` (`complete` false if the cap cut it). */
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
