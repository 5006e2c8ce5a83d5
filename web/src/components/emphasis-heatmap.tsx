import { heat } from './palette.ts';

/** Sources × issues: each cell is the share of that source's attention given to the issue. */
export function EmphasisHeatmap({ emphasis, names, caption }: {
  emphasis: Record<string, Record<string, number>>;
  names: Record<string, string>;
  caption: string;
}) {
  const sources = Object.keys(emphasis);
  const issueTotals = new Map<string, number>();
  for (const row of Object.values(emphasis)) for (const [issue, w] of Object.entries(row)) issueTotals.set(issue, (issueTotals.get(issue) ?? 0) + w);
  const issues = [...issueTotals.entries()].sort((a, b) => b[1] - a[1]).map(([i]) => i);
  if (sources.length === 0 || issues.length === 0) return <p>No issue emphasis was found for these sources.</p>;
  return (
    <div className="table-scroll">
      <table className="heatmap">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            {issues.map((i) => <th scope="col" key={i}>{i}</th>)}
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s}>
              <th scope="row">{names[s] ?? s}</th>
              {issues.map((i) => {
                const share = emphasis[s]?.[i] ?? 0;
                const c = heat(share);
                return (
                  <td key={i} style={{ backgroundColor: c.bg, color: c.fg }}>
                    {share > 0 ? `${Math.round(share * 100)}%` : '–'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
