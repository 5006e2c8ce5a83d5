import { useId, useState } from 'react';
import { useApi } from '../api-client.ts';
import type { DocumentSummary, Page } from '../api-types.ts';
import { StatusView } from '../components/status-view.tsx';
import { href } from '../router.ts';

export function SearchPage({ q }: { q: string }) {
  const [draft, setDraft] = useState(q);
  const inputId = useId();
  const results = useApi<Page<DocumentSummary>>(q === '' ? '/api/documents?limit=50' : `/api/documents?limit=50&q=${encodeURIComponent(q)}`);
  return (
    <>
      <h1>Search</h1>
      <form role="search" className="inline-form" onSubmit={(e) => { e.preventDefault(); window.location.hash = href.search(draft.trim()); }}>
        <label htmlFor={inputId}>Words to find</label>
        <input id={inputId} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <section aria-labelledby="results-h">
        <h2 id="results-h">{q === '' ? 'Latest documents' : `Results for “${q}”`}</h2>
        <StatusView value={results}>
          {(page) => page.items.length === 0 ? <p>Nothing found.</p> : (
            <ul className="results">
              {page.items.map((d) => (
                <li key={d.id}>
                  <a href={href.document(d.id)}>{d.title || d.id}</a>
                  <span className="muted"> {d.sourceId ?? ''} {d.publishedAt?.slice(0, 10) ?? ''}</span>
                  {d.snippet ? <p className="snippet">{d.snippet}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </StatusView>
      </section>
    </>
  );
}
