import {
  followAuthorizeUrl,
  type AuthorizeResult,
} from '../../examples/sample-crm/oauth-browser.js';
import type { TestAgent } from './test-app.js';

export const EMBEDDABLE_REDIRECT =
  'https://ringcentral.github.io/ringcentral-embeddable/redirect.html';

export const SAMPLE_LOGINS = {
  alice: { email: 'alice@sample-crm.test', password: 'alice-password' },
  bob: { email: 'bob@sample-crm.test', password: 'bob-password' },
} as const;

/** The query the App Connect client appends to the manifest's authUrl (docs/client-contract.md, Auth). */
export function clientAuthorizeQuery(overrides: Record<string, string> = {}): string {
  const params = {
    response_type: 'code',
    client_id: 'crm-bridge',
    state: 'platform=sample-crm',
    redirect_uri: encodeURIComponent(EMBEDDABLE_REDIRECT),
    ...overrides,
  };
  // The client appends the manifest's scope raw (`scope=a b`), then state and redirect_uri.
  return `response_type=${params.response_type}&client_id=${params.client_id}&scope=openid offline_access&state=${params.state}&redirect_uri=${params.redirect_uri}`;
}

/** /oauth-start, then the CRM's login and consent pages as a browser would; the captured redirect. */
export async function authorizeThroughBridge(
  http: TestAgent,
  who: keyof typeof SAMPLE_LOGINS,
  options: { approve?: boolean; query?: string; platform?: string } = {},
): Promise<AuthorizeResult> {
  const platform = options.platform ?? 'sample-crm';
  const query = options.query ?? clientAuthorizeQuery({ state: `platform=${platform}` });
  const start = await http.get(`/oauth-start/${platform}?${query}`).expect(302);
  return followAuthorizeUrl(start.headers.location, {
    ...SAMPLE_LOGINS[who],
    approve: options.approve,
  });
}

/** The whole client login: authorize, then /oauth-callback the way the client calls it. */
export async function loginWithOAuth(
  http: TestAgent,
  who: keyof typeof SAMPLE_LOGINS,
  platform = 'sample-crm',
): Promise<string> {
  const { location } = await authorizeThroughBridge(http, who, { platform });
  const res = await http
    .get(`/oauth-callback?callbackUri=${location}&hostname=app.example&rcAccountId=1`)
    .expect(200);
  if (!res.body.jwtToken) throw new Error(`OAuth login failed: ${JSON.stringify(res.body)}`);
  return res.body.jwtToken as string;
}
