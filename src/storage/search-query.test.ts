import { describe, expect, it } from 'vitest';
import { likePattern, makeSnippet, parseSearchQuery } from './search-query.js';
import { ftsMatchExpression } from './sqlite/full-text.js';
import { parseDatabaseUrl } from './open-store.js';

describe('parseSearchQuery', () => {
  it('keeps words and drops operators, quotes and brackets', () => {
    expect(parseSearchQuery('"a OR (b')).toEqual({ terms: ['a', 'OR', 'b'], hasCjk: false });
    expect(parseSearchQuery("' ; drop table documents; --").terms).toEqual(['drop', 'table', 'documents']);
    expect(parseSearchQuery('*^"():-').terms).toEqual([]);
  });

  it('flags Chinese, Japanese and Korean terms', () => {
    expect(parseSearchQuery('台湾 回归')).toEqual({ terms: ['台湾', '回归'], hasCjk: true });
    expect(parseSearchQuery('経済協力').hasCjk).toBe(true);
    expect(parseSearchQuery('한국').hasCjk).toBe(true);
    expect(parseSearchQuery('Ünïcödé café').hasCjk).toBe(false);
  });

  it('caps the number of terms and de-duplicates them', () => {
    expect(parseSearchQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).terms).toHaveLength(16);
    expect(parseSearchQuery('tariff tariff').terms).toEqual(['tariff']);
  });
});

describe('query builders', () => {
  it('quotes every FTS5 term as a string literal', () => {
    expect(ftsMatchExpression(['a', 'OR', 'b"c'])).toBe('"a" "OR" "b""c"');
  });

  it('escapes LIKE wildcards', () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('marks the first term in a snippet', () => {
    expect(makeSnippet('The leaders discussed soybeans and chips.', ['chips', 'soybeans'], 10)).toBe('…discussed «soybeans» and chips…');
    expect(makeSnippet('short text', ['absent'])).toBe('short text');
  });
});

describe('parseDatabaseUrl', () => {
  it('picks the dialect from the URL', () => {
    expect(parseDatabaseUrl('./readout.db')).toEqual({ kind: 'sqlite', file: './readout.db' });
    expect(parseDatabaseUrl('sqlite:data/x.db')).toEqual({ kind: 'sqlite', file: 'data/x.db' });
    expect(parseDatabaseUrl(':memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(parseDatabaseUrl('postgresql://u@h/db').kind).toBe('postgres');
    expect(() => parseDatabaseUrl('mysql://h/db')).toThrow(/not supported/);
    expect(() => parseDatabaseUrl(' ')).toThrow(/empty/);
  });
});
