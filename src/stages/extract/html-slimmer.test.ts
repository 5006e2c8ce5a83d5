// The source slimmer: what it cuts, what it must keep, and that the DOM built from its output is
// the original DOM minus the cut parts. Pages here are written for these tests.
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { inlineStyleValue, slimHtml, type SlimOptions } from './html-slimmer.js';

const ALL: SlimOptions = { pruneHidden: true, pruneUnlikely: true, dropBlockWhitespace: true };
const page = (body: string, head = ''): string => `<!doctype html><html lang="en"><head><title>T</title>${head}</head><body>${body}</body></html>`;
const bodyText = (html: string): string => parseHTML(html).document.body?.textContent ?? '';

describe('slimHtml: markup nobody reads', () => {
  it('cuts scripts, styles, comments, templates and non-canonical links, and keeps JSON-LD', () => {
    const html = page(
      '<p>One<!-- note --> two</p><script>var x = "</p>";</script><template><p>tpl</p></template><style>p{}</style><p>three</p>',
      '<link rel="stylesheet" href="a.css"><link rel="canonical" href="https://e.example/a"><script type="application/ld+json">{"@type":"NewsArticle"}</script><script src="x.js"></script>',
    );
    const slim = slimHtml(html);
    expect(slim).not.toMatch(/<!--|<style|<template|stylesheet|x\.js|var x/);
    expect(slim).toContain('<link rel="canonical" href="https://e.example/a">');
    expect(slim).toContain('{"@type":"NewsArticle"}');
    expect(bodyText(slim)).toBe('One twothree');
  });

  it('keeps a <noscript> that holds an image (Readability unwraps it) and cuts the others', () => {
    const slim = slimHtml(page('<noscript><p>Enable JavaScript</p></noscript><figure><noscript><img src="a.jpg"></noscript></figure>'));
    expect(slim).not.toContain('Enable JavaScript');
    expect(slim).toContain('<noscript><img src="a.jpg"></noscript>');
  });

  it('empties inline SVG but keeps its tags, also when its end is implied', () => {
    const slim = slimHtml(page('<p><svg class="icon" viewBox="0 0 1 1"><path d="M0 0"/></svg> 9</p><div><span><svg><title>Share</title></span> 14</div><div><svg><g><circle/></div><p>after</p>'));
    expect(slim).toContain('<svg class="icon" viewBox="0 0 1 1"></svg> 9');
    expect(slim).not.toMatch(/<path|<circle|<title>Share/);
    const svgs = Array.from(parseHTML(slim).document.querySelectorAll('svg') as ArrayLike<{ childNodes: ArrayLike<unknown> }>);
    expect(svgs.map((s) => s.childNodes.length)).toEqual([0, 0, 0]);
    expect(bodyText(slim)).toBe(' 9 14after');
  });

  it('drops attributes nobody reads and keeps the read ones, escaping quotes', () => {
    const slim = slimHtml(page(`<div class="c" id="i" data-x="1" onclick="go()" style="color:red" title="t"><a href="/a?x=1&amp;y='2'" target="_blank" rel='author "x"'>a</a><span style="display: none">h</span><abbr title="Abbr">A</abbr><img src="i.jpg" data-src="j.jpg" onload="x()"></div>`));
    expect(slim).toContain('<div class="c" id="i">');
    expect(slim).toContain(`<a href="/a?x=1&amp;y='2'" rel="author &quot;x&quot;">`);
    expect(slim).toContain('<span style="display: none">');
    expect(slim).toContain('<abbr title="Abbr">');
    // Readability scans every attribute of an image (lazy loading, noscript copies).
    expect(slim).toContain('<img src="i.jpg" data-src="j.jpg" onload="x()">');
    const a = parseHTML(slim).document.querySelector('a');
    expect(a?.getAttribute('href')).toBe("/a?x=1&y='2'");
    expect(a?.getAttribute('rel')).toBe('author "x"');
  });

  it('can keep every attribute', () => {
    expect(slimHtml(page('<div data-x="1">a</div>'), { dropUnreadAttributes: false })).toContain('data-x="1"');
  });

  it('never joins a literal "<" to what follows a cut into a new tag', () => {
    const slim = slimHtml(page('<p>x<<script>1</script>b>y</p>'));
    expect(parseHTML(slim).document.querySelector('b')).toBeNull();
    expect(bodyText(slim)).toBe('x<b>y');
  });

  it('returns the source unchanged when there is nothing to cut', () => {
    const html = page('<p>Plain</p>');
    expect(slimHtml(html)).toBe(html);
  });
});

