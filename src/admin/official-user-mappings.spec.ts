import { fromOfficialMappings, toOfficialMappings } from './official-user-mappings.js';

describe('official user mappings', () => {
  it('reads one id or a list, numbers as text, repeated extensions once, and writes lists back', () => {
    const stored = fromOfficialMappings([
      { crmUserId: 7, rcExtensionId: 101 },
      { crmUserId: 'u_b', rcExtensionId: ['102', 103, '102'], note: 'ignored' },
    ]);
    expect(stored).toEqual([
      { crmUserId: '7', rcExtensionIds: ['101'] },
      { crmUserId: 'u_b', rcExtensionIds: ['102', '103'] },
    ]);
    expect(toOfficialMappings(stored)).toEqual([
      { crmUserId: '7', rcExtensionId: ['101'] },
      { crmUserId: 'u_b', rcExtensionId: ['102', '103'] },
    ]);
  });

  it.each([
    [{}, /must be an array/],
    [[1], /\[0\] must be an object/],
    [[{ crmUserId: '', rcExtensionId: '1' }], /\[0\]\.crmUserId must be/],
    [[{ crmUserId: 'a'.repeat(256), rcExtensionId: '1' }], /\[0\]\.crmUserId must be/],
    [[{ crmUserId: 'a' }], /\[0\]\.rcExtensionId must be/],
    [[{ crmUserId: 'a', rcExtensionId: 'x'.repeat(65) }], /\[0\]\.rcExtensionId must be/],
    [[{ crmUserId: 'a', rcExtensionId: Array.from({ length: 101 }, (_, i) => i) }], /at most 100/],
    [
      [
        { crmUserId: 'a', rcExtensionId: '1' },
        { crmUserId: 'a', rcExtensionId: '2' },
      ],
      /\[1\]\.crmUserId repeats userMappings\[0\]/,
    ],
  ])('refuses %j', (input, message) => {
    expect(() => fromOfficialMappings(input)).toThrow(message);
  });
});
