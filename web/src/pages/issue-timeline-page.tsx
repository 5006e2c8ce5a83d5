import { useId } from 'react';
import { useApi } from '../api-client.ts';
import type { Issue, TimelinePoint } from '../api-types.ts';
import { LineChart } from '../components/line-chart.tsx';
import type { Series } from '../components/line-chart.tsx';
import { StatusView } from '../components/status-view.tsx';
import { href } from '../router.ts';

export function IssueTimelinePage({ issue }: { issue: string | null }) {
  const issues = useApi<{ items: Issue[] }>('/api/issues');
  const selectId = useId();
  const chosen = issue ?? (issues.state === 'ready' ? issues.data.items[0]?.id ?? null : null);
  const timeline = useApi<{ items: TimelinePoint[] }>(
    chosen === null ? null : `/api/issues/timeline?issue=${encodeURIComponent(chosen)}&groupBy=kind&interval=day`,
  );
  return (
    <>
      <h1>Issue timeline</h1>
      <p className="lede">Attention to one issue over time, per kind of source.</p>
      <StatusView value={issues}>
        {(list) => (
          <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
            <label htmlFor={selectId}>Issue</label>
            <select id={selectId} value={chosen ?? ''} onChange={(e) => { window.location.hash = href.issues(e.target.value); }}>
              {list.items.map((i) => <option key={i.id} value={i.id}>{i.label}</option>)}
            </select>
          </form>
        )}
      </StatusView>
      {chosen !== null && (
        <section aria-labelledby="chart-h">
          <h2 id="chart-h">Attention to {chosen}</h2>
          <StatusView value={timeline}>
            {(t) => {
              const groups = [...new Set(t.items.map((p) => p.group))].sort();
              const series: Series[] = groups.map((g) => ({
                name: g,
                points: t.items.filter((p) => p.group === g).map((p) => ({ x: p.period, y: p.weight })),
              }));
              return (
                <>
                  <LineChart series={series} title={`Share of attention to ${chosen} per source kind and day`} yLabel="share" />
                  <details>
                    <summary>Data table</summary>
                    <table>
                      <caption>Attention to {chosen}</caption>
                      <thead><tr><th scope="col">Period</th><th scope="col">Group</th><th scope="col">Share</th><th scope="col">Documents</th></tr></thead>
                      <tbody>
                        {t.items.map((p, i) => <tr key={i}><td>{p.period}</td><td>{p.group}</td><td>{p.weight.toFixed(2)}</td><td>{p.documents}</td></tr>)}
                      </tbody>
                    </table>
                  </details>
                </>
              );
            }}
          </StatusView>
        </section>
      )}
    </>
  );
}
