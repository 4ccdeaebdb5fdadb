import { extensionKeyOf } from './extension-key.js';

const hash = (id: string) => `h(${id})`;

describe('extensionKeyOf', () => {
  it.each([
    [
      {
        hashedExtensionId: 'abc',
        rcExtensionId: '1',
        rcExtensionIdHeader: 'hdr',
        extensionNumber: '101',
      },
      'abc',
    ],
    [{ rcExtensionId: '62', rcExtensionIdHeader: 'hdr', extensionNumber: '101' }, 'h(62)'],
    [{ rcExtensionIdHeader: 'hdr', extensionNumber: '101' }, 'hdr'],
    [{ extensionNumber: '101' }, 'n:101'],
    [{ hashedExtensionId: '  ', extensionNumber: ' 7 ' }, 'n:7'],
    [{}, ''],
  ])('%j → %s', (sources, expected) => {
    expect(extensionKeyOf(sources, hash)).toBe(expected);
  });
});
