import { useApi } from '../api-client.ts';
import type { ActorListItem, ActorProfile, Page } from '../api-types.ts';
import { NetworkGraph } from '../components/relay-graph.tsx';
import { StatusView } from '../components/status-view.tsx';
import { href } from '../router.ts';

export function ActorsPage() {
  const actors = useApi<Page<ActorListItem>>('/api/actors?limit=200');
  return (
    <>
      <h1>Actors</h1>
      <StatusView value={actors}>
        {(page) => (
          <table>
            <caption>Actors by number of documents</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Country</th><th scope="col">Documents</th></tr></thead>
            <tbody>
              {page.items.map((a) => (
                <tr key={a.id}>
                  <td><a href={href.actor(a.id)}>{a.name}</a></td>
                  <td>{a.type}</td>
                  <td>{a.country ?? '–'}</td>
                  <td>{a.documents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </StatusView>
    </>
  );
}

export function ActorPage({ id }: { id: string }) {
  const actor = useApi<ActorProfile>(`/api/actors/${encodeURIComponent(id)}`);
  return (
    <StatusView value={actor}>
      {(a) => (
        <>
          <h1>{a.name}</h1>
          <p className="meta">{a.type}{a.country ? ` · ${a.country}` : ''}{a.sector ? ` · ${a.sector}` : ''} · {a.documents} documents</p>
          <section aria-labelledby="relations-h">
            <h2 id="relations-h">Relations</h2>
            {a.relations.length === 0 ? <p>None found.</p> : (
              <>
                <NetworkGraph
                  title={`Actors related to ${a.name}; thicker lines mean more shared documents and events`}
                  centre={a.id}
                  directed={false}
                  nodes={[{ id: a.id, label: a.name, kind: 'government' }, ...a.relations.map((r) => ({ id: r.actor, label: r.name, kind: 'other', href: href.actor(r.actor) }))]}
                  edges={a.relations.map((r) => ({ from: a.id, to: r.actor, weight: r.weight, label: `${a.name} and ${r.name}: ${r.weight}` }))}
                />
                <ul>
                  {a.relations.map((r) => (
                    <li key={r.actor}>
                      <a href={href.actor(r.actor)}>{r.name}</a> {r.weight}
                      {Object.keys(r.events).length > 0 && <span className="muted"> ({Object.entries(r.events).map(([k, v]) => `${k} ${v}`).join(', ')})</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section aria-labelledby="quotes-h">
            <h2 id="quotes-h">Quotes</h2>
            {a.quotes.length === 0 ? <p>None found.</p> : (
              <ul className="claims">
                {a.quotes.map((q, i) => <li key={i}><a href={href.document(q.documentId, q)}>{q.text}</a></li>)}
              </ul>
            )}
          </section>
        </>
      )}
    </StatusView>
  );
}
