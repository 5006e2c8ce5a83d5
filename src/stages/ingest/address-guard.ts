// Which IP addresses a fetch may connect to. Checked on the resolved address at connect time
// (DNS rebinding cannot slip past) and on every redirect hop.
import { isIP } from 'node:net';

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

const V4_BLOCKS: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation (TEST-NET-1)'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation (TEST-NET-2)'],
  ['203.0.113.0', 24, 'documentation (TEST-NET-3)'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V4_RANGES = V4_BLOCKS.map(([base, bits, why]) => {
  const size = 2 ** (32 - bits);
  const start = ipv4ToInt(base)!;
  return { start, end: start + size - 1, why };
});

function blockedV4(ip: string): string | null {
  const n = ipv4ToInt(ip);
  if (n === null) return 'malformed IPv4 address';
  for (const r of V4_RANGES) if (n >= r.start && n <= r.end) return r.why;
  return null;
}

/** Expand an IPv6 address into 8 16-bit groups (handles "::" and a trailing dotted IPv4). */
function ipv6Groups(ip: string): number[] | null {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // A trailing dotted IPv4 ("::ffff:1.2.3.4") stands for the last two groups.
  let tail: [number, number] | null = null;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const n = ipv4ToInt(maybeV4);
    if (n === null) return null;
    tail = [Math.floor(n / 65536), n % 65536];
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] => (part ? part.split(':').filter((x) => x !== '').map((h) => parseInt(h, 16)) : []);
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const known = head.length + rest.length;
  if (halves.length === 1 && known !== 8) return null;
  const zeros = halves.length === 2 ? 8 - known : 0;
  if (zeros < 0) return null;
  const groups = [...head, ...Array<number>(zeros).fill(0), ...rest];
  if (tail && groups.length === 8) { groups[6] = tail[0]; groups[7] = tail[1]; }
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return null;
  return groups;
}

function blockedV6(ip: string): string | null {
  const g = ipv6Groups(ip);
  if (!g) return 'malformed IPv6 address';
  const [a, b, c, d, e, f, g6, h] = g as [number, number, number, number, number, number, number, number];
  if (g.every((x) => x === 0)) return 'unspecified (::)';
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0 && g6 === 0 && h === 1) return 'loopback (::1)';
  const embedded = `${g6 >> 8}.${g6 & 0xff}.${h >> 8}.${h & 0xff}`;
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, IPv4-compatible ::a.b.c.d
  if (a === 0 && b === 0 && c === 0 && d === 0 && ((e === 0 && f === 0xffff) || (e === 0xffff && f === 0))) {
    const why = blockedV4(embedded);
    return why ? `IPv4-mapped ${why}` : null;
  }
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) {
    const why = blockedV4(embedded);
    return why ? `NAT64-embedded ${why}` : null;
  }
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0) return 'IPv4-compatible (deprecated)';
  if ((a & 0xfe00) === 0xfc00) return 'unique local (fc00::/7)';
  if ((a & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)';
  if ((a & 0xffc0) === 0xfec0) return 'site-local (deprecated)';
  if ((a & 0xff00) === 0xff00) return 'multicast (ff00::/8)';
  if (a === 0x2001 && b === 0x0db8) return 'documentation (2001:db8::/32)';
  if (a === 0x0100 && b === 0 && c === 0 && d === 0) return 'discard-only (100::/64)';
  if (a === 0x2002) {
    const why = blockedV4(`${b >> 8}.${b & 0xff}.${c >> 8}.${c & 0xff}`);
    return why ? `6to4-embedded ${why}` : null;
  }
  return null;
}

/** Why an address must not be fetched from, or null when it is a public unicast address. */
export function blockedAddressReason(ip: string): string | null {
  const family = isIP(ip.replace(/^\[|\]$/g, '').split('%')[0] ?? '');
  if (family === 4) return blockedV4(ip);
  if (family === 6) return blockedV6(ip.replace(/^\[|\]$/g, ''));
  return 'not an IP address';
}
