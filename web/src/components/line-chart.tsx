import { seriesColour } from './palette.ts';

export interface Series {
  name: string;
  points: { x: string; y: number }[];
}

/** Lines over a shared categorical x axis (periods), with area under each, axes and a legend. */
export function LineChart({ series, title, yLabel }: { series: Series[]; title: string; yLabel: string }) {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort();
  if (xs.length === 0) return <p>No data for this selection.</p>;
  const w = 720;
  const h = 300;
  const pad = { l: 48, r: 44, t: 16, b: 48 };
  const maxY = Math.max(0.0001, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const x = (v: string) => pad.l + (xs.length === 1 ? (w - pad.l - pad.r) / 2 : (xs.indexOf(v) * (w - pad.l - pad.r)) / (xs.length - 1));
  const y = (v: number) => h - pad.b - (v / maxY) * (h - pad.t - pad.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * maxY);
  const step = Math.max(1, Math.ceil(xs.length / 8));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title}>
        <title>{title}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="#dddddd" />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" className="axis">{t.toFixed(2)}</text>
          </g>
        ))}
        {xs.map((v, i) => i % step === 0 && (
          <text key={v} x={x(v)} y={h - pad.b + 18} textAnchor="middle" className="axis">{v}</text>
        ))}
        <text x={12} y={pad.t + 4} className="axis" transform={`rotate(-90 12 ${h / 2})`}>{yLabel}</text>
        {series.map((s, i) => {
          const pts = xs.map((v) => ({ v, y: s.points.find((p) => p.x === v)?.y ?? 0 }));
          const line = pts.map((p) => `${x(p.v)},${y(p.y)}`).join(' ');
          const area = `${x(xs[0] ?? '')},${y(0)} ${line} ${x(xs[xs.length - 1] ?? '')},${y(0)}`;
          const colour = seriesColour(i);
          return (
            <g key={s.name}>
              <polygon points={area} fill={colour} fillOpacity={0.08} />
              <polyline points={line} fill="none" stroke={colour} strokeWidth={2}>
                <title>{s.name}</title>
              </polyline>
              {pts.map((p) => <circle key={p.v} cx={x(p.v)} cy={y(p.y)} r={3} fill={colour}><title>{`${s.name}, ${p.v}: ${p.y.toFixed(2)}`}</title></circle>)}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {series.map((s, i) => (
            <li key={s.name}><span className="swatch" style={{ backgroundColor: seriesColour(i) }} aria-hidden="true" />{s.name}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
