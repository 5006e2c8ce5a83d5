import { describe, expect, it } from 'vitest';
import { blockedAddressReason } from './address-guard.js';

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', /loopback/], ['127.255.0.9', /loopback/], ['10.9.8.7', /private/], ['172.16.0.1', /private/], ['172.31.255.255', /private/],
    ['192.168.0.10', /private/], ['169.254.169.254', /link-local/], ['100.64.0.1', /carrier-grade/], ['100.127.255.255', /carrier-grade/],
    ['224.0.0.251', /multicast/], ['0.0.0.0', /unspecified/], ['255.255.255.255', /broadcast/], ['240.0.0.1', /reserved/],
    ['::1', /loopback/], ['::', /unspecified/], ['fc00::1', /unique local/], ['fdab:cdef::1', /unique local/], ['fe80::1%eth0', /link-local/],
    ['ff02::1', /multicast/], ['::ffff:127.0.0.1', /IPv4-mapped loopback/], ['::ffff:7f00:1', /IPv4-mapped loopback/],
    ['::ffff:192.168.1.1', /IPv4-mapped private/], ['64:ff9b::a00:1', /NAT64/], ['[::1]', /loopback/], ['not-an-ip', /not an IP/],
  ])('blocks %s', (ip, why) => {
    expect(blockedAddressReason(ip)).toMatch(why);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001:80b::200e'])('allows %s', (ip) => {
    expect(blockedAddressReason(ip)).toBeNull();
  });
});
