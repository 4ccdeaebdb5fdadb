import { createHash, randomBytes } from 'node:crypto';

/**
 * Test helpers that play the browser in the sample CRM's OAuth flow over plain HTTP: follow the
 * redirects from the authorize URL with a cookie jar, fill in the login page, answer the consent
 * page, and stop at the redirect back to the client.
 */

export interface BrowserLogin {
  email: string;
  password: string;
  /** Answer the consent page with Approve (default) or Deny. */
  approve?: boolean;
}

export interface AuthorizeResult {
  /** The final redirect to the client's redirect_uri, with `code` & `state` (or `error`). */
  location: string;
  code?: string;
  state?: string;
  /** `access_denied` when the consent was denied, or another OAuth error. */
  error?: string;
}

export interface AuthorizeWithPasswordOptions extends BrowserLogin {
  /** Default `crm-bridge`. */
  clientId?: string;
  redirectUri: string;
  /** Default `openid offline_access contacts activities`. */
  scope?: string;
  state: string;
  /** S256 code challenge; none sends no PKCE. */
  codeChallenge?: string;
}

/** A PKCE pair: `verifier` for the token request, S256 `challenge` for the authorize URL. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Builds the authorize URL (`<crmUrl>/oauth/auth?...`) and follows it like a browser. */
export function authorizeWithPassword(
  crmUrl: string,
  opts: AuthorizeWithPasswordOptions,
): Promise<AuthorizeResult> {
  const url = new URL(`${crmUrl.replace(/\/+$/, '')}/oauth/auth`);
  url.search = new URLSearchParams({
    client_id: opts.clientId ?? 'crm-bridge',
    redirect_uri: opts.redirectUri,
    response_type: 'code',
    scope: opts.scope ?? 'openid offline_access contacts activities',
    state: opts.state,
    ...(opts.codeChallenge
      ? { code_challenge: opts.codeChallenge, code_challenge_method: 'S256' }
      : {}),
  }).toString();
  return followAuthorizeUrl(url.href, opts);
}

/**
 * Follows an authorize URL (say the one crm-bridge's OAuth start redirects to) like a browser with
 * a fresh cookie jar: signs in with email + password, approves or denies the consent, and returns
 * the redirect back to the client. Throws, with the page's message, when the flow stops at the CRM
 * instead (wrong password, unregistered redirect_uri, …).
 */
export async function followAuthorizeUrl(
  authorizeUrl: string,
  login: BrowserLogin,
): Promise<AuthorizeResult> {
  const jar = new CookieJar();
  const start = new URL(authorizeUrl);
  // Everything below the issuer (`<crm>/oauth/`) is the CRM; any other address is the client.
  const crmPrefix = `${start.origin}${start.pathname.replace(/[^/]*$/, '')}`;
  let request: { url: string; form?: Record<string, string> } = { url: start.href };
  let triedLogin = false;
  let answeredConsent = false;

  for (let step = 0; step < 20; step++) {
    const res = await fetch(request.url, {
      method: request.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(jar.header() ? { cookie: jar.header() } : {}),
        ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: request.form ? new URLSearchParams(request.form).toString() : undefined,
    });
    jar.store(res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, request.url).href;
      if (!next.startsWith(crmPrefix)) return resultOf(next);
      request = { url: next };
      continue;
    }

    const html = await res.text();
    const form = findForm(html);
    const pageUrl = new URL(request.url);
    if (form?.id === 'login' && !triedLogin) {
      triedLogin = true;
      const action = new URL(form.action, pageUrl).href;
      request = { url: action, form: { email: login.email, password: login.password } };
    } else if (form?.id === 'consent' && !answeredConsent) {
      answeredConsent = true;
      const action = new URL(form.action, pageUrl).href;
      request = { url: action, form: { decision: login.approve === false ? 'deny' : 'approve' } };
    } else {
      throw new Error(
        `authorization stopped at ${request.url} (HTTP ${res.status}): ${pageMessage(html)}`,
      );
    }
  }
  throw new Error(`authorization did not finish within 20 steps from ${authorizeUrl}`);
}

function resultOf(location: string): AuthorizeResult {
  const params = new URL(location).searchParams;
  const pick = (name: string) => params.get(name) ?? undefined;
  return { location, code: pick('code'), state: pick('state'), error: pick('error') };
}

function findForm(html: string): { id: string; action: string } | undefined {
  const match = /<form\b[^>]*\bid="(login|consent)"[^>]*\baction="([^"]*)"/.exec(html);
  return match ? { id: match[1], action: unescapeHtml(match[2]) } : undefined;
}

/** The page's error text (`id="error"`), else its text with the tags stripped. */
function pageMessage(html: string): string {
  const error = /<[^>]*\bid="error"[^>]*>([\s\S]*?)<\//.exec(html)?.[1];
  const text = (error ?? html.replace(/<style[\s\S]*?<\/style>/g, '')).replace(/<[^>]*>/g, ' ');
  return unescapeHtml(text).replace(/\s+/g, ' ').trim().slice(0, 300);
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A minimal cookie jar for one origin: cookies by name (the OAuth server's cookie names are
 * unique), paths and expiry dates ignored except for deletions.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const deleted =
        value === '' ||
        attributes.some((attribute) => {
          const [key, attrValue = ''] = attribute.split('=').map((part) => part.trim());
          if (/^max-age$/i.test(key)) return Number(attrValue) <= 0;
          if (/^expires$/i.test(key)) return Date.parse(attrValue) <= Date.now();
          return false;
        });
      if (deleted) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie header value, '' when empty. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
