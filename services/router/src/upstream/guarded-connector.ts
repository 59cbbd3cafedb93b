import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { buildConnector } from 'undici';

import { isPublicAddress } from './public-address.ts';

/** `AGENT_ENDPOINT_POLICY`: which addresses agent endpoints may resolve to. */
export type EndpointPolicy = 'public' | 'any';

/** A connection refused by the endpoint policy; its message is the failed attempt's reason. */
export class EndpointNotAllowedError extends Error {
  readonly code = 'ENDPOINT_NOT_PUBLIC';

  constructor(host: string, address: string) {
    const shown = host === address ? address : `${host} (${address})`;
    super(`agent endpoint ${shown} is not a public address (AGENT_ENDPOINT_POLICY=public)`);
  }
}

/** Options of {@link guardedConnector}. */
export interface GuardedConnectorOptions {
  /** Longest wait for a TCP connection, in ms. */
  readonly timeoutMs: number;
  /** Resolves a host name to every address; default `dns.lookup` with `all: true`. */
  readonly resolve?: (host: string) => Promise<string[]>;
}

/**
 * An undici connector that resolves the host itself, refuses unless every address is public,
 * and connects to the address it checked, so a DNS answer that changes between check and
 * connect (rebinding) cannot slip a private address through. TLS still verifies the host name.
 */
export function guardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connect = buildConnector({ timeout: options.timeoutMs });
  const resolve = options.resolve ?? resolveAll;

  return (connectOptions, callback) => {
    const host = connectOptions.hostname.replace(/^\[(.*)\]$/, '$1');
    addressesOf(host, resolve).then((addresses) => {
      const refused = addresses.find((address) => !isPublicAddress(address));
      if (refused !== undefined || addresses.length === 0) {
        callback(new EndpointNotAllowedError(host, refused ?? 'no address'), null);
        return;
      }
      const pinned = addresses[0]!;
      connect({
        ...connectOptions,
        hostname: pinned,
        ...(isIP(host) ? {} : { servername: connectOptions.servername ?? host }),
      }, callback);
    })
      // A lookup failure, or connect throwing before it could call back, ends this connection.
      .catch((error: Error) => callback(error, null));
  };
}

async function addressesOf(
  host: string,
  resolve: (host: string) => Promise<string[]>,
): Promise<string[]> {
  return isIP(host) ? [host] : resolve(host);
}

async function resolveAll(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((entry) => entry.address);
}
