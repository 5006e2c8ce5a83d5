import { describe, expect, it } from 'vitest';
import { markdownInlineToText, markdownToText, splitFrontMatter } from './markdown-extractor.js';

describe('splitFrontMatter', () => {
  it('reads flat fields as strings, keeping date offsets as written', () => {
    const r = splitFrontMatter('---\ntitle: "Xi, Trump talk"\npublished: 2025-11-24T21:00:00+08:00\ncount: 3\ndraft: false\ntags: [trade, taiwan]\n---\n\nBody text.\n');
    expect(r.error).toBeNull();
    expect(r.fields).toEqual({ title: 'Xi, Trump talk', published: '2025-11-24T21:00:00+08:00', count: '3', draft: 'false', tags: 'trade, taiwan' });
    expect(r.body).toBe('\nBody text.\n');
  });

  it('lowercases keys and skips maps and empty values', () => {
    const r = splitFrontMatter('---\nTitle: A\nmeta: { a: 1 }\nempty:\n---\nx');
    expect(r.fields).toEqual({ title: 'A' });
  });

  it('survives an alias bomb: aliases are shared, nested lists are not walked', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const r = splitFrontMatter(`---\n${lines.join('\n')}\ntitle: ok\n---\nbody`);
    expect(r.fields.title).toBe('ok');
    expect(r.fields.a).toBe('x, x, x, x, x, x, x, x, x');
    expect(r.fields.l).toBeUndefined();
  });

  it('reports malformed front matter and keeps the body', () => {
    const r = splitFrontMatter('---\ntitle: [unclosed\n---\nbody');
    expect(r.error).toMatch(/./);
    expect(r.fields).toEqual({});
    expect(r.body).toBe('body');
  });

  it('leaves text without front matter alone', () => {
    expect(splitFrontMatter('just text')).toEqual({ fields: {}, body: 'just text', error: null });
  });
});

describe('markdownToText', () => {
  it('leaves prose without inline syntax as written and collapses only loose spacing', () => {
    const prose = 'The two leaders spoke by phone on Monday, Xinhua said. Trade was on the agenda.';
    expect(markdownInlineToText(prose)).toBe(prose);
    expect(markdownToText(prose)).toBe(prose);
    expect(markdownToText('A\tsentence  with\u00a0loose   spacing.')).toBe('A sentence with loose spacing.');
    expect(markdownToText('Line one\nline two')).toBe('Line one line two');
  });

  it('still strips inline syntax when a paragraph has some', () => {
    expect(markdownToText('**Beijing** said _firmly_ that [the talks](https://x.test/a) went well &amp; ended.'))
      .toBe('Beijing said firmly that the talks went well & ended.');
    expect(markdownInlineToText('see `code` and ~~old~~ \\*escaped\\*')).toBe('see code and old *escaped*');
  });
});
