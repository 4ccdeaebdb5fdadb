import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { Configuration, errors, JWK, KoaContextWithOIDC } from 'oidc-provider';
import type { SampleCrmStore } from './sample-crm-store.js';
import { sampleCrmLog } from './sample-crm-log.js';

/** The scopes the sample CRM knows. `offline_access` gets a refresh token (after consent). */
export const OAUTH_SCOPES = ['openid', 'offline_access', 'contacts', 'activities'] as const;

export const DEFAULT_OAUTH_CLIENT_ID = 'crm-bridge';
export const DEFAULT_OAUTH_CLIENT_SECRET = 'crm-bridge-secret';
export const DEFAULT_REDIRECT_URIS: readonly string[] = [
  'https://ringcentral.github.io/ringcentral-embeddable/redirect.html',
  'http://localhost:3000/auth/sample-crm/callback',
  'http://localhost:3000/auth/sample-crm-json/callback',
];
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** Where the OAuth server lives below the CRM's base URL. */
export const OAUTH_PATH = '/oauth';

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Know who you are in the Sample CRM',
  offline_access: 'Stay connected when you are not using it (refresh tokens)',
  contacts: 'Read and create your contacts',
  activities: 'Read and log calls and messages',
};

export interface OAuthServerOptions {
  /** The issuer: the externally visible `<CRM URL>/oauth`, no trailing slash. */
  issuer: string;
  /** The registered confidential client (crm-bridge). Default `crm-bridge` / `crm-bridge-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** The client's allowed redirect URIs (exact match). Default {@link DEFAULT_REDIRECT_URIS}. */
  redirectUris?: readonly string[];
  /**
   * More registered confidential clients (an account's own app, for managed OAuth), with the
   * same redirect URIs.
   */
  extraClients?: readonly { clientId: string; clientSecret: string }[];
  /** Access-token lifetime. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime, renewed by every rotation. Default 30 days. */
  refreshTokenTtlSeconds?: number;
  /** Count token-endpoint grants and revocations into `store.grantStats()`. Default false. */
  countGrants?: boolean;
}

/** The OAuth server, built on first use: oidc-provider and Koa would slow every start-up. */
export type OAuthServer = () => Promise<Provider>;

let oidc: typeof import('oidc-provider') | undefined;

async function loadOidc(): Promise<typeof import('oidc-provider')> {
  oidc ??= await import('oidc-provider');
  return oidc;
}

let signingKey: JWK | undefined;

/**
 * The ID-token signing key: an RSA key generated once per process (nothing is signed that must
 * outlive it: access and refresh tokens are opaque and live in the store).
 */
function signingJwk(): JWK {
  if (!signingKey) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' }) as JWK;
    signingKey = { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' };
  }
  return signingKey;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
  }
  return value;
}

/**
 * The sample CRM's OAuth 2.0 authorization server, built on oidc-provider: authorization code with
 * PKCE (S256; required for public clients, verified whenever a client sends it), refresh tokens
 * rotated on every use, revocation (RFC 7009), opaque access tokens, one registered confidential
 * client. Its state lives in `store.oauth`; mount it with {@link mountOAuthServer}.
 */
