import { jest } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { replaceRow } from './replace-row.js';

const duplicate = () =>
  new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: '23505' }));

describe('replaceRow', () => {
  it('updates an existing row and inserts nothing', async () => {
    const insert = jest.fn(async () => undefined);
    await replaceRow(async () => ({ affected: 1 }), insert);
    expect(insert).not.toHaveBeenCalled();
  });

  it('inserts when there is no row', async () => {
    const update = jest.fn(async () => ({ affected: 0 }));
    const insert = jest.fn(async () => undefined);
    await replaceRow(update, insert);
    expect(update).toHaveBeenCalledTimes(1);
    expect(insert).toHaveBeenCalledTimes(1);
  });

  it("updates the other writer's row when its insert lost the race", async () => {
    const update = jest
      .fn<() => Promise<{ affected?: number }>>()
      .mockResolvedValueOnce({ affected: 0 })
      .mockResolvedValueOnce({ affected: 1 });
    const insert = jest.fn(async () => {
      throw duplicate();
    });
    await replaceRow(update, insert);
    expect(update).toHaveBeenCalledTimes(2);
    expect(insert).toHaveBeenCalledTimes(1);
  });

  it('passes on any other failure of the insert', async () => {
    const broken = new Error('database down');
    await expect(
      replaceRow(
        async () => ({ affected: 0 }),
        async () => {
          throw broken;
        },
      ),
    ).rejects.toBe(broken);
  });
});
