import { describe, expect, it } from 'vitest';

import { guardedConnector } from '../src/upstream/guarded-connector.ts';
import { isPublicAddress } from '../src/upstream/public-address.ts';

describe('isPublicAddress', () => {
  it.each([
    '8.8.8.8', '1.1.1.1', '93.184.216.34', '100.128.0.1', '172.32.0.1', '2606:4700::1111',
    '2a00:1450:4001::200e', '2001:4860:4860::8888', '2003::1',
  ])('accepts public unicast %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    '127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '169.254.169.254', '100.64.0.1', '100.127.255.254', '0.0.0.0', '224.0.0.1',
    '255.255.255.255', '::1', '::', 'fd00::1', 'fc00::1', 'fe80::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe', 'not-an-ip',
    // IPv4-compatible and mapped written out in full.
    '::127.0.0.1', '::a9fe:a9fe', '0:0:0:0:0:ffff:7f00:1', '0:0:0:0:0:ffff:808:808',
    // Mapped with a public IPv4 inside, dotted or hex: the whole range is refused.
    '::ffff:8.8.8.8', '::ffff:808:808',
    // 6to4 (2002::/16) with a private, a metadata and even a public embedded IPv4: relayed.
    '2002:7f00:1::1', '2002:a9fe:a9fe::', '2002:808:808::1',
    // Teredo (2001::/32): the client address inside is obfuscated and relay-dependent.
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001::1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe('guardedConnector', () => {
  const connectTo = (hostname: string, resolve: (host: string) => Promise<string[]>) =>
    new Promise<Error | null>((done) => {
      const connect = guardedConnector({ timeoutMs: 500, resolve });
      connect({ hostname, host: hostname, protocol: 'http:', port: '9' }, (error, socket) => {
        socket?.destroy();
        done(error);
      });
    });

  it('refuses a name when any of its addresses is private (checked after resolution)',
    async () => {
      const error = await connectTo('agent.example', async () => ['8.8.8.8', '10.0.0.7']);
      expect(error?.message).toMatch(/agent.example \(10.0.0.7\) is not a public address/);
    });

  it('refuses a bracketed IPv6 loopback literal without resolving it', async () => {
    let asked = false;
    const error = await connectTo('[::1]', async () => {
      asked = true;
      return [];
    });
    expect(asked).toBe(false);
    expect(error?.message).toMatch(/::1 is not a public address/);
  });

  it('passes resolver failures through as the reason', async () => {
    const error = await connectTo('nowhere.example', async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), {
        code: 'ENOTFOUND',
      });
    });
    expect(error?.message).toMatch(/ENOTFOUND/);
  });
});