describe('slimHtml: what Readability removes while it walks', () => {
  it('prunes hidden elements as Readability judges them, keeping math fallback images', () => {
    const slim = slimHtml(page('<p>a</p><div style="display:none">b</div><div style="DISPLAY:none">c</div><p hidden>d</p><p aria-hidden="true">e</p><span aria-hidden="true" class="mwe-math-fallback-image-inline">f</span><div style="visibility: hidden">g</div><div role="dialog" aria-modal="true">h</div>'), ALL);
    // linkedom reads the style key as written, so "DISPLAY" is not display and Readability keeps it.
    expect(bodyText(slim)).toBe('acf');
  });

  it('keeps hidden or unlikely subtrees that hold what is read outside the walk', () => {
    const slim = slimHtml(page('<div hidden><meta itemprop="datePublished" content="2025-01-02"></div><div class="sidebar"><h1>Headline</h1></div><aside class="related"><time datetime="2025-01-01">x</time></aside><div class="comments">gone</div>'), ALL);
    expect(slim).toContain('itemprop="datePublished"');
    expect(slim).toContain('<h1>Headline</h1>');
    expect(slim).toContain('datetime="2025-01-01"');
    expect(slim).not.toContain('gone');
  });

  it('prunes unlikely candidates by Readability’s own patterns, with its exceptions', () => {
    const slim = slimHtml(page('<div class="sidebar">s</div><div class="main-sidebar">m</div><nav role="navigation">n</nav><table><tr><td class="comment">t</td></tr></table><a class="social" href="/x">l</a><div class="author-footer">By Ann</div><p>body</p>'), ALL);
    // The sidebar and the navigation go; okMaybeItsACandidate, table cells, links and byline candidates stay.
    expect(bodyText(slim)).toBe('mtlBy Annbody');
  });

  it('does not prune unlikely candidates unless asked', () => {
    expect(bodyText(slimHtml(page('<div class="sidebar">s</div><p>b</p>'), { pruneHidden: true }))).toBe('sb');
  });

  it('cuts whitespace-only text at block boundaries only', () => {
    const slim = slimHtml(page('<div>\n  <p>a</p>\n  <p><b>b</b> <i>c</i></p>\n<pre>  d  </pre>\n</div>'), ALL);
    expect(slim).toContain('<div><p>a</p><p><b>b</b> <i>c</i></p><pre>  d  </pre></div>');
  });

  it('keeps the space beside inline elements that render nothing, like <meta> in the body', () => {
    const slim = slimHtml(page('<p>safe<meta http-equiv="Refresh" content="0"> <b>description</b></p>'), ALL);
    expect(bodyText(slim)).toBe('safe description');
  });

  it('joins the text around a pruned element as if it had never been there', () => {
    const slim = slimHtml(page('<p><span>a</span> <div hidden>x</div> <span>b</span></p>'), ALL);
    expect(bodyText(slim).replace(/\s+/g, ' ')).toBe('a b');
  });
});

describe('inlineStyleValue', () => {
  it('reads a declaration the way linkedom does', () => {
    expect(inlineStyleValue('color: red; display : none ;', 'display')).toBe('none');
    expect(inlineStyleValue('display:block;display:none', 'display')).toBe('none');
    expect(inlineStyleValue('display:none !important', 'display')).toBe('none !important');
    expect(inlineStyleValue('DISPLAY:none', 'display')).toBeNull();
    expect(inlineStyleValue('background:url(a:b)', 'background')).toBe('url(a:b)');
  });
});
