// Decides which Source a document belongs to: an explicit --source, the input's own hint (front
// matter), the URL's host in the catalogue, or a new source made from the hint.
import type { Source, SourceHint } from '../domain/index.js';
import { ReadoutError } from '../domain/index.js';

export interface CatalogueEntry extends Source {
  hosts: string[];
}

export interface SourceResolution {
  source: Source | null;
  /** A source the catalogue did not know and that should be stored. */
  created: boolean;
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

export function createSourceResolver(catalogue: CatalogueEntry[]): (input: { explicitId: string | null; hint: SourceHint; url: string | null; siteName: string | null }) => SourceResolution {
  const byId = new Map(catalogue.map((s) => [s.id, s]));
  const byHost = new Map<string, CatalogueEntry>();
  for (const s of catalogue) {
    for (const h of s.hosts) byHost.set(h.toLowerCase().replace(/^www\./, ''), s);
    const home = hostOf(s.homepage ?? null);
    if (home && !byHost.has(home)) byHost.set(home, s);
  }
  const byName = new Map(catalogue.map((s) => [s.name.toLowerCase(), s]));

  const strip = (s: CatalogueEntry): Source => {
    const { hosts: _hosts, ...source } = s;
    return source;
  };

  return ({ explicitId, hint, url, siteName }) => {
    if (explicitId) {
      const s = byId.get(explicitId);
      if (!s) throw new ReadoutError('E_NOT_FOUND', `unknown source "${explicitId}"; see \`readout sources list\` or add it with \`readout sources add\``);
      return { source: strip(s), created: false };
    }
    if (hint.id && byId.has(hint.id)) return { source: strip(byId.get(hint.id)!), created: false };
    const host = hostOf(url);
    if (host) {
      // Try the host and its parent domains: news.example.com → example.com.
      const parts = host.split('.');
      for (let i = 0; i < parts.length - 1; i++) {
        const s = byHost.get(parts.slice(i).join('.'));
        if (s) return { source: strip(s), created: false };
      }
    }
    const name = hint.name ?? siteName;
    if (name && byName.has(name.toLowerCase())) return { source: strip(byName.get(name.toLowerCase())!), created: false };
    const id = hint.id ? slug(hint.id) : name ? slug(name) : host ? slug(host) : '';
    if (!id) return { source: null, created: false };
    const source: Source = {
      id,
      name: name ?? hint.id ?? host ?? id,
      country: hint.country ?? '',
      kind: hint.kind ?? 'other',
      language: 'en',
      feeds: [],
      ...(host ? { homepage: `https://${host}/` } : {}),
    };
    return { source, created: true };
  };
}
