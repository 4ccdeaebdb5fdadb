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
  redirectBase?: string;
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  hostname?: string;
}

/** Reassembles /oauth-callback's query: the client pastes callbackUri unencoded. */
export function reassembleCallback(rawQuery: string): OAuthCallbackParams {
  const top = parseRawQuery(rawQuery);
  const rawCallback = rawQueryValue(rawQuery, 'callbackUri');
  let inner = new Map<string, string>();
  let redirectBase: string | undefined;
  if (rawCallback !== undefined) {
    // Unencoded (the client's way): decode each piece once; encoded as a whole: decode it first.
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
