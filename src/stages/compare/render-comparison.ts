// Markdown and self-contained HTML views of a Comparison. Every string from a document or a
// source is escaped; the HTML has inline CSS only, no script, and prints on A4.
import { ReadoutError } from '../../domain/index.js';
import type { Comparison } from '../../domain/index.js';
import { anchorId, escapeHtml as h, escapeMarkdown as m } from './html-escape.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** Issues in the order of their total weight across the rows, at most `limit`. */
function issueColumns(rows: Record<string, Record<string, number>>, limit: number): string[] {
  const total = new Map<string, number>();
  for (const r of Object.values(rows)) for (const [i, w] of Object.entries(r)) total.set(i, (total.get(i) ?? 0) + w);
  return [...total].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([i]) => i);
}

function mdMatrix(rows: Record<string, Record<string, number>>): string[] {
  const cols = issueColumns(rows, 10);
  if (cols.length === 0) return ['(no issues found)'];
  const out = [`| source | ${cols.map(m).join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`];
  for (const [src, r] of Object.entries(rows)) out.push(`| ${m(src)} | ${cols.map((c) => (r[c] ? pct(r[c]) : '')).join(' | ')} |`);
  return out;
}

function renderMarkdown(c: Comparison): string {
  const L: string[] = [];
  L.push(`# ${m(c.story.title)}`, '', `Story \`${m(c.story.id)}\`, ${m(c.story.start)} – ${m(c.story.end)}`, '');
  if (c.notes && c.notes.length > 0) {
    L.push('## Findings', '');
    for (const n of c.notes) L.push(`- ${m(n)}`);
    L.push('');
  }
  L.push('## Sources', '', '| source | name | kind | country | documents |', '|---|---|---|---|---:|');
  for (const s of c.sources) L.push(`| ${m(s.key)} | ${m(s.name)} | ${m(s.kind ?? '')} | ${m(s.country ?? '')} | ${s.documentIds.length} |`);
  L.push('', '## What each source stressed', '', ...mdMatrix(c.emphasis), '', '### By kind and country', '', ...mdMatrix(c.emphasisByGroup), '');
  L.push('## Contradictions', '');
  if (c.contradictions.length === 0) L.push('None found.');
  for (const x of c.contradictions) {
    L.push(`### ${m(x.topic)} (${m(x.kind)})`, '');
    for (const s of x.sides) L.push(`- **${m(s.source)}** — ${m(s.value)}: “${m(s.text)}” [${m(s.documentId)}, sentence ${s.sentence + 1}, ${s.start}–${s.end}]`);
    L.push('');
  }
  L.push('', '## Who relays whom', '');
  if (c.relays.length === 0) L.push('No relays found.');
  for (const r of c.relays) L.push(`- ${m(r.from)} → ${m(r.to)}: ${r.count} document${r.count === 1 ? '' : 's'}`);
  if (c.relayShares && c.relayShares.length > 0) {
    L.push('', 'Share of press and wire documents relaying each primary source:', '');
    for (const s of c.relayShares) L.push(`- ${m(s.from)}: ${s.count} of ${s.of} (${pct(s.share)})`);
  }
  L.push('', '## Claims found in one source only', '');
  if (c.unique.length === 0) L.push('None found.');
  for (const u of c.unique) L.push(`- **${m(u.source)}**: “${m(u.text)}” [${m(u.documentId)}, sentence ${u.sentence + 1}, ${u.start}–${u.end}]${u.issues.length ? ` (${u.issues.map(m).join(', ')})` : ''}`);
  L.push('', '## Omissions', '');
  if (c.omissions.length === 0) L.push('None found.');
  for (const o of c.omissions) L.push(`- **${m(o.source)}** leaves out ${m(o.issue)}: ${m(o.reason)}`);
  L.push('', '## Quotes reused across sources', '');
  if (c.reusedQuotes.length === 0) L.push('None found.');
  for (const q of c.reusedQuotes) L.push(`- “${m(q.text)}”${q.speaker ? ` (${m(q.speaker)})` : ''}: ${q.sources.map(m).join(', ')}`);
  L.push('', '## Tone (lexicon score, −1 to 1)', '');
  for (const [s, t] of Object.entries(c.tone)) L.push(`- ${m(s)}: ${t.toFixed(2)}`);
  return `${L.join('\n')}\n`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d0d0;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.bar{display:inline-block;height:.6rem;background:#4a78b5;margin-right:.3rem}
.side{margin:.2rem 0}.cite{color:#555;font-size:.85em}.note{background:#fff6d5;border-left:4px solid #e0b100;padding:.4rem .6rem;margin:.3rem 0}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}table,li,.side{break-inside:avoid}}`;

function htmlMatrix(rows: Record<string, Record<string, number>>): string {
  const cols = issueColumns(rows, 10);
  if (cols.length === 0) return '<p>No issues found.</p>';
  const head = `<tr><th>source</th>${cols.map((c) => `<th>${h(c)}</th>`).join('')}</tr>`;
  const body = Object.entries(rows).map(([src, r]) => `<tr><th>${h(src)}</th>${cols.map((c) => {
    const w = r[c] ?? 0;
    return `<td class="n">${w > 0 ? `<span class="bar" style="width:${Math.round(w * 40)}px"></span>${pct(w)}` : ''}</td>`;
  }).join('')}</tr>`).join('\n');
  return `<table>${head}\n${body}</table>`;
}

function cite(docId: string, sentence: number, start: number, end: number): string {
  return `<span class="cite" id="${anchorId('c', docId, start, end)}">[${h(docId)}, sentence ${sentence + 1}, ${start}–${end}]</span>`;
}

function renderHtml(c: Comparison): string {
  const P: string[] = [];
  P.push(`<h1>${h(c.story.title)}</h1>`, `<p>Story <code>${h(c.story.id)}</code>, ${h(c.story.start)} – ${h(c.story.end)}</p>`);
  if (c.notes && c.notes.length > 0) {
    P.push('<h2>Findings</h2>', ...c.notes.map((n) => `<div class="note">${h(n)}</div>`));
  }
  P.push('<h2>Sources</h2><table><tr><th>source</th><th>name</th><th>kind</th><th>country</th><th>documents</th></tr>');
  for (const s of c.sources) P.push(`<tr><td>${h(s.key)}</td><td>${h(s.name)}</td><td>${h(s.kind ?? '')}</td><td>${h(s.country ?? '')}</td><td class="n">${s.documentIds.length}</td></tr>`);
  P.push('</table>', '<h2>What each source stressed</h2>', htmlMatrix(c.emphasis), '<h3>By kind and country</h3>', htmlMatrix(c.emphasisByGroup));
  P.push('<h2>Contradictions</h2>');
  if (c.contradictions.length === 0) P.push('<p>None found.</p>');
  for (const x of c.contradictions) {
    P.push(`<h3>${h(x.topic)} <small>(${h(x.kind)})</small></h3>`);
    for (const s of x.sides) P.push(`<p class="side"><strong>${h(s.source)}</strong> — ${h(s.value)}: “${h(s.text)}” ${cite(s.documentId, s.sentence, s.start, s.end)}</p>`);
  }
  P.push('<h2>Who relays whom</h2>');
  P.push(c.relays.length === 0 ? '<p>No relays found.</p>'
    : `<table><tr><th>from</th><th>to</th><th>documents</th></tr>${c.relays.map((r) => `<tr><td>${h(r.from)}</td><td>${h(r.to)}</td><td class="n">${r.count}</td></tr>`).join('')}</table>`);
  if (c.relayShares && c.relayShares.length > 0) {
    P.push(`<p>Share of press and wire documents relaying each primary source:</p><ul>${c.relayShares.map((s) => `<li>${h(s.from)}: ${s.count} of ${s.of} (${pct(s.share)})</li>`).join('')}</ul>`);
  }
  P.push('<h2>Claims found in one source only</h2>');
  P.push(c.unique.length === 0 ? '<p>None found.</p>'
    : `<ul>${c.unique.map((u) => `<li><strong>${h(u.source)}</strong>: “${h(u.text)}” ${cite(u.documentId, u.sentence, u.start, u.end)}${u.issues.length ? ` <small>(${u.issues.map(h).join(', ')})</small>` : ''}</li>`).join('\n')}</ul>`);
  P.push('<h2>Omissions</h2>');
  P.push(c.omissions.length === 0 ? '<p>None found.</p>'
    : `<ul>${c.omissions.map((o) => `<li><strong>${h(o.source)}</strong> leaves out ${h(o.issue)}: ${h(o.reason)}</li>`).join('\n')}</ul>`);
  P.push('<h2>Quotes reused across sources</h2>');
  P.push(c.reusedQuotes.length === 0 ? '<p>None found.</p>'
    : `<ul>${c.reusedQuotes.map((q) => `<li>“${h(q.text)}”${q.speaker ? ` (${h(q.speaker)})` : ''}: ${q.sources.map(h).join(', ')}</li>`).join('\n')}</ul>`);
  P.push('<h2>Tone <small>(lexicon score, −1 to 1)</small></h2><ul>');
  for (const [s, t] of Object.entries(c.tone)) P.push(`<li>${h(s)}: ${t.toFixed(2)}</li>`);
  P.push('</ul>');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${h(c.story.title)}</title><style>${CSS}</style></head>\n<body>\n${P.join('\n')}\n</body></html>\n`;
}

export function renderComparison(c: Comparison, format: 'md' | 'html'): string {
  if (format === 'md') return renderMarkdown(c);
  if (format === 'html') return renderHtml(c);
  throw new ReadoutError('E_USAGE', `unknown comparison format "${String(format)}"; use md or html`);
}
