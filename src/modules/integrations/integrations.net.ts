import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// Outbound HTTP for webhooks and SMS providers (docs/security.md "Outbound requests"). A webhook URL is typed by
// an administrator, so the server must not become a way to reach its own network (SSRF): a name that resolves to
// a private, loopback, link-local or unique-local address is refused — at registration, and again at every
// delivery, through the connection's own DNS lookup, so a name re-pointed after registration (DNS rebinding) is
// caught on the address actually connected to.

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** IPv4 written inside IPv6 (::ffff:10.0.0.1, ::ffff:a00:1, NAT64 64:ff9b::10.0.0.1): the IPv4 address, else null. */
function embeddedIpv4(address: string): string | null {
  const a = address.toLowerCase();
  const m = /^(?:::ffff:|64:ff9b::)(?:0:)?(.+)$/.exec(a);
  if (!m) return null;
  const rest = m[1];
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True for an address a webhook must not reach: private, loopback, link-local, unique-local, multicast, reserved. */
export function isPrivateAddress(address: string): boolean {
  const v4 = isIP(address) === 6 ? embeddedIpv4(address) : address;
  if (v4 && isIP(v4) === 4) return blocked.check(v4, 'ipv4');
  if (isIP(address) === 6) return blocked.check(address, 'ipv6');
  return true; // not an address at all: refuse rather than guess
}

export class AddressRefused extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, a private or loopback address`);
    this.name = 'AddressRefused';
  }
}

/** All addresses a host name resolves to (an IP literal is itself). */
export function resolveAll(host: string): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family) return Promise.resolve([{ address: bare, family }]);
  return new Promise((resolve, reject) => dnsLookup(bare, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));
}

/** Resolves the URL's host and throws AddressRefused when any address is private (unless allowed). */
export async function checkDestination(url: string, allowPrivate: boolean, timeoutMs = 5000): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname;
  let timer: NodeJS.Timeout | undefined;
  // A resolver that does not answer must not hold the administrator's request (or a connection) for long.
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no DNS answer for ${host} within ${timeoutMs} ms`)), timeoutMs)));
  try {
    for (const a of await Promise.race([resolveAll(host), timeout])) if (isPrivateAddress(a.address)) throw new AddressRefused(host, a.address);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The connection's DNS lookup: resolves, refuses private addresses, and hands the checked address to the socket,
 * so there is no window between the check and the connect in which the name could change.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname).then(
      (addrs) => {
        const bad = allowPrivate ? undefined : addrs.find((a) => isPrivateAddress(a.address));
        if (bad) return callback(new AddressRefused(hostname, bad.address), '', 4);
        const wanted = options.family === 4 || options.family === 6 ? addrs.filter((a) => a.family === options.family) : addrs;
        if (wanted.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

export interface HttpResponse {
  status: number;
  body: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs `body` and reads at most 64 KB of the answer. Redirects are not followed (a receiver could otherwise
 * bounce the request into the private network). Timeouts and refused addresses reject.
 */
export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs: number; method?: 'POST' | 'GET' },
): Promise<HttpResponse> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = Buffer.from(body, 'utf8');
  // A literal address never goes through the lookup below: check it here.
  const literal = u.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(literal) && isPrivateAddress(literal)) return Promise.reject(new AddressRefused(literal, literal));
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: opts.method ?? 'POST',
        headers: opts.method === 'GET' ? headers : { ...headers, 'Content-Length': String(payload.length) },
        lookup: guardedLookup(opts.allowPrivate),
        timeout: opts.timeoutMs,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // The socket's idle timeout, and a deadline for the whole exchange (a receiver dripping bytes resets the former).
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    const deadline = setTimeout(() => req.destroy(new Error(`no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    if (opts.method !== 'GET') req.write(payload);
    req.end();
  });
}
