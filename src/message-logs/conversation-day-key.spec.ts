import { conversationDayKey } from './conversation-day-key.js';

// 03:15 UTC on 24 June is still 23 June in Los Angeles.
const AT = new Date('2026-06-24T03:15:00Z');

describe('conversationDayKey', () => {
  it("keeps the client's ids as sent", () => {
    expect(
      conversationDayKey({
        conversationId: '555100',
        conversationLogId: ' 555100-2026-06-24 ',
        numbers: ['+14155550100'],
        firstMessageAt: AT,
      }),
    ).toEqual({ conversationId: '555100', conversationLogId: '555100-2026-06-24' });
  });

  it("builds a missing conversationLogId as the client does: the first message's day in the user's zone", () => {
    const key = (timeZone?: string, conversationLogId?: string) =>
      conversationDayKey({
        conversationId: '555100',
        conversationLogId,
        numbers: [],
        firstMessageAt: AT,
        timeZone,
      }).conversationLogId;
    expect(key()).toBe('555100-2026-06-24');
    expect(key('America/Los_Angeles')).toBe('555100-2026-06-23');
    expect(key('Europe/Berlin', '   ')).toBe('555100-2026-06-24');
  });

  it('without a conversationId, knows the conversation by its sorted correspondent numbers', () => {
    const derived = (numbers: string[]) =>
      conversationDayKey({ numbers, firstMessageAt: AT, timeZone: 'UTC' });
    const one = derived(['+16505550111', ' +14155550100', '+14155550100']);
    expect(one.conversationId).toMatch(/^numbers-[A-Za-z0-9_-]{22}$/);
    expect(one.conversationLogId).toBe(`${one.conversationId}-2026-06-24`);
    expect(derived(['+14155550100', '+16505550111'])).toEqual(one);
    expect(derived(['+14155550100']).conversationId).not.toBe(one.conversationId);
  });

  it("without a conversationId or numbers, keeps the client's conversationLogId", () => {
    const key = conversationDayKey({
      conversationLogId: 'day-7',
      numbers: [''],
      firstMessageAt: AT,
    });
    expect(key).toEqual({
      conversationId: expect.stringMatching(/^log-/),
      conversationLogId: 'day-7',
    });
  });

  it('refuses a conversation it cannot identify', () => {
    expect(() => conversationDayKey({ numbers: [' '], firstMessageAt: AT })).toThrow(
      'Invalid request: logInfo needs a conversationId, a conversationLogId or a correspondent phoneNumber',
    );
  });
});
