import { Injectable } from '@nestjs/common';
import dns from 'node:dns';

/**
 * Resolves a host name to its addresses for the private-address check. A Nest provider of its own
 * so tests can replace it with a fixed table (no test depends on real DNS).
 */
@Injectable()
export class HostResolver {
  /** Every address the name resolves to (IPv4 and IPv6); rejects when it does not resolve. */
  async resolve(hostname: string): Promise<string[]> {
    const results = await dns.promises.lookup(hostname, { all: true, verbatim: true });
    return results.map((result) => result.address);
  }
}