export function createOAuthProvider(store: SampleCrmStore, opts: OAuthServerOptions): OAuthServer {
  const issuer = opts.issuer.replace(/\/+$/, '');
  const accessTokenTtl = positiveInteger(
    'accessTokenTtlSeconds',
    opts.accessTokenTtlSeconds,
    DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  );
  const refreshTokenTtl = positiveInteger(
    'refreshTokenTtlSeconds',
    opts.refreshTokenTtlSeconds,
    DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  );
  const interactionBase = `${new URL(issuer).pathname.replace(/\/+$/, '')}/interaction`;

  const configuration = (): Configuration => ({
    adapter: (model: string) => store.oauth.adapterFor(model),
    clients: [
      {
        client_id: opts.clientId ?? DEFAULT_OAUTH_CLIENT_ID,
        client_secret: opts.clientSecret ?? DEFAULT_OAUTH_CLIENT_SECRET,
        client_name: opts.clientId ?? DEFAULT_OAUTH_CLIENT_ID,
        redirect_uris: [...(opts.redirectUris ?? DEFAULT_REDIRECT_URIS)],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // client_secret_post is accepted as well: oidc-provider treats the two as one method.
        token_endpoint_auth_method: 'client_secret_basic',
      },
      ...(opts.extraClients ?? []).map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        client_name: client.clientId,
        redirect_uris: [...(opts.redirectUris ?? DEFAULT_REDIRECT_URIS)],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code' as const],
        token_endpoint_auth_method: 'client_secret_basic' as const,
      })),
    ],
    // Signed, httpOnly, SameSite=Lax. Secure only on https (oidc-provider sets it from the
    // request), so the flow works over plain http on 127.0.0.1. Lax instead of the default None for
    // the session cookie: browsers drop SameSite=None cookies that are not Secure.
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    findAccount: (_ctx, id) => {
      const user = store.getUser(id);
      return user && { accountId: user.id, claims: () => ({ sub: user.id }) };
    },
    scopes: [...OAUTH_SCOPES],
    claims: { openid: ['sub'] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `${interactionBase}/${interaction.uid}` },
    jwks: { keys: [signingJwk()] },
    pkce: {
      methods: ['S256'],
      required: (_ctx, client) => client.clientAuthMethod === 'none',
    },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: refreshTokenTtl,
      Grant: Math.max(refreshTokenTtl, 365 * 24 * 3600),
      Interaction: 3600,
      Session: 14 * 24 * 3600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error',
        `<p id="error" class="error">${escapeHtml(out.error)}: ${escapeHtml(
          out.error_description ?? '',
        )}</p><p>Start again from the app you came from.</p>`,
      );
    },
  });
  if (opts.countGrants) store.enableGrantCounting();
  let built: Promise<Provider> | undefined;
  return () =>
    (built ??= loadOidc().then(({ default: Provider }) =>
      setUp(new Provider(issuer, configuration())),
    ));

  function setUp(provider: Provider): Provider {
    provider.on('server_error', (_ctx: KoaContextWithOIDC, err: Error) => {
      sampleCrmLog('error', 'OAuth server error', err);
    });
    // Trust X-Forwarded-Proto/Host only for an https issuer, i.e. behind a TLS-terminating proxy.
    provider.proxy = issuer.startsWith('https:');

    if (opts.countGrants) {
      provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
        store.countGrant(grantTypeOf(ctx), ctx.oidc?.client?.clientId);
      });
      provider.on(
        'grant.error',
        (ctx: KoaContextWithOIDC, err: InstanceType<typeof errors.OIDCProviderError>) => {
          store.countGrantError(grantTypeOf(ctx), err.error ?? 'server_error');
        },
      );
      // oidc-provider 8 has no revocation success event: look at the answer instead.
      provider.use(async (koaCtx, next) => {
        await next();
        const ctx = koaCtx as KoaContextWithOIDC;
        if (ctx.oidc?.route !== 'revocation' || ctx.status !== 200) return;
        const { entities } = ctx.oidc;
        store.countRevocation(
          entities.RefreshToken
            ? 'refresh_token'
            : entities.AccessToken
              ? 'access_token'
              : undefined,
        );
      });
    }
    return provider;
  }
}

function grantTypeOf(ctx: KoaContextWithOIDC): string {
  const grantType = ctx.oidc?.params?.grant_type;
  return typeof grantType === 'string' && grantType ? grantType : 'unknown';
}

/**
 * Mounts the OAuth server at `/oauth` on the app: the login and consent pages
 * (`/oauth/interaction/:uid`), then oidc-provider's own endpoints (`/oauth/auth`, `/oauth/token`,
 * `/oauth/token/revocation`, `/oauth/.well-known/openid-configuration`, …).
 */
