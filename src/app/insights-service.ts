// Cross-document views for the dashboard: issue attention over time, actors and their relations,
// the commitments ledger. Computed from stored analyses and cached until the corpus changes.
import type { Store } from '../domain/index.js';
import type { Knowledge } from '../knowledge/index.js';
import type { StoryItem } from '../stages/stories/index.js';
import type { ActorProfile, CommitmentEntry, IssueTimelinePoint } from './app-types.js';

interface Deps {
  getStore: () => Promise<Store>;
  getKnowledge: () => Knowledge;
  allItems: () => Promise<StoryItem[]>;
}

export function createInsightsService(deps: Deps) {
  // The cache is keyed by the document count, so an ingest invalidates it without a callback.
  let cache: { count: number; items: StoryItem[] } | null = null;
  const items = async (): Promise<StoryItem[]> => {
    const count = await (await deps.getStore()).countDocuments();
    if (!cache || cache.count !== count) cache = { count, items: await deps.allItems() };
    return cache.items;
  };

  async function issueTimeline(q: { issue?: string; groupBy?: 'kind' | 'source'; interval?: 'day' | 'month' } = {}): Promise<IssueTimelinePoint[]> {
    const groupBy = q.groupBy ?? 'kind';
    const len = (q.interval ?? 'day') === 'day' ? 10 : 7;
    const acc = new Map<string, IssueTimelinePoint>();
    for (const it of await items()) {
      const date = it.document.publishedAt ?? it.document.fetchedAt;
      if (!date) continue;
      const period = date.slice(0, len);
      const group = groupBy === 'kind' ? it.source?.kind ?? 'other' : it.source?.id ?? it.document.sourceId ?? 'unknown';
      for (const issue of it.analysis.issues) {
        if (q.issue && issue.id !== q.issue) continue;
        const key = `${period}|${group}|${issue.id}`;
        const p = acc.get(key) ?? { period, group, issue: issue.id, weight: 0, documents: 0 };
        p.weight = Math.round((p.weight + issue.weight) * 1000) / 1000;
        p.documents++;
        acc.set(key, p);
      }
    }
    return [...acc.values()].sort((a, b) => a.period.localeCompare(b.period) || a.group.localeCompare(b.group) || a.issue.localeCompare(b.issue));
  }

  async function listActors(q: { limit?: number } = {}) {
    const counts = new Map<string, { id: string; name: string; type: string; country: string | null; documents: number }>();
    for (const it of await items()) {
      for (const a of it.analysis.actors) {
        const c = counts.get(a.id) ?? { id: a.id, name: a.name, type: a.type, country: a.country, documents: 0 };
        c.documents++;
        counts.set(a.id, c);
      }
    }
    return [...counts.values()].sort((a, b) => b.documents - a.documents || a.name.localeCompare(b.name)).slice(0, q.limit ?? 200);
  }

  async function actorProfile(id: string): Promise<ActorProfile | null> {
    let profile: ActorProfile | null = null;
    const relations = new Map<string, ActorProfile['relations'][number]>();
    for (const it of await items()) {
      const self = it.analysis.actors.find((a) => a.id === id);
      if (!self) continue;
      profile ??= { id, name: self.name, type: self.type, country: self.country, sector: self.sector, documents: 0, relations: [], quotes: [] };
      profile.documents++;
      for (const other of it.analysis.actors) {
        if (other.id === id || other.type === 'unresolved') continue;
        const r = relations.get(other.id) ?? { actor: other.id, name: other.name, weight: 0, events: {} };
        r.weight++;
        relations.set(other.id, r);
      }
      for (const e of it.analysis.events) {
        const involved = e.actors.includes(id) || e.recipients.includes(id);
        if (!involved) continue;
        for (const other of [...e.actors, ...e.recipients]) {
          if (other === id) continue;
          const r = relations.get(other);
          if (r) r.events[e.type] = (r.events[e.type] ?? 0) + 1;
        }
      }
      for (const q of it.analysis.quotes) {
        if (q.speaker === id && profile.quotes.length < 50) profile.quotes.push({ documentId: it.document.id, text: q.text, start: q.start, end: q.end });
      }
    }
    if (!profile) return null;
    profile.relations = [...relations.values()].sort((a, b) => b.weight - a.weight).slice(0, 40);
    return profile;
  }

  async function commitments(q: { actor?: string; issue?: string } = {}): Promise<CommitmentEntry[]> {
    const out: CommitmentEntry[] = [];
    for (const it of await items()) {
      for (const c of it.analysis.commitments) {
        if (q.actor && c.actor !== q.actor) continue;
        if (q.issue) {
          const sentence = it.analysis.claims.find((cl) => cl.start <= c.start && cl.end >= c.end);
          if (!sentence?.issues.includes(q.issue)) continue;
        }
        const { sentence: _sentence, ...commitment } = c;
        out.push({
          documentId: it.document.id,
          documentTitle: it.document.title,
          sourceId: it.document.sourceId,
          publishedAt: it.document.publishedAt,
          ...commitment,
        });
      }
    }
    return out.sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
  }

  return { issueTimeline, listActors, actorProfile, commitments };
}
