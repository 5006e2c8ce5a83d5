import { describe, expect, it } from 'vitest';
import { normaliseUrl, hostOf } from './url-normaliser.js';

describe('normaliseUrl', () => {
  it.each([
    ['HTTPS://News.Example.COM:443/World/Story/?utm_source=x&b=2&a=1&fbclid=abc#comments', 'https://news.example.com/World/Story?a=1&b=2'],
    ['http://example.com:80/', 'http://example.com/'],
    ['http://example.com', 'http://example.com/'],
    ['https://example.com/a//b/', 'https://example.com/a/b'],
    ['https://example.com/story/amp/', 'https://example.com/story'],
    ['https://example.com/story.amp.html', 'https://example.com/story.html'],
    ['https://example.com/amp/story', 'https://example.com/story'],
    ['https://example.com/story?amp=1', 'https://example.com/story'],
    ['https://example.com/story?outputType=amp&id=4', 'https://example.com/story?id=4'],
    ['https://example-com.cdn.ampproject.org/c/s/example.com/story/amp', 'https://example.com/story'],
    ['https://example.com/search?q=a+b&gclid=1&mc_cid=2&utm_medium=social', 'https://example.com/search?q=a+b'],
    ['https://user:pw@example.com/x', 'https://example.com/x'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseUrl(input)).toBe(expected);
  });

  it('resolves relative URLs and refuses other schemes', () => {
    expect(normaliseUrl('../b?utm_campaign=z', 'https://example.com/a/c/d')).toBe('https://example.com/a/b');
    expect(normaliseUrl('javascript:alert(1)')).toBeNull();
    expect(normaliseUrl('mailto:a@b.c')).toBeNull();
    expect(normaliseUrl('not a url')).toBeNull();
  });

  it('keeps parameters that are content, and honours a custom list', () => {
    expect(normaliseUrl('https://example.com/?id=7&page=2')).toBe('https://example.com/?id=7&page=2');
    expect(normaliseUrl('https://example.com/?id=7&session=9', null, { trackingParams: ['session'] })).toBe('https://example.com/?id=7');
  });

  it('gives the host without www', () => {
    expect(hostOf('https://www.Example.com/x')).toBe('example.com');
    expect(hostOf(null)).toBeNull();
  });
});
