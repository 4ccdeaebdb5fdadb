import { parseRawQuery, reassembleCallback } from './callback-query.js';

const REDIRECT = 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html';

describe('reassembleCallback', () => {
  it('takes code and state that spilled out of an unencoded callbackUri', () => {
    const q = `callbackUri=${REDIRECT}?code=abc%2Fdef+g&state=s.t&hostname=app.example&rcAccountId=1`;
    expect(reassembleCallback(q)).toEqual({
      redirectBase: REDIRECT,
      code: 'abc/def+g',
      state: 's.t',
      error: undefined,
      errorDescription: undefined,
      hostname: 'app.example',
    });
  });

  it('reads code and state inside an encoded callbackUri, decoding each value once in total', () => {
    const inner = `${REDIRECT}?state=s1&code=x%2By`;
    const q = `callbackUri=${encodeURIComponent(inner)}&hostname=h`;
    expect(reassembleCallback(q)).toMatchObject({
      redirectBase: REDIRECT,
      code: 'x+y',
      state: 's1',
    });
  });

  it('prefers values inside callbackUri over top-level ones', () => {
    const q = `callbackUri=${encodeURIComponent(`${REDIRECT}?code=inner`)}&code=outer&state=top`;
    expect(reassembleCallback(q)).toMatchObject({ code: 'inner', state: 'top' });
  });

  it('accepts code and state on their own, and reports errors', () => {
    expect(reassembleCallback('code=c&state=s')).toMatchObject({
      redirectBase: undefined,
      code: 'c',
      state: 's',
    });
    expect(
      reassembleCallback(
        `callbackUri=${REDIRECT}?error=access_denied&error_description=User%20said%20no`,
      ),
    ).toMatchObject({
      error: 'access_denied',
      errorDescription: 'User said no',
    });
  });

  it('drops a fragment and tolerates malformed escapes', () => {
    expect(reassembleCallback(`callbackUri=${REDIRECT}#code=frag`).code).toBeUndefined();
    expect(parseRawQuery('a=%E0%A4%A&b=ok').get('a')).toBe('%E0%A4%A');
  });
});
