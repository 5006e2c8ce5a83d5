import { useEffect, useRef } from 'react';
import { ActorPage, ActorsPage } from './pages/actors-page.tsx';
import { CommitmentsPage } from './pages/commitments-page.tsx';
import { DocumentPage } from './pages/document-page.tsx';
import { IssueTimelinePage } from './pages/issue-timeline-page.tsx';
import { SearchPage } from './pages/search-page.tsx';
import { StoryListPage } from './pages/story-list-page.tsx';
import { StoryPage } from './pages/story-page.tsx';
import { href, useRoute } from './router.ts';
import type { Route } from './router.ts';

const NAV: { label: string; to: string; pages: Route['page'][] }[] = [
  { label: 'Stories', to: href.stories(), pages: ['stories', 'story'] },
  { label: 'Issues', to: href.issues(), pages: ['issues'] },
  { label: 'Actors', to: href.actors(), pages: ['actors', 'actor'] },
  { label: 'Commitments', to: href.commitments(), pages: ['commitments'] },
  { label: 'Search', to: href.search(), pages: ['search', 'document'] },
];

function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case 'stories': return <StoryListPage />;
    case 'story': return <StoryPage id={route.id} />;
    case 'document': return <DocumentPage id={route.id} start={route.start} end={route.end} />;
    case 'issues': return <IssueTimelinePage issue={route.issue} />;
    case 'actors': return <ActorsPage />;
    case 'actor': return <ActorPage id={route.id} />;
    case 'commitments': return <CommitmentsPage />;
    case 'search': return <SearchPage q={route.q} />;
    case 'not-found': return <><h1>Not found</h1><p>There is no page at this address. <a href={href.stories()}>Go to the stories</a>.</p></>;
  }
}

export function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const key = JSON.stringify(route);
  const shownKey = useRef(key);
  useEffect(() => {
    // Move focus to the new page (not on first load), so keyboard and screen-reader users start
    // there; a document page with a highlight focuses the highlight itself.
    if (shownKey.current === key) return;
    shownKey.current = key;
    if (route.page !== 'document' || route.start === null) main.current?.focus();
  }, [key, route]);
  useEffect(() => {
    const t = window.setTimeout(() => {
      const h1 = main.current?.querySelector('h1')?.textContent;
      document.title = h1 ? `${h1} · readout` : 'readout';
    }, 0);
    return () => window.clearTimeout(t);
  });
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>Skip to content</a>
      <header className="site-header">
        <a className="brand" href={href.stories()}>readout</a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.label}>
                <a href={n.to} aria-current={n.pages.includes(route.page) ? 'page' : undefined}>{n.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <PageFor key={key} route={route} />
      </main>
      <footer className="site-footer">
        <p>Every extracted fact links to its sentence. API: <a href="/api/openapi.json">OpenAPI document</a>.</p>
      </footer>
    </>
  );
}
