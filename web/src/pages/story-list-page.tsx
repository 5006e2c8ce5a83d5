import { useApi } from '../api-client.ts';
import type { Page, StoryListItem } from '../api-types.ts';
import { DivergenceBar } from '../components/divergence-bar.tsx';
import { SourceChip } from '../components/source-chip.tsx';
import { StatusView } from '../components/status-view.tsx';
import { href } from '../router.ts';

export function StoryListPage() {
  const stories = useApi<Page<StoryListItem>>('/api/stories?limit=200');
  return (
    <>
      <h1>Stories</h1>
      <p className="lede">Each story groups the reports of one event. Open one to compare its sources side by side.</p>
      <StatusView value={stories}>
        {(page) => page.items.length === 0
          ? <p>No stories yet. Ingest documents with <code>readout ingest</code>.</p>
          : (
            <ol className="story-list">
              {page.items.map((s) => (
                <li key={s.id} className="story-card">
                  <h2><a href={href.story(s.id)}>{s.title}</a></h2>
                  <p className="meta">
                    <time dateTime={s.start}>{s.start.slice(0, 10)}</time>
                    {s.mainEvent.type ? ` · ${s.mainEvent.type}${s.mainEvent.mode ? ` (${s.mainEvent.mode})` : ''}` : ''}
                    {` · ${s.documentIds.length} document${s.documentIds.length === 1 ? '' : 's'}`}
                  </p>
                  <ul className="chips" aria-label="Sources">
                    {s.sources.map((src) => <li key={src.id}><SourceChip name={src.name} kind={src.kind} country={src.country} /></li>)}
                  </ul>
                  <div className="row">
                    <span className="label">Divergence</span>
                    <DivergenceBar value={s.divergence} />
                    <span>{Math.round(s.divergence * 100)}</span>
                  </div>
                  {s.issues.length > 0 && (
                    <p className="issues">
                      <span className="label">Top issues</span>{' '}
                      {s.issues.slice(0, 4).map((i, n) => (
                        <span key={i.id}>{n > 0 ? ', ' : ''}<a href={href.issues(i.id)}>{i.id}</a> {Math.round(i.weight * 100)}%</span>
                      ))}
                    </p>
                  )}
                </li>
              ))}
            </ol>
          )}
      </StatusView>
    </>
  );
}
