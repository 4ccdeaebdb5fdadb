import { AppError } from '../common/errors/app-error.js';
import { checkManagedOAuthValues, scopesOf, withoutSecret } from './managed-oauth-values.js';

const rules = { redirectUris: ['https://app.example/redirect.html'], allowLoopbackHttp: false };
const valid = {
  clientId: ' acme ',
  clientSecret: ' s3cret ',
  accessTokenUri: 'https://crm.example.com/oauth/token',
  authorizationUri: 'https://crm.example.com/oauth/auth',
};

const refusal = (input: unknown, loopback = false) => {
  try {
    checkManagedOAuthValues(input, { ...rules, allowLoopbackHttp: loopback });
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
  return 'accepted';
};

describe('checkManagedOAuthValues', () => {
  it('keeps the known fields (ids trimmed, the secret as given) and drops unknown ones', () => {
    expect(
      checkManagedOAuthValues(
        { ...valid, redirectUri: '', scopes: ['a', 'b'], hostname: 'CRM.Example.com', extra: 1 },
        rules,
      ),
    ).toEqual({ ...valid, clientId: 'acme', scopes: ['a', 'b'], hostname: 'crm.example.com' });
  });

  it.each([
    [null, 'values must be an object'],
    [[], 'values must be an object'],
    [{ ...valid, clientId: '  ' }, 'values.clientId is required'],
    [{ ...valid, clientSecret: undefined }, 'values.clientSecret is required'],
    [{ ...valid, clientSecret: 7 }, 'values.clientSecret must be a string'],
    [{ ...valid, clientId: 'a\nb' }, 'values.clientId must not contain control characters'],
    [{ ...valid, accessTokenUri: '/token' }, 'values.accessTokenUri must be an absolute https URL'],
    [
      { ...valid, accessTokenUri: 'http://crm.example.com/t' },
      'values.accessTokenUri must be an https URL',
    ],
    [
      { ...valid, accessTokenUri: 'ftp://crm.example.com/t' },
      'values.accessTokenUri must be an https URL',
    ],
    [
      { ...valid, authorizationUri: 'https://u:p@crm.example.com/a' },
      'values.authorizationUri must not contain a user name or password',
    ],
    [
      { ...valid, authorizationUri: 'https://crm.example.com/a#x' },
      'values.authorizationUri must not have a fragment',
    ],
    [
      { ...valid, accessTokenUri: `https://crm.example.com/${'a'.repeat(2048)}` },
      'values.accessTokenUri must be at most 2048 characters',
    ],
    [
      { ...valid, redirectUri: 'https://evil.example/cb' },
      "values.redirectUri must be one of this server's redirect URIs (https://app.example/redirect.html)",
    ],
    [
      { ...valid, scopes: { a: 1 } },
      'values.scopes must be a string or a list of at most 50 scope names',
    ],
    [
      { ...valid, scopes: ['ok', 'two words'] },
      'values.scopes must be a string or a list of at most 50 scope names',
    ],
    [{ ...valid, hostname: '10.0.0.1' }, 'values.hostname must be a host name, not an IP address'],
  ])('refuses %j: %s', (input, message) => {
    expect(refusal(input)).toBe(`Invalid request: ${message}`);
  });

  it('takes http only on loopback, and only where private CRM hosts are allowed', () => {
    const local = { ...valid, accessTokenUri: 'http://127.0.0.1:3100/oauth/token' };
    expect(refusal(local)).toBe('Invalid request: values.accessTokenUri must be an https URL');
    expect(refusal(local, true)).toBe('accepted');
    expect(refusal({ ...local, accessTokenUri: 'http://[::1]:3100/t' }, true)).toBe('accepted');
    expect(refusal({ ...local, accessTokenUri: 'http://10.0.0.5/t' }, true)).toBe(
      'Invalid request: values.accessTokenUri must be an https URL',
    );
  });

  it('never names the secret in a refusal', () => {
    expect(refusal({ ...valid, clientSecret: 'x'.repeat(5000) })).not.toContain('xxx');
  });
});

describe('scopesOf and withoutSecret', () => {
  it('splits a scope string on spaces and commas; a list stays a list; none is undefined', () => {
    expect(scopesOf({ ...valid, scopes: ' a b,c ' })).toEqual(['a', 'b', 'c']);
    expect(scopesOf({ ...valid, scopes: ['x'] })).toEqual(['x']);
    expect(scopesOf(valid)).toBeUndefined();
  });

  it('leaves the secret out', () => {
    expect(withoutSecret(valid)).not.toHaveProperty('clientSecret');
    expect(withoutSecret(valid).clientId).toBe(' acme ');
  });
});
