import { kindColour } from './palette.ts';

export interface GraphNode {
  id: string;
  label: string;
  kind?: string | null;
  href?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  weight: number;
  label?: string;
}

/**
 * A small directed graph on a circle (or a star around `centre`), drawn as SVG: no layout engine,
 * which is plenty for the handful of sources or relations a story or actor has.
 */
export function NetworkGraph({ nodes, edges, title, centre, directed = true }: {
  nodes: GraphNode[];
  edges: GraphEdge[];
  title: string;
  centre?: string;
  directed?: boolean;
}) {
  const size = 460;
  const mid = size / 2;
  const radius = size / 2 - 90;
  const ring = nodes.filter((n) => n.id !== centre);
  const pos = new Map<string, { x: number; y: number }>();
  if (centre !== undefined) pos.set(centre, { x: mid, y: mid });
  ring.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, ring.length) - Math.PI / 2;
    pos.set(n.id, { x: mid + radius * Math.cos(a), y: mid + radius * Math.sin(a) });
  });
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const markerId = `arrow-${title.replace(/[^a-z0-9]/gi, '').slice(0, 20)}`;
  return (
    <svg className="graph" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={title}>
      <title>{title}</title>
      <defs>
        <marker id={markerId} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#555555" />
        </marker>
      </defs>
      {edges.map((e, i) => {
        const a = pos.get(e.from);
        const b = pos.get(e.to);
        if (!a || !b) return null;
        // Stop the line at the target's circle so the arrow head stays visible.
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const r = 22;
        const x2 = b.x - (dx / len) * r;
        const y2 = b.y - (dy / len) * r;
        const width = 1 + (4 * e.weight) / maxW;
        return (
          <g key={`${e.from}-${e.to}-${i}`}>
            <line x1={a.x + (dx / len) * r} y1={a.y + (dy / len) * r} x2={x2} y2={y2} stroke="#555555" strokeWidth={width}
              {...(directed ? { markerEnd: `url(#${markerId})` } : {})}>
              <title>{e.label ?? `${e.from} → ${e.to}: ${e.weight}`}</title>
            </line>
            <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 4} className="edge-label">{e.weight}</text>
          </g>
        );
      })}
      {nodes.map((n) => {
        const p = pos.get(n.id);
        if (!p) return null;
        const c = kindColour(n.kind);
        const body = (
          <>
            <circle cx={p.x} cy={p.y} r={20} fill={c.bg} stroke={c.stroke} strokeWidth={n.id === centre ? 4 : 2} />
            <text x={p.x} y={p.y + 36} textAnchor="middle" className="node-label">{n.label}</text>
          </>
        );
        return n.href
          ? <a key={n.id} href={n.href} aria-label={n.label}>{body}</a>
          : <g key={n.id}>{body}</g>;
      })}
    </svg>
  );
}
