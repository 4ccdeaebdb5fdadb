import { Injectable } from '@nestjs/common';
import dns from 'node:dns';

/** DNS for the private-address check, injectable so that no test depends on real DNS. */
@Injectable()
export class HostResolver {
  async resolve(hostname: string): Promise<string[]> {
    const results = await dns.promises.lookup(hostname, { all: true, verbatim: true });
    return results.map((result) => result.address);
  }
}
