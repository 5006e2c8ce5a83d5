// Hash routing: every page is addressable (#/stories/ID, #/documents/ID?start=10&end=42) and
// works as a plain link, with back/forward and no server routes.
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'stories' }
  | { page: 'story'; id: string }
  | { page: 'document'; id: string; start: number | null; end: number | null }
  | { page: 'issues'; issue: string | null }
  | { page: 'actors' }
  | { page: 'actor'; id: string }
  | { page: 'commitments' }
  | { page: 'search'; q: string }
  | { page: 'not-found'; path: string };

function intOrNull(v: string | null): number | null {
  if (v === null || !/^\d+$/.test(v)) return null;
  return Number(v);
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const parts = pathPart.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
  const [head, id] = parts;
  if (head === undefined || head === 'stories' && id === undefined) return { page: 'stories' };
  if (head === 'stories' && id !== undefined) return { page: 'story', id };
  if (head === 'documents' && id !== undefined) {
    // Also accept #/documents/ID/120-180.
    const spanPart = parts[2];
    const m = spanPart === undefined ? null : /^(\d+)-(\d+)$/.exec(spanPart);
    return {
      page: 'document', id,
      start: m ? Number(m[1]) : intOrNull(params.get('start')),
      end: m ? Number(m[2]) : intOrNull(params.get('end')),
    };
  }
  if (head === 'issues') return { page: 'issues', issue: params.get('issue') };
  if (head === 'actors' && id === undefined) return { page: 'actors' };
  if (head === 'actors' && id !== undefined) return { page: 'actor', id };
  if (head === 'commitments') return { page: 'commitments' };
  if (head === 'search') return { page: 'search', q: params.get('q') ?? '' };
  return { page: 'not-found', path: pathPart };
}

export const href = {
  stories: () => '#/stories',
  story: (id: string) => `#/stories/${encodeURIComponent(id)}`,
  document: (id: string, span?: { start: number; end: number }) =>
    `#/documents/${encodeURIComponent(id)}${span ? `?start=${span.start}&end=${span.end}` : ''}`,
  issues: (issue?: string) => `#/issues${issue ? `?issue=${encodeURIComponent(issue)}` : ''}`,
  actors: () => '#/actors',
  actor: (id: string) => `#/actors/${encodeURIComponent(id)}`,
  commitments: () => '#/commitments',
  search: (q?: string) => `#/search${q ? `?q=${encodeURIComponent(q)}` : ''}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
