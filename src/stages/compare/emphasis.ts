// What each source stressed: issue weights of its documents, averaged, so each row sums to 1.
import type { SourceSide } from '../../domain/index.js';
import type { DocView } from './story-view.js';

export type EmphasisMatrix = Record<string, Record<string, number>>;

/** Issue weights of one document. */
export type DocumentIssues = readonly { id: string; weight: number }[];

function averageIssues(docs: readonly DocumentIssues[]): Record<string, number> {
  const sum = new Map<string, number>();
  let n = 0;
  for (const issues of docs) {
    if (issues.length === 0) continue;
    n++;
    for (const i of issues) sum.set(i.id, (sum.get(i.id) ?? 0) + i.weight);
  }
  const total = [...sum.values()].reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  if (n === 0 || total === 0) return out;
  for (const [id, w] of [...sum].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) out[id] = w / total;
  return out;
}

/** Per source, and per group key ("kind:press", "country:CHN"). */
export function sourceSides(views: DocView[]): { sides: SourceSide[]; members: Map<string, DocView[]> } {
  const members = new Map<string, DocView[]>();
  const sides = new Map<string, SourceSide>();
  const add = (key: string, side: Omit<SourceSide, 'documentIds'>, v: DocView): void => {
    let s = sides.get(key);
    if (!s) sides.set(key, (s = { ...side, documentIds: [] }));
    s.documentIds.push(v.id);
    members.set(key, [...(members.get(key) ?? []), v]);
  };
  for (const v of views) {
    const src = v.source;
    add(src.id, { key: src.id, name: src.name, kind: src.kind, country: src.country }, v);
    if (src.kind) add(`kind:${src.kind}`, { key: `kind:${src.kind}`, name: src.kind, kind: src.kind, country: null }, v);
    if (src.country) add(`country:${src.country}`, { key: `country:${src.country}`, name: src.country, kind: null, country: src.country }, v);
  }
  const order = (k: string): number => (k.startsWith('kind:') ? 1 : k.startsWith('country:') ? 2 : 0);
  return {
    sides: [...sides.values()].sort((a, b) => order(a.key) - order(b.key) || (a.key < b.key ? -1 : 1)),
    members,
  };
}

export function emphasisMatrix(members: Map<string, DocView[]>, keys: string[]): EmphasisMatrix {
  const out: EmphasisMatrix = {};
  for (const k of keys) out[k] = averageIssues((members.get(k) ?? []).map((v) => v.item.analysis.issues));
  return out;
}

/**
 * The per-source rows of a comparison's emphasis matrix without the rest of the comparison: what
 * a story list needs (its divergence), at a fraction of the cost.
 */
export function sourceEmphasis(docs: readonly { sourceId: string; issues: DocumentIssues }[]): EmphasisMatrix {
  const bySource = new Map<string, DocumentIssues[]>();
  for (const d of docs) {
    const list = bySource.get(d.sourceId);
    if (list) list.push(d.issues);
    else bySource.set(d.sourceId, [d.issues]);
  }
  const out: EmphasisMatrix = {};
  for (const id of [...bySource.keys()].sort()) out[id] = averageIssues(bySource.get(id)!);
  return out;
}

/** Issues a source covers: share at or above `minShare`. */
export function covers(emphasis: EmphasisMatrix, source: string, issue: string, minShare: number): boolean {
  return (emphasis[source]?.[issue] ?? 0) >= minShare;
}
