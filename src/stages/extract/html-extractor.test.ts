// The fast HTML path (slimmed source, first-pass pruning, linkedom shortcuts in Readability) must
// read a page as stock Readability reads the whole DOM. Pages here are written for these tests;
// when the shared readability test pages are present, a sample of them is compared as well.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { extractHtml, type HtmlExtractOptions } from './html-extractor.js';
import { LinkedomReadability } from './linkedom-readability.js';

const OPTIONS: HtmlExtractOptions = { baseUrl: 'https://paper.example/world/talks', now: new Date('2026-01-01T00:00:00Z') };

const SENTENCES = [
  'Delegations from both capitals met again on Monday to discuss shipping schedules and port inspections.',
  'The ministers agreed to publish a joint timetable before the end of the month, officials said.',
  'Observers noted that the tone of the talks had changed since the spring, when both sides walked out.',
  'A second round is planned for December, and a working group will meet in the meantime.',
];
const paragraphs = (n: number): string => Array.from({ length: n }, (_, i) => `<p>${SENTENCES[i % SENTENCES.length]} (${i + 1})</p>`).join('\n');

const NEWS_PAGE = `<!doctype html>
<html lang="en-GB" dir="ltr"><head>
<title>Grain talks resume | The Paper</title>
<meta property="og:site_name" content="The Paper"><meta name="viewport" content="width=device-width">
<link rel="canonical" href="https://paper.example/world/talks"><link rel="stylesheet" href="/s.css">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Grain talks resume","datePublished":"2025-11-03T09:00:00Z","author":{"name":"Ann Writer"}}</script>
<script>window.dataLayer = [];</script><style>.x{color:red}</style>
</head><body>
<header class="site-header"><nav class="menu" role="navigation"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<svg class="logo" aria-hidden="true"><path d="M0 0h10v10z"/></svg></header>
<div class="promo" style="display:none"><p>Subscribe now for one euro.</p></div>
<main><article class="story-body">
<h1>Grain talks resume</h1>
<div class="byline">By Ann Writer</div>
<!-- story starts -->
${paragraphs(8)}
<figure><noscript><img src="/p.jpg" alt="Port"></noscript><figcaption>The port at dawn.</figcaption></figure>
<p>Share: <a href="https://social.example/share" data-track="1" onclick="track()"><svg><use href="#i"/></svg> 14</a></p>
</article>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<section id="comments" class="comments"><div class="comment"><p>First!</p></div></section>
</main>
<footer class="site-footer"><p>© The Paper</p></footer>
<template><p>Hidden template</p></template>
</body></html>`;

// Too short for Readability's first pass, which drops the "comment" container: it retries with it.
const SHORT_PAGE = `<!doctype html><html><head><title>Notice</title></head><body>
<div class="menu"><a href="/">Home</a></div>
<div class="comment-body"><p>The consulate is closed on Friday for the national holiday.</p><p>Urgent cases: call the duty officer.</p></div>
</body></html>`;

const NO_ARTICLE_PAGE = '<html><body><nav><a href="/">Home</a></nav><div>Hello</div></body></html>';

function compareWithReference(source: string): void {
  const fast = extractHtml(source, OPTIONS);
  const reference = extractHtml(source, { ...OPTIONS, reference: true });
  expect({ ...fast, html: undefined }).toEqual({ ...reference, html: undefined });
}

describe('extractHtml: the fast path reads pages as stock Readability does', () => {
  it('on a news page with chrome, hidden promos, scripts, icons and comments', () => {
    compareWithReference(NEWS_PAGE);
    const page = extractHtml(NEWS_PAGE, OPTIONS);
    expect(page.title).toContain('Grain talks resume');
    expect(page.byline).toContain('Ann Writer');
    expect(page.publishedAt).toBe('2025-11-03T09:00:00Z');
    expect(page.canonicalUrl).toBe('https://paper.example/world/talks');
    expect(page.text).toContain('A second round is planned for December');
    expect(page.text).not.toMatch(/Subscribe now|Most read|First!|Hidden template|dataLayer/);
    expect(page.html).not.toMatch(/<script|<style|<svg|onclick|data-track/i);
  });

  it('on a page too short for the first pass (Readability retries with unlikely candidates kept)', () => {
    compareWithReference(SHORT_PAGE);
    expect(extractHtml(SHORT_PAGE, OPTIONS).text).toContain('The consulate is closed on Friday');
  });

  it('on a page without an article', () => {
    compareWithReference(NO_ARTICLE_PAGE);
  });

  const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/readability-test-pages');
  it.skipIf(!existsSync(corpus))('on a sample of the shared readability test pages', () => {
    const pages = readdirSync(corpus).filter((p) => existsSync(join(corpus, p, 'source.html'))).sort().filter((_, i) => i % 4 === 0);
    expect(pages.length).toBeGreaterThan(10);
    for (const name of pages) {
      const source = readFileSync(join(corpus, name, 'source.html'), 'utf8');
      const fast = extractHtml(source, OPTIONS);
      const reference = extractHtml(source, { ...OPTIONS, reference: true });
      const words = (t: string): string => t.split(/\s+/).filter(Boolean).join(' ');
      // Comments cut before parsing no longer split a paragraph in two, so compare words, not lines.
      expect({ name, ...fast, text: words(fast.text), html: undefined }).toEqual({ name, ...reference, text: words(reference.text), html: undefined });
    }
  });
});

