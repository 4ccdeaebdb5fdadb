import { isSecretKey, REDACTED, redactText, redactValue } from './redact.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSIsInBsdCI6InNhbXBsZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redaction', () => {
  it.each([
    ['GET /contact?jwtToken=abc.def.ghi&phoneNumber=1', 'abc.def.ghi'],
    ['https://media.example/content?accessToken=RC-SECRET-TOKEN', 'RC-SECRET-TOKEN'],
    ['grant_type=refresh_token&refresh_token=rt-123456&client_secret=cs-987', 'rt-123456'],
    ['grant_type=refresh_token&refresh_token=rt-123456&client_secret=cs-987', 'cs-987'],
    ['token=at-555&token_type_hint=access_token', 'at-555'],
    ['code=auth-code-1&code_verifier=verifier-xyz', 'verifier-xyz'],
    ['https://ringcentral.github.io/redirect.html?code=auth-code-1&state=s', 'auth-code-1'],
    ['{"apiKey":"key-123","platform":"x"}', 'key-123'],
    ['{"password": "p\\"w-with-quote"}', 'w-with-quote'],
    ['{"x-rc-access-token":"rc-tok-1"}', 'rc-tok-1'],
    ["{ rcAccessToken: 'rc-tok-2' }", 'rc-tok-2'],
    ['authorization: Bearer bearer-token-1', 'bearer-token-1'],
    ['Authorization=Basic YWxpY2U6c2VjcmV0', 'YWxpY2U6c2VjcmV0'],
    ['request failed with Bearer tok-abcdef in header', 'tok-abcdef'],
    ['x-api-key: sample-key-alice', 'sample-key-alice'],
    ['invalid apiKey=sample-key-bob for user', 'sample-key-bob'],
    ['password=hunter2', 'hunter2'],
    [`session ${JWT} refused`, JWT],
    [`at verify (/app/x.js:1:2) token ${JWT}`, 'c2lnbmF0dXJlLXNpZ25hdHVyZQ'],
  ])('takes the secret out of %j', (text, secret) => {
    const clean = redactText(text);
    expect(clean).not.toContain(secret);
    expect(clean).toContain(REDACTED);
  });

  it('leaves ordinary text alone', () => {
    for (const text of [
      'GET /contact 200',
      'CRM failure UNAVAILABLE (Sample CRM getUserInfo status 503) ref 1234-abcd',
      'tokenVersion: 3, platform=sample-crm',
      'Sample CRM GET /api/contacts answered 404',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it('recognises secret property names', () => {
    for (const key of [
      'authorization',
      'Authorization',
      'jwtToken',
      'apiKey',
      'api_key',
      'access_token',
      'accessToken',
      'refresh_token',
      'client_secret',
      'clientSecret',
      'code_verifier',
      'password',
      'rcAccessToken',
      'x-rc-access-token',
      'x-refreshed-jwt-token',
      'sessionSecret',
    ]) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['code', 'tokenVersion', 'platform', 'hostname', 'sessionId', 'status']) {
      expect(isSecretKey(key)).toBe(false);
    }
  });

  it('redacts objects deeply: keys, strings, errors, without touching the original', () => {
    const error = new Error('call to https://crm/api?access_token=at-1 failed');
    error.stack = `Error: refresh_token=rt-2\n    at x (/app/y.js:1:1)`;
    const input = {
      headers: { authorization: 'Bearer at-3', 'x-request-id': 'r-1' },
      body: { apiKey: 'k-4', nested: [{ password: 'p-5' }, 'jwtToken=t-6'] },
      error,
    };
    const output = JSON.stringify(redactValue(input));
    for (const secret of ['at-1', 'rt-2', 'at-3', 'k-4', 'p-5', 't-6']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('r-1');
    expect(input.headers.authorization).toBe('Bearer at-3');
  });

  it('survives cycles and deep nesting', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    let deep: Record<string, unknown> = { apiKey: 'deep-secret' };
    for (let i = 0; i < 20; i += 1) deep = { next: deep };
    expect(JSON.stringify(redactValue({ a, deep }))).not.toContain('deep-secret');
  });
});
