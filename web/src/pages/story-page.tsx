import { useApi } from '../api-client.ts';
import type { Comparison } from '../api-types.ts';
import { EmphasisHeatmap } from '../components/emphasis-heatmap.tsx';
import { NetworkGraph } from '../components/relay-graph.tsx';
import { SourceChip } from '../components/source-chip.tsx';
import { StatusView } from '../components/status-view.tsx';
import { href } from '../router.ts';

export function StoryPage({ id }: { id: string }) {
  const cmp = useApi<Comparison>(`/api/stories/${encodeURIComponent(id)}/comparison`);
  return (
    <StatusView value={cmp}>
      {(c) => <ComparisonView c={c} />}
    </StatusView>
  );
}

function ComparisonView({ c }: { c: Comparison }) {
  const names: Record<string, string> = Object.fromEntries(c.sources.map((s) => [s.key, s.name]));
  const kinds: Record<string, string | null> = Object.fromEntries(c.sources.map((s) => [s.key, s.kind]));
  const name = (key: string) => names[key] ?? key;
  const relayNodes = [...new Set(c.relays.flatMap((r) => [r.from, r.to]))].map((k) => ({ id: k, label: name(k), kind: kinds[k] ?? null }));
  return (
    <>
      <h1>{c.story.title}</h1>
      <p className="meta">
        <time dateTime={c.story.start}>{c.story.start.slice(0, 10)}</time>
        {c.story.end !== c.story.start ? <> to <time dateTime={c.story.end}>{c.story.end.slice(0, 10)}</time></> : null}
        {' · '}<a href={`/api/stories/${encodeURIComponent(c.story.id)}/brief?format=md`}>Brief (Markdown)</a>
      </p>

      <section aria-labelledby="sources-h">
        <h2 id="sources-h">Sources</h2>
        <ul className="chips">
          {/* Group sides (kind:…, country:…) are shown in the grouped heatmap, not as sources. */}
          {c.sources.filter((s) => !s.key.includes(':')).map((s) => <li key={s.key}><SourceChip name={s.name} kind={s.kind} country={s.country} /> <span className="muted">{s.documentIds.length} doc.</span></li>)}
        </ul>
      </section>

      <section aria-labelledby="emphasis-h">
        <h2 id="emphasis-h">Emphasis</h2>
        <EmphasisHeatmap emphasis={c.emphasis} names={names} caption="Share of each source's attention per issue" />
        {Object.keys(c.emphasisByGroup).length > 0 && (
          <EmphasisHeatmap emphasis={c.emphasisByGroup} names={{}} caption="The same, grouped by source kind and country" />
        )}
      </section>

      <section aria-labelledby="unique-h">
        <h2 id="unique-h">Claims only one source makes</h2>
        {c.unique.length === 0 ? <p>None.</p> : (
          <ul className="claims">
            {c.unique.map((u, i) => (
              <li key={`${u.documentId}-${u.start}-${i}`}>
                <span className="who">{name(u.source)}</span>{' '}
                <a className="claim-link" href={href.document(u.documentId, u)}>{u.text}</a>
                {u.issues.length > 0 && <span className="muted"> ({u.issues.join(', ')})</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="omissions-h">
        <h2 id="omissions-h">Omissions</h2>
        {c.omissions.length === 0 ? <p>None.</p> : (
          <ul>
            {c.omissions.map((o, i) => (
              <li key={`${o.source}-${o.issue}-${i}`}>
                <strong>{name(o.source)}</strong> says nothing about <a href={href.issues(o.issue)}>{o.issue}</a>, which{' '}
                {o.coveredBy.map(name).join(', ')} cover{o.coveredBy.length === 1 ? 's' : ''}. <span className="muted">{o.reason}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="contradictions-h">
        <h2 id="contradictions-h">Contradictions</h2>
        {c.contradictions.length === 0 ? <p>None found.</p> : c.contradictions.map((k, i) => (
          <article key={`${k.kind}-${i}`} className="contradiction">
            <h3>{k.topic} <span className="muted">({k.kind})</span></h3>
            <ul>
              {k.sides.map((s, j) => (
                <li key={`${s.documentId}-${j}`}>
                  <span className="who">{name(s.source)}</span>: <strong>{s.value}</strong> —{' '}
                  <a className="claim-link" href={href.document(s.documentId, s)}>{s.text}</a>
                </li>
              ))}
            </ul>
          </article>
        ))}
      </section>

      <section aria-labelledby="relays-h">
        <h2 id="relays-h">Who relays whom</h2>
        {c.relays.length === 0 ? <p>No relays found.</p> : (
          <>
            <NetworkGraph
              title="Relay graph: an arrow from a source to the source that relays it"
              nodes={relayNodes}
              edges={c.relays.map((r) => ({ from: r.from, to: r.to, weight: r.count, label: `${name(r.to)} relays ${name(r.from)} ${r.count} time(s)` }))}
            />
            <ul>
              {c.relays.map((r, i) => <li key={i}>{name(r.to)} relays {name(r.from)}: {r.count}</li>)}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="quotes-h">
        <h2 id="quotes-h">Quotes used by several sources</h2>
        {c.reusedQuotes.length === 0 ? <p>None.</p> : (
          <ul>
            {c.reusedQuotes.map((q, i) => (
              <li key={i}><q>{q.text}</q>{q.speaker ? <> — <a href={href.actor(q.speaker)}>{q.speaker}</a></> : null} <span className="muted">in {q.sources.map(name).join(', ')}</span></li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
