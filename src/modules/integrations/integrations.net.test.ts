import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './integrations.net';

// Which addresses a webhook may not reach (docs/integrations.md "Where a webhook may point").
describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true, 'loopback'],
    ['127.255.0.9', true, 'loopback range'],
    ['10.0.0.1', true, 'RFC 1918'],
    ['172.16.5.4', true, 'RFC 1918'],
    ['172.31.255.255', true, 'RFC 1918 upper edge'],
    ['172.32.0.1', false, 'just outside 172.16/12'],
    ['192.168.1.1', true, 'RFC 1918'],
    ['169.254.169.254', true, 'link-local: cloud metadata'],
    ['100.64.0.1', true, 'carrier-grade NAT'],
    ['0.0.0.0', true, 'this network'],
    ['224.0.0.1', true, 'multicast'],
    ['255.255.255.255', true, 'broadcast'],
    ['8.8.8.8', false, 'public'],
    ['93.184.215.14', false, 'public'],
    ['::1', true, 'IPv6 loopback'],
    ['::', true, 'unspecified'],
    ['fe80::1', true, 'IPv6 link-local'],
    ['fd12:3456::1', true, 'unique-local'],
    ['fc00::1', true, 'unique-local'],
    ['ff02::1', true, 'IPv6 multicast'],
    ['::ffff:127.0.0.1', true, 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', true, 'IPv4-mapped loopback, hex form'],
    ['::ffff:8.8.8.8', false, 'IPv4-mapped public'],
    ['64:ff9b::10.0.0.1', true, 'NAT64 of a private address'],
    ['2001:4860:4860::8888', false, 'public IPv6'],
    ['not-an-address', true, 'not an address: refused rather than guessed'],
  ])('%s → %s (%s)', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
