import net from 'node:net';
import { isDnsName } from './host-pattern.js';

export class HostRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostRuleError';
  }
}

const MAX_URL_LENGTH = 2048;

/** A bare hostname from the client, held to the host rule (docs/client-contract.md, Auth). */
export function parseClientHostname(value: string, field = 'hostname'): URL {
  const text = value.trim().toLowerCase();
  if (text === '') throw new HostRuleError(`${field} is required`);
  if (text.length > 253 || !/^[a-z0-9.-]+$/.test(text)) {
    throw new HostRuleError(`${field} must be a plain host name such as crm.example.com`);
  }
  let url: URL;
  try {
    url = new URL(`https://${text}/`);
  } catch {
    throw new HostRuleError(`${field} must be a plain host name such as crm.example.com`);
  }
  // The URL parser reads 2130706433, 0x7f.1 and 127.1 as 127.0.0.1: compare what it understood.
  if (net.isIP(url.hostname) || /^[0-9.]+$/.test(text) || /^0x/i.test(text)) {
    throw new HostRuleError(`${field} must be a host name, not an IP address`);
  }
  if (url.hostname !== text.replace(/\.$/, '') || !isDnsName(url.hostname)) {
    throw new HostRuleError(`${field} must be a plain host name such as crm.example.com`);
  }
  return url;
}

export function parseClientUrl(value: string, field: string): URL {
  const text = value.trim();
  if (text.length > MAX_URL_LENGTH) throw new HostRuleError(`${field} is too long`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HostRuleError(`${field} must be an https URL`);
  }
  if (url.protocol !== 'https:') throw new HostRuleError(`${field} must be an https URL`);
  if (url.username !== '' || url.password !== '' || /^[^/]*\/\/[^/]*@/.test(text)) {
    throw new HostRuleError(`${field} must not contain a user name or password`);
  }
  if (url.port !== '') throw new HostRuleError(`${field} must use the default https port`);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(hostname)) {
    throw new HostRuleError(`${field} must name a host, not an IP address`);
  }
  if (!isDnsName(hostname)) {
    throw new HostRuleError(`${field} must name a valid host`);
  }
  return url;
}
