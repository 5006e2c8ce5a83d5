// A briefing on one story, in Markdown or self-contained printable HTML. Extractive: the only
// sentences shown are sentences of documents, each cited as [source, title, sentence n] with a
// link to a reference entry holding the document id and offsets.
import { ReadoutError } from '../../domain/index.js';
import type { Comparison, Story } from '../../domain/index.js';
import { anchorId, escapeHtml as h, escapeMarkdown as m, safeHref } from '../compare/html-escape.js';
import type { StoryItem } from '../stories/index.js';
import { briefContent, type BriefContent, type Excerpt } from './brief-content.js';

export interface BriefInput {
  story: Story;
  comparison: Comparison;
  items: StoryItem[];
  /** Earlier stories of the same actors, with their items. */
  context: { story: Story; items: StoryItem[] }[];
  format: 'md' | 'html';
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function refId(e: Excerpt): string {
  return anchorId('ref', e.documentId, e.start, e.end);
}

/** Collects cited excerpts in order of first citation, for the reference list. */
class References {
  readonly list: Excerpt[] = [];
  private readonly ids = new Set<string>();
  cite(e: Excerpt): string {
    const id = refId(e);
    if (!this.ids.has(id)) {
      this.ids.add(id);
      this.list.push(e);
    }
    return id;
  }
}

function markdown(c: BriefContent): string {
  const refs = new References();
  const L: string[] = [];
  const quote = (e: Excerpt): string => `> ${m(e.text)} [${m(e.source)}, “${m(e.title)}”, sentence ${e.sentence + 1}](#${refs.cite(e)})`;
  const block = (list: Excerpt[]): void => {
    for (const e of list) L.push(quote(e), '');
  };
  L.push(`# Brief: ${m(c.title)}`, '', `${m(c.start)} – ${m(c.end)} · ${c.documentCount} documents from ${c.sourceCount} sources`, '');
  L.push('## What happened', '');
  block(c.happened);
  L.push('## Each side’s version', '');
  for (const s of c.sides) {
    L.push(`### ${m(s.country)}${s.sources.length ? ` (${s.sources.map(m).join(', ')})` : ' (no government or state-media source in this story)'}`, '');
    if (s.stressed.length) L.push(`Stressed: ${s.stressed.map((x) => `${m(x.issue)} ${pct(x.share)}`).join(' · ')}`, '');
    block(s.excerpts);
  }
  if (c.disputes.length) {
    L.push('## Where the versions conflict', '');
    for (const d of c.disputes) {
      L.push(`### ${m(d.topic)}`, '');
      block(d.excerpts);
    }
  }
  L.push('## Context', '');
  if (c.context.length === 0) L.push('No earlier story of these actors.', '');
  for (const x of c.context) {
    L.push(`### ${m(x.title)} (${m(x.start.slice(0, 10))})`, '');
    if (x.excerpt) block([x.excerpt]);
  }
  L.push('## Third parties', '');
  if (c.thirdParties.length === 0) L.push('None mentioned.', '');
  for (const t of c.thirdParties) {
    L.push(`### ${m(t.name)}`, '');
    block(t.excerpts);
  }
  L.push('## Open issues and commitments', '');
  if (c.open.length === 0) L.push('None found.', '');
  block(c.open);
  L.push('## Sources cited', '');
  for (const e of refs.list) {
    const href = safeHref(e.url);
    L.push(`- <a id="${refId(e)}"></a>${m(e.source)}, “${m(e.title)}”, sentence ${e.sentence + 1}: document \`${m(e.documentId)}\`, characters ${e.start}–${e.end}${href ? ` — <${href}>` : ''}`);
  }
  return `${L.join('\n')}\n`;
}

const CSS = `body{font:15px/1.5 Georgia,"Times New Roman",serif;color:#1a1a1a;max-width:46rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font:600 1.1rem system-ui,sans-serif;border-bottom:1px solid #bbb;margin-top:1.8rem}
h3{font:600 1rem system-ui,sans-serif;margin:1rem 0 .3rem}.meta,.stressed{font:13px system-ui,sans-serif;color:#555}
blockquote{margin:.4rem 0 .6rem;padding:.1rem .8rem;border-left:3px solid #4a78b5}a.cite{font:12px system-ui,sans-serif;color:#2a5599;text-decoration:none;white-space:nowrap}
ol.refs{font:12px system-ui,sans-serif;color:#333}ol.refs code{font-size:11px}
@media print{body{margin:0;max-width:none;font-size:11pt}a.cite{color:#000}h2,h3{break-after:avoid}blockquote{break-inside:avoid}}`;

function html(c: BriefContent): string {
  const refs = new References();
  const P: string[] = [];
  const quote = (e: Excerpt): string => `<blockquote id="${h(anchorId('q', e.documentId, e.start, e.end))}">${h(e.text)} <a class="cite" href="#${h(refs.cite(e))}">[${h(e.source)}, “${h(e.title)}”, sentence ${e.sentence + 1}]</a></blockquote>`;
  const block = (list: Excerpt[]): void => {
    for (const e of list) P.push(quote(e));
  };
  P.push(`<h1>${h(c.title)}</h1>`, `<p class="meta">${h(c.start)} – ${h(c.end)} · ${c.documentCount} documents from ${c.sourceCount} sources</p>`);
  P.push('<h2>What happened</h2>');
  block(c.happened);
  P.push('<h2>Each side’s version</h2>');
  for (const s of c.sides) {
    P.push(`<h3>${h(s.country)}${s.sources.length ? ` <small>(${s.sources.map(h).join(', ')})</small>` : ' <small>(no government or state-media source in this story)</small>'}</h3>`);
    if (s.stressed.length) P.push(`<p class="stressed">Stressed: ${s.stressed.map((x) => `${h(x.issue)} ${pct(x.share)}`).join(' · ')}</p>`);
    block(s.excerpts);
  }
  if (c.disputes.length) {
    P.push('<h2>Where the versions conflict</h2>');
    for (const d of c.disputes) {
      P.push(`<h3>${h(d.topic)}</h3>`);
      block(d.excerpts);
    }
  }
  P.push('<h2>Context</h2>');
  if (c.context.length === 0) P.push('<p class="meta">No earlier story of these actors.</p>');
  for (const x of c.context) {
    P.push(`<h3>${h(x.title)} <small>(${h(x.start.slice(0, 10))})</small></h3>`);
    if (x.excerpt) block([x.excerpt]);
  }
  P.push('<h2>Third parties</h2>');
  if (c.thirdParties.length === 0) P.push('<p class="meta">None mentioned.</p>');
  for (const t of c.thirdParties) {
    P.push(`<h3>${h(t.name)}</h3>`);
    block(t.excerpts);
  }
  P.push('<h2>Open issues and commitments</h2>');
  if (c.open.length === 0) P.push('<p class="meta">None found.</p>');
  block(c.open);
  P.push('<h2>Sources cited</h2><ol class="refs">');
  for (const e of refs.list) {
    const href = safeHref(e.url);
    P.push(`<li id="${h(refId(e))}">${h(e.source)}, “${h(e.title)}”, sentence ${e.sentence + 1}: document <code>${h(e.documentId)}</code>, characters ${e.start}–${e.end}${href ? ` — <a href="${href}" rel="noopener noreferrer">${href}</a>` : ''}</li>`);
  }
  P.push('</ol>');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${h(`Brief: ${c.title}`)}</title><style>${CSS}</style></head>\n<body>\n${P.join('\n')}\n</body></html>\n`;
}

export function renderBrief(input: BriefInput): string {
  const content = briefContent(input.story, input.comparison, input.items, input.context);
  if (input.format === 'md') return markdown(content);
  if (input.format === 'html') return html(content);
  throw new ReadoutError('E_USAGE', `unknown brief format "${String(input.format)}"; use md or html`);
}