describe('extractHtml: hostile markup', () => {
  const suite = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/feedparser-tests/wellformed/sanitize');
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  it.skipIf(!existsSync(suite))("reads feedparser's sanitize payloads as the reference path does and stores inert HTML", () => {
    let checked = 0;
    for (const file of readdirSync(suite).sort()) {
      const xml = readFileSync(join(suite, file), 'utf8').replace(/^[\s\S]*?-->/, '');
      const m = /<(content|description|summary|body)\b[^>]*>([\s\S]*?)<\/\1>/i.exec(xml);
      if (!m?.[2]) continue;
      const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(m[2]);
      const payload = cdata ? cdata[1]! : unescape(m[2]);
      const source = `<html><head><title>t</title></head><body><article><p>${SENTENCES.join(' ')}</p>${payload}</article></body></html>`;
      const fast = extractHtml(source, OPTIONS);
      const reference = extractHtml(source, { ...OPTIONS, reference: true });
      expect([file, fast.text.replace(/\s+/g, ' ')]).toEqual([file, reference.text.replace(/\s+/g, ' ')]);
      expect([file, fast.html]).not.toEqual([file, expect.stringMatching(/<script|<style|<iframe|<object|<embed|<form|<img|<svg|<meta|<link|<base|\son[a-z]+\s*=|javascript:|vbscript:|data:/i)]);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });
});

describe('LinkedomReadability: its shortcuts answer as Readability does', () => {
  const { document } = parseHTML(`<html><body>
    <div id="a" style="display: none">x</div><div id="b" style="DISPLAY:none">x</div><div id="c" style="visibility:hidden;display:block">x</div>
    <p id="d" hidden>x</p><p id="e" aria-hidden="true">x</p><p id="f" aria-hidden="true" class="mwe-math-fallback-image-inline">x</p>
    <p id="g" aria-hidden="false">x</p><div id="h"><span><br></span></div><div id="i"> <br> <hr> </div><div id="j"><b> </b></div><div id="k"><i>t</i></div>
    <svg id="l" style="display:none"></svg></body></html>`);
  const stock = new Readability(document as never) as unknown as Record<string, (...a: unknown[]) => unknown>;
  const fast = new LinkedomReadability(document as never) as unknown as Record<string, (...a: unknown[]) => unknown>;
  const body = document.body as unknown as { appendChild(n: unknown): void };
  // Readability itself creates elements with upper-case names (_setNodeTag(node, "P")).
  const upper = document.createElement('P');
  upper.textContent = 'created';
  body.appendChild(upper);
  const elements = Array.from(document.querySelectorAll('*') as ArrayLike<{ id: string }>);

  it('_isProbablyVisible', () => {
    // (Readability's answer is truthy or falsy, not always a boolean.)
    for (const el of elements) expect([el.id, !!fast['_isProbablyVisible']!(el)]).toEqual([el.id, !!stock['_isProbablyVisible']!(el)]);
  });

  it('_isElementWithoutContent', () => {
    for (const el of elements) expect([el.id, !!fast['_isElementWithoutContent']!(el)]).toEqual([el.id, !!stock['_isElementWithoutContent']!(el)]);
  });

  it('_getAllNodesWithTag, in document order and in either case', () => {
    for (const tags of [['p'], ['div', 'p'], ['br', 'hr', 'span'], ['svg'], ['table']]) {
      for (const root of [document, document.body]) {
        expect(fast['_getAllNodesWithTag']!(root, tags)).toEqual(Array.from(stock['_getAllNodesWithTag']!(root, tags) as ArrayLike<unknown>));
      }
    }
  });
});
