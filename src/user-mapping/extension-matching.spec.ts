import { matchExtension, resolveMappings } from './extension-matching.js';

describe('matching CRM users to RingCentral extensions', () => {
  const ann = { id: 'u1', name: 'Ann Lee', email: 'Ann@Example.test' };

  it('email first, even when another extension has the name', () => {
    const extensions = [
      { id: 1, name: 'Ann Lee' },
      { id: 2, name: 'Someone', email: '  ann@example.TEST ' },
    ];
    expect(matchExtension(ann, extensions)?.id).toBe(2);
  });

  it('then the name, from name or first and last name, case-insensitive and trimmed', () => {
    expect(matchExtension(ann, [{ id: 3, firstName: ' ann', lastName: 'LEE ' }])?.id).toBe(3);
    expect(matchExtension(ann, [{ id: 4, name: ' ANN LEE ' }])?.id).toBe(4);
    expect(
      matchExtension({ id: 'u2', name: '', email: '' }, [{ id: 5, name: '' }]),
    ).toBeUndefined();
  });

  it('keeps stored mappings, adds new matches, leaves unmatched users unmapped', () => {
    const { rows, mappings } = resolveMappings(
      [ann, { id: 'u2', name: 'Bo Ray' }, { id: 'u3', name: 'Nobody' }],
      [
        { id: '10', name: 'Ann Lee' },
        { id: '11', name: 'Bo Ray', extensionNumber: '11' },
      ],
      [{ crmUserId: 'u1', rcExtensionIds: ['11', '99'] }],
    );
    expect(rows.map((row) => row.rcUser.map((rc) => rc.extensionId))).toEqual([['11'], ['11'], []]);
    expect(rows[2]).toEqual({ crmUser: { id: 'u3', name: 'Nobody', email: '' }, rcUser: [] });
    expect(mappings).toEqual([
      { crmUserId: 'u1', rcExtensionIds: ['11', '99'] },
      { crmUserId: 'u2', rcExtensionIds: ['11'] },
    ]);
  });
});
