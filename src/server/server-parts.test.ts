import { describe, expect, it } from 'vitest';
import { injectNonce } from './dashboard-assets.js';
import { escapeHtml, renderDocumentFrame } from './document-frame.js';
import { errorResponseFor, statusForCode } from './http-errors.js';
import { isLoopbackHost, secretsEqual } from './write-guard.js';
import { ReadoutError } from '../domain/index.js';

describe('injectNonce', () => {
  it('adds the nonce to scripts and module preloads only', () => {
    const html = '<script type="module" src="/a.js"></script><link rel="modulepreload" href="/b.js"><link rel="stylesheet" href="/c.css"><script nonce="x"></script>';
    const out = injectNonce(html, 'N1');
    expect(out).toContain('<script nonce="N1" type="module"');
    expect(out).toContain('<link nonce="N1" rel="modulepreload"');
    expect(out).toContain('<link rel="stylesheet"');
    expect(out).toContain('<script nonce="x">');
  });
});

describe('renderDocumentFrame', () => {
  it('escapes plain text and the title', () => {
    const page = renderDocumentFrame({ title: '<b>t</b>', text: 'a <script>x</script>\n\nb', lang: 'en', html: null });
    expect(page).not.toContain('<script>');
    expect(page).toContain('<title>&lt;b&gt;t&lt;/b&gt;</title>');
    expect(page).toContain('<p>b</p>');
  });

  it('refuses a hostile lang attribute', () => {
    expect(renderDocumentFrame({ title: 't', text: 'x', lang: '"><script>', html: null })).toContain('lang="und"');
  });

  it('escapes all five HTML metacharacters', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

describe('errors', () => {
  it('maps stable codes to statuses', () => {
    expect(statusForCode('E_NOT_FOUND')).toBe(404);
    expect(statusForCode('E_USAGE')).toBe(400);
    expect(statusForCode('E_UNAUTHORIZED')).toBe(401);
    expect(statusForCode('E_TOO_LARGE')).toBe(413);
  });

  it('hides the message of an unexpected error', () => {
    const { status, body } = errorResponseFor(new Error('SELECT * FROM secret_table failed at /home/x'));
    expect(status).toBe(500);
    expect(body.error.code).toBe('E_INTERNAL');
    expect(body.error.message).not.toContain('secret_table');
    expect(errorResponseFor(new ReadoutError('E_NOT_FOUND', 'story s does not exist')).body.error.message).toBe('story s does not exist');
  });
});

describe('write guard helpers', () => {
  it('knows loopback names', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.3.2.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.2', 'example.com', '127.0.0.1.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('compares secrets of different lengths', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });
});
