// Human-readable renderings for the terminal. JSON output needs none of this.
import type { AnalyzeOutput, StoryListItem } from '../app/index.js';

export function formatStoriesTable(stories: StoryListItem[]): string {
  if (stories.length === 0) return 'No stories yet. Ingest documents with `readout ingest PATH`.\n';
  const rows = stories.map((s) => {
    const dates = s.start.slice(0, 10) === s.end.slice(0, 10) ? s.start.slice(0, 10) : `${s.start.slice(0, 10)}…${s.end.slice(5, 10)}`;
    const kinds = [...new Set(s.sources.map((x) => x.kind ?? 'other'))].join(',');
    const issues = s.issues.slice(0, 3).map((i) => i.id).join(', ');
    return [s.id, dates, String(s.documentIds.length), String(s.sources.length), s.divergence.toFixed(2), kinds, issues, s.title];
  });
  const header = ['ID', 'DATES', 'DOCS', 'SRCS', 'DIVERG', 'SOURCE KINDS', 'TOP ISSUES', 'TITLE'];
  const widths = header.map((h, i) => Math.min(i === 7 ? 80 : 40, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (r: string[]): string => r.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return `${[fmt(header), ...rows.map(fmt)].join('\n')}\n`;
}

export function formatAnalysisMarkdown(out: AnalyzeOutput): string {
  const { document: d, analysis: a } = out;
  const lines: string[] = [];
  lines.push(`# ${d.title || '(untitled)'}`, '');
  lines.push(`- Source: ${out.source ? `${out.source.name} (${out.source.kind}, ${out.source.country || '?'})` : 'unknown'}`);
  if (d.url) lines.push(`- URL: ${d.url}`);
  if (d.publishedAt) lines.push(`- Published: ${d.publishedAt}`);
  lines.push(`- Language: ${a.lang ?? d.lang ?? 'unknown'}`, '');
  lines.push('## Issues', '');
  for (const i of a.issues) lines.push(`- ${i.label} — ${(i.weight * 100).toFixed(0)}% (${i.mentions.length} mentions)`);
  lines.push('', '## Actors', '');
  for (const x of a.actors) lines.push(`- ${x.name}${x.country ? ` (${x.country}${x.sector ? `, ${x.sector}` : ''})` : ''} — ${x.mentions.length}×`);
  lines.push('', '## Quotes', '');
  for (const q of a.quotes) lines.push(`- **${q.speakerName ?? 'unknown'}** ${q.cue}${q.via ? ` (via ${q.via})` : ''}: ${q.direct ? `“${q.text}”` : q.text}`);
  lines.push('', '## Events', '');
  for (const e of a.events) lines.push(`- ${e.type}${e.mode ? `/${e.mode}` : ''} (CAMEO ${e.cameo}) ${e.actors.join(', ')} → ${e.recipients.join(', ') || '—'}${e.date ? ` on ${e.date}` : ''}: ${e.text}`);
  lines.push('', '## Commitments', '');
  for (const c of a.commitments) lines.push(`- ${c.actor ?? '?'} ${c.action} ${c.amount ?? ''} ${c.unit ?? ''} ${c.object}${c.period ? ` — ${c.period}` : ''}`.replace(/\s+/g, ' '));
  lines.push('', '## Claims', '');
  for (const c of a.claims) lines.push(`- [${c.modality}] ${c.holderName ? `${c.holderName}: ` : ''}${c.text}`);
  if (out.report.length) {
    lines.push('', '## Report', '');
    for (const r of out.report) lines.push(`- ${r.level} ${r.code} (${r.stage}): ${r.message}`);
  }
  return `${lines.join('\n')}\n`;
}
