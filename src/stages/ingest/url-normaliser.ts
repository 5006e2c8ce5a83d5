// One spelling per article URL, so that the same page reached through a newsletter link, a
// social share or an AMP cache gets the same document id.

/** Query parameters that only track the reader; matched case-insensitively, `*` = prefix. */
export const DEFAULT_TRACKING_PARAMS: readonly string[] = [
  'utm_*', 'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'mc_cid', 'mc_eid', '_ga', '_gl', 'igshid', 'igsh', 'ref_src', 'ref_url', 'cmpid', 'cmp', 'ncid', 'ocid', 'spm', 'smid', 'smtyp',
  's_cid', 'icid', 'mkt_tok', 'oly_anon_id', 'oly_enc_id', 'rb_clickid', 'soc_src', 'soc_trk', 'sr_share', 'xtor',
  'at_medium', 'at_campaign', 'at_custom*', 'pk_*', 'mtm_*', 'hsa_*', '__twitter_impression', 'share', 'shared', 'via',
  'ito', 'trk', 'trkcampaign', 'ns_mchannel', 'ns_source', 'ns_campaign', 'ns_linkname', 'ns_fee', 'vero_id', 'wt_mc', 'wt.mc_id',
  'amp', 'outputtype', 'output',
];

export interface UrlNormaliseOptions {
  /** Replaces the default list of tracking parameters. */
  trackingParams?: readonly string[];
}

function isTracking(name: string, patterns: readonly string[]): boolean {
  const n = name.toLowerCase();
  return patterns.some((p) => (p.endsWith('*') ? n.startsWith(p.slice(0, -1)) : n === p));
}

/** Parameters named like AMP switches are only dropped when their value says AMP. */
function isAmpParam(name: string, value: string): boolean {
  const n = name.toLowerCase();
  const v = value.toLowerCase();
  if (n === 'amp') return v === '' || v === '1' || v === 'true';
  if (n === 'outputtype' || n === 'output') return v === 'amp';
  return false;
}

/**
 * Normalise an http(s) URL: lower-case scheme and host, no default port, no fragment, no tracking
 * or AMP parameters, sorted query, no AMP path forms, no trailing slash (except the root).
 * Returns null for anything that is not an absolute http(s) URL.
 */
export function normaliseUrl(input: string, base?: string | null, options: UrlNormaliseOptions = {}): string | null {
  let u: URL;
  try {
    u = base ? new URL(input.trim(), base) : new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;

  // Google AMP cache: https://example-com.cdn.ampproject.org/c/s/example.com/path → https://example.com/path
  if (u.hostname.endsWith('.cdn.ampproject.org')) {
    const m = /^\/[a-z]\/(s\/)?([^/]+)(\/.*)?$/.exec(u.pathname);
    if (m) {
      try {
        u = new URL(`${m[1] ? 'https' : 'http'}://${m[2]}${m[3] ?? '/'}${u.search}`);
      } catch {
        return null;
      }
    }
  }
  u.hash = '';
  u.username = '';
  u.password = '';
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.slice(0, -1);

  const patterns = options.trackingParams ?? DEFAULT_TRACKING_PARAMS;
  const kept: [string, string][] = [];
  for (const [k, v] of u.searchParams) {
    const ampName = ['amp', 'outputtype', 'output'].includes(k.toLowerCase());
    if (ampName ? isAmpParam(k, v) : isTracking(k, patterns)) continue;
    kept.push([k, v]);
  }
  kept.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  const search = new URLSearchParams(kept).toString();

  let path = u.pathname;
  path = path.replace(/\.amp\.html?$/i, '.html').replace(/\/amp\/?$/i, '/').replace(/^\/amp\/(?=.)/i, '/');
  path = path.replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '');
  if (path === '') path = '/';
  u.pathname = path;
  u.search = search ? `?${search}` : '';
  return u.href;
}

/** The host of a URL without a leading "www.", or null. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}