export function mountOAuthServer(app: Express, store: SampleCrmStore, provider: OAuthServer): void {
  const base = OAUTH_PATH;

  // OpenID Connect only honours offline_access with prompt=consent, and drops it silently
  // otherwise (no refresh token). Asking for offline access here always asks for consent instead,
  // so a client need not know that rule.
  app.get(`${base}/auth`, consentForOfflineAccess);

  app.get(`${base}/interaction/:uid`, interactionRoute(provider, store, showInteraction));
  app.post(`${base}/interaction/:uid/login`, interactionRoute(provider, store, login));
  app.post(`${base}/interaction/:uid/confirm`, interactionRoute(provider, store, confirm));

  // Express strips the mount path; oidc-provider finds it again in req.originalUrl.
  let callback: ReturnType<Provider['callback']> | undefined;
  app.use(base, (req: Request, res: Response, next: NextFunction) => {
    provider().then((built) => (callback ??= built.callback())(req, res), next);
  });
}

function consentForOfflineAccess(req: Request, _res: Response, next: NextFunction): void {
  const url = new URL(req.originalUrl, 'http://sample-crm.invalid');
  const scopes = (url.searchParams.get('scope') ?? '').split(' ');
  const prompts = (url.searchParams.get('prompt') ?? '').split(' ').filter(Boolean);
  if (scopes.includes('offline_access') && !prompts.includes('consent')) {
    // prompt=none must stay alone (and then fails with consent_required, as it should).
    if (!prompts.includes('none')) {
      url.searchParams.set('prompt', [...prompts, 'consent'].join(' '));
      req.url = req.originalUrl = `${url.pathname}${url.search}`;
    }
  }
  next();
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

interface InteractionContext {
  req: Request;
  res: Response;
  provider: Provider;
  store: SampleCrmStore;
  interaction: Interaction;
  /** Form action base of this interaction: `/oauth/interaction/<uid>`. */
  action: string;
}

/** Runs an interaction step; an expired or foreign interaction gets an HTML error page, no stack. */
function interactionRoute(
  server: OAuthServer,
  store: SampleCrmStore,
  step: (ctx: InteractionContext) => Promise<void>,
) {
  return async (req: Request, res: Response) => {
    res.set({
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Frame-Options': 'DENY',
    });
    try {
      if (req.method === 'POST') await parseForm(req, res);
      const provider = await server();
      const interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== req.params.uid) {
        throw new oidc!.errors.SessionNotFound('stale interaction');
      }
      // As the browser sees it (the issuer's path, like interactions.url), in case a proxy
      // serves the CRM below a path prefix.
      const issuerPath = new URL(provider.issuer).pathname.replace(/\/+$/, '');
      const action = `${issuerPath}/interaction/${encodeURIComponent(interaction.uid)}`;
      await step({ req, res, provider, store, interaction, action });
    } catch (err) {
      if (res.headersSent) return;
      if (oidc && err instanceof oidc.errors.SessionNotFound) {
        sendPage(res, 400, 'Sign-in expired', expiredHtml());
        return;
      }
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        // The form parser's 400/413/415.
        sendPage(res, status, 'Sign-in error', '<p class="error" id="error">Bad request.</p>');
        return;
      }
      sampleCrmLog('error', 'Sign-in interaction failed', err);
      sendPage(res, 500, 'Sign-in error', '<p class="error" id="error">Something went wrong.</p>');
    }
  };
}

async function showInteraction(ctx: InteractionContext): Promise<void> {
  const { interaction, res } = ctx;
  if (interaction.prompt.name === 'login') {
    sendPage(res, 200, 'Sign in', loginHtml(ctx, {}));
  } else if (interaction.prompt.name === 'consent') {
    sendPage(res, 200, 'Allow access', consentHtml(ctx));
  } else {
    sendPage(res, 400, 'Sign-in error', expiredHtml());
  }
}

async function login(ctx: InteractionContext): Promise<void> {
  const { req, res, provider, store, interaction } = ctx;
  if (interaction.prompt.name !== 'login') {
    sendPage(res, 400, 'Sign-in expired', expiredHtml());
    return;
  }
  const body = formBody(req);
  if (body.decision === 'deny') {
    await deny(ctx);
    return;
  }
  const email = body.email ?? '';
  const user = store.findUserByLogin(email, body.password ?? '');
  if (!user) {
    const error = 'Wrong email or password.';
    sendPage(res, 401, 'Sign in', loginHtml(ctx, { email, error }));
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.id } },
    { mergeWithLastSubmission: false },
  );
}

