import { nextLink, readPages, type CrmPage } from './crm-pagination.js';

/** A paged list of `pages`, each page pointing at the next by its index; the positions asked for. */
function pagedList(pages: number[][]) {
  const asked: (number | undefined)[] = [];
  const fetchPage = async (position: number | undefined): Promise<CrmPage<number, number>> => {
    asked.push(position);
    const index = position ?? 0;
    return { items: pages[index] ?? [], next: index + 1 < pages.length ? index + 1 : null };
  };
  return { asked, fetchPage };
}

describe('readPages', () => {
  it('follows each next position until a page has none, in order', async () => {
    const list = pagedList([[1, 2], [3, 4], [5]]);
    await expect(readPages(list.fetchPage)).resolves.toEqual({
      items: [1, 2, 3, 4, 5],
      complete: true,
    });
    expect(list.asked).toEqual([undefined, 1, 2]);
  });

  it('stops at an empty page even when it names a next one', async () => {
    const asked: (string | undefined)[] = [];
    const result = await readPages<number, string>(async (position) => {
      asked.push(position);
      return position === undefined ? { items: [1], next: 'b' } : { items: [], next: 'c' };
    });
    expect(result).toEqual({ items: [1], complete: true });
    expect(asked).toEqual([undefined, 'b']);
  });

  it('treats an absent next like a null one', async () => {
    const result = await readPages(async () => ({ items: ['only'] }));
    expect(result).toEqual({ items: ['only'], complete: true });
  });

  it('reads at most maxPages pages and says the list was cut', async () => {
    const list = pagedList([[1], [2], [3], [4]]);
    await expect(readPages(list.fetchPage, 2)).resolves.toEqual({ items: [1, 2], complete: false });
    expect(list.asked).toEqual([undefined, 1]);
  });

  it('reads 5 pages by default', async () => {
    const list = pagedList(Array.from({ length: 8 }, (_, i) => [i]));
    const result = await readPages(list.fetchPage);
    expect(result).toEqual({ items: [0, 1, 2, 3, 4], complete: false });
  });

  it('passes each page its index, and lets a failing page fail the read', async () => {
    const indexes: number[] = [];
    const read = readPages(async (_position: number | undefined, index) => {
      indexes.push(index);
      if (index === 1) throw new Error('page 2 failed');
      return { items: [index], next: index + 1 };
    });
    await expect(read).rejects.toThrow('page 2 failed');
    expect(indexes).toEqual([0, 1]);
  });
});

describe('nextLink', () => {
  it.each([
    ['absent', undefined, undefined],
    ['empty', '', undefined],
    [
      'a lone next',
      '<https://crm.example/api?page=2>; rel="next"',
      'https://crm.example/api?page=2',
    ],
    [
      'next among others',
      '<https://crm.example/api?page=1>; rel="first", <https://crm.example/api?page=3>; rel="next", <https://crm.example/api?page=9>; rel="last"',
      'https://crm.example/api?page=3',
    ],
    ['an unquoted rel', '<https://crm.example/a?c=x>; rel=next', 'https://crm.example/a?c=x'],
    [
      'a rel with several types',
      '<https://crm.example/n>; rel="prefetch next"',
      'https://crm.example/n',
    ],
    ['a rel in capitals', '<https://crm.example/n>; REL="NEXT"', 'https://crm.example/n'],
    [
      'other parameters after rel',
      '<https://crm.example/n>; rel="next"; title="more"',
      'https://crm.example/n',
    ],
    [
      'a comma inside the URL',
      '<https://crm.example/a?ids=1,2>; rel="next"',
      'https://crm.example/a?ids=1,2',
    ],
    [
      'no next',
      '<https://crm.example/p1>; rel="prev", <https://crm.example/p9>; rel="last"',
      undefined,
    ],
    ['a type that merely contains next', '<https://crm.example/n>; rel="nextish"', undefined],
    ['next only in the title', '<https://crm.example/n>; rel="last"; title="next"', undefined],
  ])('%s', (_label, header, expected) => {
    expect(nextLink(header)).toBe(expected);
  });
});
