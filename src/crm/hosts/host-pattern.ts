import net from 'node:net';

/**
 * One entry of a provider's `allowedHosts`: an exact host (`crm.example.com`, `10.0.0.5:8443`) or a
 * wildcard over subdomains (`*.example.com`, which matches `acme.example.com` and
 * `eu.acme.example.com`, never `example.com` itself). Without a port, only the scheme's default
 * port matches.
 */
export interface HostPattern {
  /** As declared, for messages. */
  readonly text: string;
  /** Lowercase hostname, or the suffix after `*.` for a wildcard. */
  readonly hostname: string;
  readonly wildcard: boolean;
  /** Explicit port, or undefined for the scheme's default. */
  readonly port?: string;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Whether `name` is a syntactically valid DNS name (lowercase ASCII labels, at most 253 chars). */
export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

/** Parses one declared pattern; throws an Error naming what is wrong (start-up, operator-facing). */
export function parseHostPattern(text: string): HostPattern {
  const trimmed = text.trim().toLowerCase();
  const wildcard = trimmed.startsWith('*.');
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(rest.startsWith('[') ? '' : rest);
  let hostname = portMatch?.[1] ?? '';
  let port = portMatch?.[2];
  if (rest.startsWith('[')) {
    // An IPv6 literal: [::1] or [::1]:3100.
    const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(rest);
    hostname = v6?.[1] ?? '';
    port = v6?.[2];
    if (!v6 || net.isIPv6(hostname) === false || wildcard) {
      throw new Error(`allowed host pattern "${text}" is not a valid host`);
    }
  } else if (!net.isIP(hostname) && !isDnsName(hostname)) {
    throw new Error(`allowed host pattern "${text}" is not a valid host`);
  }
  if (wildcard && (net.isIP(hostname) || !hostname.includes('.'))) {
    throw new Error(
      `allowed host pattern "${text}": a wildcard needs a domain of at least two labels (e.g. *.example.com)`,
    );
  }
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new Error(`allowed host pattern "${text}" has an invalid port`);
  }
  return { text, hostname, wildcard, port };
}

/** The URL's hostname without IPv6 brackets, lowercase. */
export function hostnameOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * Whether the URL's host and port are what `pattern` allows. `anyPort`: a bare hostname the client
 * named (the provider's base URL decides the port), so only the name is compared.
 */
export function matchesHostPattern(url: URL, pattern: HostPattern, anyPort = false): boolean {
  const hostname = hostnameOf(url);
  const hostMatches = pattern.wildcard
    ? hostname.endsWith(`.${pattern.hostname}`) && hostname.length > pattern.hostname.length + 1
    : hostname === pattern.hostname;
  if (!hostMatches) return false;
  if (anyPort) return true;
  // URL.port is '' for the scheme's default port (also when it was written out, e.g. :443).
  return pattern.port === undefined ? url.port === '' : url.port === pattern.port;
}

/** The first pattern the URL matches, exact patterns first. */
export function findMatchingPattern(
  url: URL,
  patterns: readonly HostPattern[],
  anyPort = false,
): HostPattern | undefined {
  return (
    patterns.find((p) => !p.wildcard && matchesHostPattern(url, p, anyPort)) ??
    patterns.find((p) => p.wildcard && matchesHostPattern(url, p, anyPort))
  );
}
