import { useEffect, useRef } from 'react';
import { useApi } from '../api-client.ts';
import type { DocumentDetail } from '../api-types.ts';
import { StatusView } from '../components/status-view.tsx';
import { SourceChip } from '../components/source-chip.tsx';
import { href } from '../router.ts';

export function DocumentPage({ id, start, end }: { id: string; start: number | null; end: number | null }) {
  const doc = useApi<DocumentDetail>(`/api/documents/${encodeURIComponent(id)}`);
  return <StatusView value={doc}>{(d) => <DocumentView d={d} start={start} end={end} />}</StatusView>;
}

function DocumentView({ d, start, end }: { d: DocumentDetail; start: number | null; end: number | null }) {
  const mark = useRef<HTMLElement>(null);
  const text = d.document.text;
  const valid = start !== null && end !== null && start >= 0 && end > start && end <= text.length;
  useEffect(() => {
    if (valid && mark.current) {
      mark.current.scrollIntoView({ block: 'center' });
      mark.current.focus({ preventScroll: true });
    }
  }, [valid, start, end]);
  const a = d.analysis;
  return (
    <>
      <h1>{d.document.title}</h1>
      <p className="meta">
        {d.source ? <SourceChip name={d.source.name} kind={d.source.kind} country={d.source.country} /> : null}
        {d.document.publishedAt ? <> <time dateTime={d.document.publishedAt}>{d.document.publishedAt.slice(0, 10)}</time></> : null}
        {d.document.url && /^https?:\/\//i.test(d.document.url) ? <> · <a href={d.document.url} rel="noopener noreferrer nofollow" target="_blank">original</a></> : null}
      </p>
      <div className="doc-layout">
        <section aria-labelledby="text-h" className="doc-text-section">
          <h2 id="text-h">Text</h2>
          {start !== null && !valid ? <p role="alert" className="error">The requested span {start}–{end} is outside this document.</p> : null}
          <div className="doc-text" lang={d.document.lang ?? undefined}>
            {valid ? (
              <>
                {text.slice(0, start)}
                <mark ref={mark} tabIndex={-1} id="highlight" data-start={start} data-end={end}>{text.slice(start, end)}</mark>
                {text.slice(end)}
              </>
            ) : text}
          </div>
        </section>
        <aside aria-labelledby="analysis-h" className="doc-analysis">
          <h2 id="analysis-h">Extracted</h2>
          {a === null ? <p>Not analysed.</p> : (
            <>
              <h3>Issues</h3>
              <ul>{a.issues.map((i) => <li key={i.id}><a href={href.issues(i.id)}>{i.label}</a> {Math.round(i.weight * 100)}%</li>)}</ul>
              <h3>Claims</h3>
              <ul className="claims">
                {a.claims.map((c, i) => (
                  <li key={i}>
                    <a href={href.document(d.document.id, c)} aria-current={c.start === start && c.end === end ? 'true' : undefined}>{c.text}</a>
                    <span className="muted"> {c.holderName ?? 'unattributed'}, {c.modality}</span>
                  </li>
                ))}
              </ul>
              {a.quotes.length > 0 && (
                <>
                  <h3>Quotes</h3>
                  <ul>{a.quotes.map((q, i) => <li key={i}><a href={href.document(d.document.id, q)}>{q.speakerName ?? 'unknown'} {q.cue}</a></li>)}</ul>
                </>
              )}
              {a.events.length > 0 && (
                <>
                  <h3>Events</h3>
                  <ul>{a.events.map((e, i) => <li key={i}><a href={href.document(d.document.id, e)}>{e.type}{e.mode ? ` (${e.mode})` : ''}</a>{e.date ? ` ${e.date}` : ''}</li>)}</ul>
                </>
              )}
              {a.actors.length > 0 && (
                <>
                  <h3>Actors</h3>
                  <ul>{a.actors.map((x) => <li key={x.id}><a href={href.actor(x.id)}>{x.name}</a> <span className="muted">{x.mentions.length}×</span></li>)}</ul>
                </>
              )}
            </>
          )}
          {d.report.length > 0 && (
            <>
              <h3>Report</h3>
              <ul>{d.report.map((r, i) => <li key={i}><code>{r.code}</code> {r.message}</li>)}</ul>
            </>
          )}
        </aside>
      </div>
      {d.document.hasHtml && (
        <section aria-labelledby="layout-h">
          <h2 id="layout-h">Original layout</h2>
          <p className="muted">Shown in a sandbox: no scripts, no network.</p>
          <iframe className="doc-frame" sandbox="" src={`/api/documents/${encodeURIComponent(d.document.id)}/html`} title={`Original layout of ${d.document.title}`} />
        </section>
      )}
    </>
  );
}