async function confirm(ctx: InteractionContext): Promise<void> {
  const { req, res, provider, interaction } = ctx;
  if (interaction.prompt.name !== 'consent' || !interaction.session) {
    sendPage(res, 400, 'Sign-in expired', expiredHtml());
    return;
  }
  if (formBody(req).decision !== 'approve') {
    await deny(ctx);
    return;
  }
  const { details } = interaction.prompt;
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant =
    existing ??
    new provider.Grant({
      accountId: interaction.session.accountId,
      clientId: String(interaction.params.client_id),
    });
  const missingScope = details.missingOIDCScope as string[] | undefined;
  if (missingScope?.length) grant.addOIDCScope(missingScope.join(' '));
  const missingClaims = details.missingOIDCClaims as string[] | undefined;
  if (missingClaims?.length) grant.addOIDCClaims(missingClaims);
  const missingResourceScopes = details.missingResourceScopes as
    Record<string, string[]> | undefined;
  for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: existing ? {} : { grantId } },
    { mergeWithLastSubmission: true },
  );
}

/** Back to the client with `error=access_denied`. */
async function deny({ req, res, provider }: InteractionContext): Promise<void> {
  await provider.interactionFinished(
    req,
    res,
    { error: 'access_denied', error_description: 'The user denied the request' },
    { mergeWithLastSubmission: false },
  );
}

const formParser = express.urlencoded({ extended: false, limit: '10kb' });

function parseForm(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    formParser(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
  );
}

function formBody(req: Request): Record<string, string | undefined> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const fields = body as Record<string, unknown>;
  return {
    email: text(fields.email),
    password: text(fields.password),
    decision: text(fields.decision),
  };
}

// ---- Pages: plain server-rendered HTML; everything echoed is escaped. ----

export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sample CRM</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
label { display: block; margin-top: 1rem; }
input { width: 100%; padding: .4rem; box-sizing: border-box; }
button { margin: 1rem .5rem 0 0; padding: .4rem 1rem; }
.error { color: #b00020; }
</style>
</head>
<body>
<h1>Sample CRM</h1>
<h2>${escapeHtml(title)}</h2>
${body}
</body>
</html>
`;
}

function sendPage(res: Response, status: number, title: string, body: string): void {
  res.status(status).type('html').send(page(title, body));
}

function clientName(interaction: Interaction): string {
  return String(interaction.params.client_id ?? 'an app');
}

function loginHtml(
  { interaction, action }: InteractionContext,
  { email = '', error }: { email?: string; error?: string },
): string {
  return `<p>to continue to <strong id="client">${escapeHtml(clientName(interaction))}</strong></p>
${error ? `<p class="error" id="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form id="login" action="${escapeHtml(`${action}/login`)}" method="post">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(email)}" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="sign-in" type="submit" name="decision" value="login">Sign in</button>
<button id="cancel" type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
</form>`;
}

function consentHtml({ interaction, action, store }: InteractionContext): string {
  const user = store.getUser(interaction.session?.accountId ?? '');
  const scopes = String(interaction.params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const items = scopes
    .map(
      (scope) =>
        `<li><code>${escapeHtml(scope)}</code>: ${escapeHtml(SCOPE_TEXT[scope] ?? scope)}</li>`,
    )
    .join('\n');
  const who = user
    ? ` as <strong>${escapeHtml(user.name)}</strong> (${escapeHtml(user.email)})`
    : '';
  return `<p><strong id="client">${escapeHtml(clientName(interaction))}</strong> wants to use your Sample CRM account${who}:</p>
<ul id="scopes">
${items}
</ul>
<form id="consent" action="${escapeHtml(`${action}/confirm`)}" method="post">
<button id="approve" type="submit" name="decision" value="approve">Approve</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
</form>`;
}

function expiredHtml(): string {
  return `<p class="error" id="error">This sign-in has expired or was already used.</p>
<p>Start again from the app you came from.</p>`;
}
