/** Parameters of a raw query string, each percent-decoded exactly once: a `+` stays a `+`. */
export function parseRawQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeOnce(eq < 0 ? part : part.slice(0, eq));
    if (!params.has(name)) params.set(name, decodeOnce(eq < 0 ? '' : part.slice(eq + 1)));
  }
  return params;
}

export interface OAuthCallbackParams {
  /** The captured redirect URL without its query (must be a registered redirect URI). */
  redirectBase?: string;
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  hostname?: string;
}

/**
 * Reassembles what the App Connect client sends to /oauth-callback (docs/client-contract.md, Auth): it pastes
 * the captured redirect URL unencoded, so the URL's own `&code=…&state=…` spill into the top-level
 * query. Values inside callbackUri win over top-level ones.
 */
export function reassembleCallback(rawQuery: string): OAuthCallbackParams {
  const top = parseRawQuery(rawQuery);
  const rawCallback = rawQueryValue(rawQuery, 'callbackUri');
  let inner = new Map<string, string>();
  let redirectBase: string | undefined;
  if (rawCallback !== undefined) {
    // Unencoded (the client's way): split the raw text, decode each piece once. Encoded as a whole:
    // decode once, then its own query is encoded once more.
    const text =
      rawCallback.includes('?') || rawCallback.includes('#')
        ? rawCallback
        : decodeOnce(rawCallback);
    const [beforeFragment] = text.split('#');
    const q = beforeFragment.indexOf('?');
    redirectBase = decodeOnce(q < 0 ? beforeFragment : beforeFragment.slice(0, q));
    inner = q < 0 ? new Map() : parseRawQuery(beforeFragment.slice(q + 1));
  }
  const pick = (name: string) => inner.get(name) ?? top.get(name);
  return {
    redirectBase,
    code: pick('code'),
    state: pick('state'),
    error: pick('error'),
    errorDescription: pick('error_description'),
    hostname: top.get('hostname'),
  };
}

/** The raw (undecoded) value of a top-level parameter. */
function rawQueryValue(query: string, name: string): string | undefined {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && decodeOnce(part.slice(0, eq)) === name) return part.slice(eq + 1);
  }
  return undefined;
}

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
