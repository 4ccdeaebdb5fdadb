import {
  authorizeWithPassword,
  createPkcePair,
  type RunningSampleCrm,
} from '../../examples/sample-crm/sample-crm.js';
import type { KitCredentials } from './kit-connection.js';

const LOGINS = {
  alice: { email: 'alice@sample-crm.test', password: 'alice-password' },
  bob: { email: 'bob@sample-crm.test', password: 'bob-password' },
} as const;

const API_KEYS = { alice: 'sample-key-alice', bob: 'sample-key-bob' } as const;

/** A seeded sample-CRM user's credentials for a sign-in style, as a user would obtain them. */
export async function sampleCrmCredentials(
  crm: RunningSampleCrm,
  auth: 'apiKey' | 'oauth',
  who: keyof typeof LOGINS,
): Promise<KitCredentials> {
  if (auth === 'apiKey') return { apiKey: API_KEYS[who] };
  const redirectUri = 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html';
  const pkce = createPkcePair();
  const { code } = await authorizeWithPassword(crm.url, {
    ...LOGINS[who],
    redirectUri,
    state: 'provider-kit',
    codeChallenge: pkce.challenge,
  });
  const response = await fetch(`${crm.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
      client_id: 'crm-bridge',
      client_secret: 'crm-bridge-secret',
    }),
  });
  const tokens = (await response.json()) as { access_token: string; refresh_token?: string };
  if (!response.ok) throw new Error(`sample CRM token exchange failed: ${response.status}`);
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
}
