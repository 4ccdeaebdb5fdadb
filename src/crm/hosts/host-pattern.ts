import net from 'node:net';

export interface HostPattern {
  readonly text: string;
  readonly hostname: string;
  readonly wildcard: boolean;
  readonly port?: string;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

export function parseHostPattern(text: string): HostPattern {
  const trimmed = text.trim().toLowerCase();
  const wildcard = trimmed.startsWith('*.');
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(rest.startsWith('[') ? '' : rest);
  let hostname = portMatch?.[1] ?? '';
  let port = portMatch?.[2];
  if (rest.startsWith('[')) {
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

export function hostnameOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** `anyPort`: a bare hostname the client named (the base URL decides the port). */
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
